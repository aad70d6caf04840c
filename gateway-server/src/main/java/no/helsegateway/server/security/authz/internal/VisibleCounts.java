package no.helsegateway.server.security.authz.internal;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.util.UrlUtil;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Exact counts that show only what the caller may see. HAPI's consent framework refuses {@code
 * _summary=count} and {@code _total=accurate} and drops {@code Bundle.total} for callers whose
 * results it filters. For a plain type search by such a caller, this takes the two parameters off
 * before the search runs and afterwards sets {@code Bundle.total} to the number of matches the
 * caller may see (the same search run internally, every match checked as on the way out); for
 * {@code _summary=count} the page's entries go. Above {@value #LIMIT} matches no total is given.
 * Other searches (compartment, system-wide) keep HAPI's answer.
 */
@Interceptor
public final class VisibleCounts {

  static final int LIMIT = 10_000;
  private static final String MODE = VisibleCounts.class.getName() + ".mode";
  private static final Set<String> NOT_CRITERIA =
      Set.of(
          "_summary",
          "_total",
          "_count",
          "_offset",
          "_sort",
          "_include",
          "_revinclude",
          "_include:iterate",
          "_revinclude:iterate",
          "_include:recurse",
          "_revinclude:recurse",
          "_elements",
          "_elements:exclude",
          "_format",
          "_pretty",
          "_getpagesoffset",
          "_getpages",
          "_bundletype");

  private final AccessPolicy policy;
  private final Visibility visibility;
  private final DaoRegistry daos;
  private final MatchUrlService matchUrls;

  public VisibleCounts(
      AccessPolicy policy, Visibility visibility, DaoRegistry daos, MatchUrlService matchUrls) {
    this.policy = policy;
    this.visibility = visibility;
    this.daos = daos;
    this.matchUrls = matchUrls;
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
  public boolean postProcessed(RequestDetails request) {
    Map<String, String[]> params = request.getParameters();
    if (params == null
        || ScopeInterceptor.AUDIT_TYPE.equals(request.getResourceName())
        || (!params.containsKey("_summary") && !params.containsKey("_total"))
        || policy.of(request).isEmpty()) {
      return true;
    }
    boolean count = contains(params.get("_summary"), "count");
    boolean accurate = contains(params.get("_total"), "accurate");
    if (!count && !accurate) {
      return true;
    }
    Map<String, String[]> rest = new LinkedHashMap<>(params);
    if (count) {
      rest.remove("_summary");
    }
    if (accurate) {
      rest.remove("_total");
    }
    request.setParameters(rest);
    boolean typeSearch =
        request.getRequestType() == RequestTypeEnum.GET
            && request.getResourceName() != null
            && !ScopeInterceptor.AUDIT_TYPE.equals(request.getResourceName())
            && daos.isResourceTypeSupported(request.getResourceName())
            && request.getId() == null
            && request.getOperation() == null
            && request.getCompartmentName() == null;
    request.getUserData().put(MODE, typeSearch ? (count ? "count" : "accurate") : "none");
    return true;
  }

  @Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = 500)
  public void outgoing(RequestDetails request, ResponseDetails response) {
    Object mode = request.getUserData().get(MODE);
    if (mode == null || !(response.getResponseResource() instanceof Bundle bundle)) {
      return;
    }
    PatientAccess access = policy.of(request).orElse(null);
    if (access == null) {
      return;
    }
    if ("count".equals(mode) || "accurate".equals(mode)) {
      Integer total = visibleTotal(request, access);
      bundle.setTotalElement(null);
      if (total != null) {
        bundle.setTotal(total);
      }
    }
    if ("count".equals(mode)) {
      bundle.getEntry().clear();
      bundle.getLink().removeIf(l -> !"self".equals(l.getRelation()));
    }
  }

  private Integer visibleTotal(RequestDetails request, PatientAccess access) {
    String type = request.getResourceName();
    if (!access.scopes().mayShow(type)) {
      return 0;
    }
    StringBuilder url = new StringBuilder(type).append('?');
    for (Map.Entry<String, String[]> e : request.getParameters().entrySet()) {
      if (NOT_CRITERIA.contains(e.getKey())) {
        continue;
      }
      for (String v : e.getValue()) {
        url.append(UrlUtil.escapeUrlParam(e.getKey()))
            .append('=')
            .append(UrlUtil.escapeUrlParam(v))
            .append('&');
      }
    }
    SearchParameterMap map =
        matchUrls.translateMatchUrl(
            url.toString(), daos.getResourceDao(type).getContext().getResourceDefinition(type));
    map.setLoadSynchronous(true);
    map.setLoadSynchronousUpTo(LIMIT + 1);
    IBundleProvider result = daos.getResourceDao(type).search(map, new SystemRequestDetails());
    // page by page: getResources works for synchronous and paged results alike (getAllResources
    // does not), and a paged result gives at most a page per call
    List<IBaseResource> all = new java.util.ArrayList<>();
    while (all.size() <= LIMIT) {
      List<IBaseResource> page = result.getResources(all.size(), all.size() + 200);
      if (page.isEmpty()) {
        break;
      }
      all.addAll(page);
    }
    if (all.size() > LIMIT) {
      return null;
    }
    int visible = 0;
    for (IBaseResource r : all) {
      if (visibility.maySee(access, r)) {
        visible++;
      }
    }
    return visible;
  }

  private static boolean contains(String[] values, String wanted) {
    if (values == null) {
      return false;
    }
    for (String v : values) {
      for (String part : v.split(",")) {
        if (part.trim().equals(wanted)) {
          return true;
        }
      }
    }
    return false;
  }
}
