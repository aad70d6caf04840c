package no.helsegateway.server.security.authz.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.util.UrlUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import no.helsegateway.server.fhir.OperationOutcomes;
import no.helsegateway.server.security.authz.AccessDecision;
import no.helsegateway.server.security.authz.internal.ScopeRequirements.Need;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Checks every FHIR request against the token before it runs: the SMART scopes for the interaction
 * and every type it touches ({@link ScopeRequirements}), transaction and batch entries one by one,
 * search forms that could reveal other patients' data, and break-the-glass without a reason. A
 * refusal is 403 with one fixed text (it depends on the request only, never on stored data, so it
 * is no oracle). Runs at order {@value #ORDER}, before audit (1000 and up).
 */
@Interceptor
public final class ScopeInterceptor {

  public static final int ORDER = 100;

  static final String DENIED_TEXT = "The access token does not permit this request";

  /** The access log (audit) decides itself who reads AuditEvents and {@code $access-log}. */
  static final String AUDIT_TYPE = "AuditEvent";

  static final String ACCESS_LOG = "$access-log";

  private final AccessPolicy policy;
  private final ScopeRequirements requirements;
  private final BreakTheGlassFollowUp followUp;
  private final HiddenTargets hiddenTargets;

  private final no.helsegateway.server.security.authz.RefusalAudit refusalAudit;

  public ScopeInterceptor(
      FhirContext fhirContext,
      AccessPolicy policy,
      BreakTheGlassFollowUp followUp,
      HiddenTargets hiddenTargets,
      no.helsegateway.server.security.authz.RefusalAudit refusalAudit) {
    this.refusalAudit = refusalAudit;
    this.policy = policy;
    this.requirements = new ScopeRequirements(fhirContext);
    this.followUp = followUp;
    this.hiddenTargets = hiddenTargets;
  }

  /**
   * A delete by id of a resource the caller may not see gets what a delete of a missing id gets:
   * 200 with HAPI's "not deleted, does not exist" outcome, and nothing is deleted. Only when the
   * token may delete the type at all (else the scope refusal follows, the same for any id).
   */
  @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = ORDER)
  public boolean hiddenDelete(
      RequestDetails request,
      jakarta.servlet.http.HttpServletRequest servletRequest,
      jakarta.servlet.http.HttpServletResponse servletResponse)
      throws java.io.IOException {
    if (request.getRequestType() != ca.uhn.fhir.rest.api.RequestTypeEnum.DELETE
        || request.getResourceName() == null) {
      return true;
    }
    if (request.getId() == null || !request.getId().hasIdPart()) {
      return conditionalDelete(request, servletRequest, servletResponse);
    }
    PatientAccess access = policy.of(request).orElse(null);
    if (access == null
        || !access
            .scopes()
            .allows(
                no.helsegateway.server.security.authz.SmartScopes.Permission.DELETE,
                request.getResourceName())) {
      return true;
    }
    IBaseResource hidden = hiddenTargets.hidden(request, access);
    if (hidden == null) {
      return true;
    }
    // recorded as denied before anything is answered (fails closed like any access-log write)
    return answerNothingDeleted(
        request,
        access,
        servletResponse,
        org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity.INFORMATION,
        org.hl7.fhir.r4.model.OperationOutcome.IssueType.INFORMATIONAL,
        "Not deleted, resource "
            + request.getResourceName()
            + "/"
            + request.getId().getIdPart()
            + " does not exist.");
  }

  /**
   * A conditional patch ({@code PATCH Type?query}) decides over what the caller may see: when the
   * condition matches resources the caller may not see, the answer is the one the request would get
   * if those did not exist, never a refusal that tells that something hidden matched. One visible
   * match: the condition is narrowed to it ({@code _id=}) and patched. None: HAPI's 404 for a
   * condition that matches nothing (recorded as denied). Several: HAPI's 412 for a condition that
   * matches several, with their number. The answers are thrown at {@code PRE_HANDLED}, once the
   * access-log record of the request exists.
   */
  @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = ORDER)
  public boolean hiddenPatchMatches(
      RequestDetails request, jakarta.servlet.http.HttpServletRequest servletRequest) {
    if (request.getRequestType() != ca.uhn.fhir.rest.api.RequestTypeEnum.PATCH
        || request.getResourceName() == null
        || (request.getId() != null && request.getId().hasIdPart())) {
      return true;
    }
    String conditional = request.getConditionalUrl(RestOperationTypeEnum.PATCH);
    String type = request.getResourceName();
    PatientAccess access = policy.of(request).orElse(null);
    if (conditional == null
        || conditional.indexOf('?') < 0
        || access == null
        || !access
            .scopes()
            .allows(no.helsegateway.server.security.authz.SmartScopes.Permission.UPDATE, type)
        || !access
            .scopes()
            .allows(no.helsegateway.server.security.authz.SmartScopes.Permission.SEARCH, type)) {
      return true; // the scope check refuses it, the same for any condition
    }
    HiddenTargets.Matches matches = hiddenTargets.matches(conditional, access);
    if (!matches.anyHidden()) {
      return true;
    }
    List<String> visible = matches.visibleIds();
    if (visible.size() == 1) {
      String complete = request.getCompleteUrl();
      int q = complete.indexOf('?');
      request.setCompleteUrl(
          (q < 0 ? complete : complete.substring(0, q)) + "?_id=" + visible.get(0));
      return true;
    }
    var localizer = request.getFhirContext().getLocalizer();
    request
        .getUserData()
        .put(
            HIDDEN_PATCH_ANSWER,
            visible.isEmpty()
                ? new ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException(
                    ca.uhn.fhir.i18n.Msg.code(973)
                        + localizer.getMessageSanitized(
                            ca.uhn.fhir.jpa.dao.BaseStorageDao.class,
                            "invalidMatchUrlNoMatches",
                            conditional))
                : new ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException(
                    ca.uhn.fhir.i18n.Msg.code(972)
                        + localizer.getMessageSanitized(
                            ca.uhn.fhir.jpa.dao.BaseStorageDao.class,
                            "transactionOperationWithMultipleMatchFailure",
                            "PATCH",
                            type,
                            conditional,
                            visible.size())));
    return true;
  }

  /** Request user data: the answer a conditional patch gets in place of its hidden matches. */
  static final String HIDDEN_PATCH_ANSWER = ScopeInterceptor.class.getName() + ".hiddenPatch";

  /**
   * A conditional delete ({@code DELETE Type?query}) decides over what the caller may see: when the
   * condition matches resources it may not see, and none it may, it gets what a condition that
   * matches nothing gets (200, HAPI's "Unable to find resource matching URL" outcome, nothing
   * deleted; recorded as denied); when it also matches visible ones, the condition is narrowed to
   * those ({@code _id=}).
   */
  private boolean conditionalDelete(
      RequestDetails request,
      jakarta.servlet.http.HttpServletRequest servletRequest,
      jakarta.servlet.http.HttpServletResponse servletResponse)
      throws java.io.IOException {
    String query = servletRequest.getQueryString();
    String type = request.getResourceName();
    PatientAccess access = policy.of(request).orElse(null);
    if (query == null
        || query.isBlank()
        || access == null
        || !access
            .scopes()
            .allows(no.helsegateway.server.security.authz.SmartScopes.Permission.DELETE, type)
        || !access
            .scopes()
            .allows(no.helsegateway.server.security.authz.SmartScopes.Permission.SEARCH, type)) {
      return true;
    }
    HiddenTargets.Matches matches = hiddenTargets.matches(type + "?" + query, access);
    if (!matches.anyHidden()) {
      return true;
    }
    if (!matches.visibleIds().isEmpty()) {
      String complete = request.getCompleteUrl();
      int q = complete.indexOf('?');
      request.setCompleteUrl(
          (q < 0 ? complete : complete.substring(0, q))
              + "?_id="
              + String.join(",", matches.visibleIds()));
      return true;
    }
    return answerNothingDeleted(
        request,
        access,
        servletResponse,
        org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity.WARNING,
        org.hl7.fhir.r4.model.OperationOutcome.IssueType.NOTFOUND,
        "Unable to find resource matching URL \""
            + type
            + "?"
            + query
            + "\". Nothing has been deleted.");
  }

  /**
   * Refuses a delete that would reach only data the caller may not see with exactly what a delete
   * of nothing gets: recorded as denied (before anything is answered; fails closed like any
   * access-log write), then 200 with HAPI's "nothing deleted" outcome.
   */
  private boolean answerNothingDeleted(
      RequestDetails request,
      PatientAccess access,
      jakarta.servlet.http.HttpServletResponse servletResponse,
      org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity severity,
      org.hl7.fhir.r4.model.OperationOutcome.IssueType type,
      String diagnostics)
      throws java.io.IOException {
    AccessPolicy.deny(request, access, AccessDecision.DENIED_PATIENT);
    refusalAudit.answeredAsMissing(request);
    org.hl7.fhir.r4.model.OperationOutcome oo = new org.hl7.fhir.r4.model.OperationOutcome();
    oo.addIssue()
        .setSeverity(severity)
        .setCode(type)
        .setDiagnostics(diagnostics)
        .getDetails()
        .addCoding()
        .setSystem("https://hapifhir.io/fhir/CodeSystem/hapi-fhir-storage-response-code")
        .setCode("SUCCESSFUL_DELETE_NOT_FOUND")
        .setDisplay("Delete succeeded: No existing resource was found so no action was taken.");
    String body = request.getFhirContext().newJsonParser().encodeResourceToString(oo);
    servletResponse.setStatus(200);
    servletResponse.setContentType("application/fhir+json;charset=utf-8");
    servletResponse.getOutputStream().write(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    servletResponse.getOutputStream().flush();
    return false;
  }

  @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = ORDER)
  public void preHandled(RequestDetails request, RestOperationTypeEnum op) {
    PatientAccess access = policy.of(request).orElse(null);
    if (access == null) {
      return;
    }
    if (access.btgWithoutReason()) {
      throw denied(request, access, AccessDecision.DENIED_BTG_WITHOUT_REASON);
    }
    if (request.getUserData().get(HIDDEN_PATCH_ANSWER)
        instanceof ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException answer) {
      if (answer.getStatusCode() == 404) {
        AccessPolicy.deny(request, access, AccessDecision.DENIED_PATIENT);
      }
      throw answer;
    }
    if (access.breakTheGlass() && request instanceof ServletRequestDetails s) {
      followUp.raise(s.getServletRequest(), access, "fhir", op == null ? "" : op.getCode());
    }
    if (AUDIT_TYPE.equals(request.getResourceName()) || ACCESS_LOG.equals(request.getOperation())) {
      // the access log has its own rules (audit: auditors see all, a patient their own record)
      return;
    }
    if (request.getParameters() != null && request.getParameters().containsKey("_filter")) {
      throw denied(request, access, AccessDecision.DENIED_SEARCH_FORM);
    }
    List<Need> needs = new ArrayList<>();
    if (op == RestOperationTypeEnum.TRANSACTION || op == RestOperationTypeEnum.BATCH) {
      checkEntries(request, access, needs);
    } else if (op != null) {
      needs.addAll(
          requirements.forRequest(
              op,
              request.getResourceName(),
              request.getCompartmentName(),
              request.getOperation(),
              request.getParameters()));
      if (op == RestOperationTypeEnum.CREATE && request.getHeader("If-None-Exist") != null) {
        needs.add(
            Need.of(
                no.helsegateway.server.security.authz.SmartScopes.Permission.SEARCH,
                request.getResourceName()));
      }
      String base =
          request.getCompartmentName() != null
              ? request.getCompartmentName()
              : request.getResourceName();
      if (access.restrictedReads()
          && requirements.crossesPatients(
              base, request.getParameters(), requirements.compartmentTypes())) {
        throw denied(request, access, AccessDecision.DENIED_SEARCH_FORM);
      }
    }
    for (Need need : needs) {
      if (!need.metBy(access.scopes())) {
        throw denied(request, access, AccessDecision.DENIED_SCOPE);
      }
    }
    if (op == RestOperationTypeEnum.UPDATE
        || op == RestOperationTypeEnum.PATCH
        || op == RestOperationTypeEnum.DELETE) {
      hiddenTargets.check(request, op, access);
    }
  }

  private void checkEntries(RequestDetails request, PatientAccess access, List<Need> needs) {
    IBaseResource resource = request.getResource();
    if (!(resource instanceof Bundle bundle)) {
      // the body could not be read as a Bundle: HAPI refuses it; demand a wildcard to be safe
      needs.add(
          Need.of(
              no.helsegateway.server.security.authz.SmartScopes.Permission.UPDATE,
              no.helsegateway.server.security.authz.SmartScopes.ANY_TYPE));
      return;
    }
    for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
      Bundle.BundleEntryRequestComponent r = entry.getRequest();
      String method = r.getMethod() == null ? null : r.getMethod().toCode();
      String url = r.getUrl();
      if (url == null && entry.getResource() != null) {
        url = entry.getResource().fhirType();
      }
      needs.addAll(requirements.forEntry(method, url, r.hasIfNoneExist()));
      String conditional =
          r.hasIfNoneExist()
              ? entry.getResource() == null
                  ? null
                  : entry.getResource().fhirType()
                      + "?"
                      + r.getIfNoneExist().replaceAll("^.*\\?", "")
              : url != null && url.indexOf('?') > 0 && !"GET".equals(method) ? url : null;
      if (conditional != null && conditional.indexOf('?') > 0) {
        HiddenTargets.Matches matches = hiddenTargets.matches(conditional, access);
        if (matches.anyHidden()) {
          onlyVisibleMatches(entry, method, conditional, matches.visibleIds());
        }
      }
      if (access.restrictedReads() && url != null && url.indexOf('?') > 0) {
        String path = url.substring(0, url.indexOf('?')).replaceAll("^/+", "");
        String[] seg = path.split("/");
        String base = seg.length >= 3 ? seg[2] : seg[0];
        Map<String, String[]> params =
            UrlUtil.parseQueryString(url.substring(url.indexOf('?') + 1));
        if (requirements.crossesPatients(base, params, requirements.compartmentTypes())) {
          throw denied(request, access, AccessDecision.DENIED_SEARCH_FORM);
        }
      }
    }
  }

  /** A conditional URL that matches nothing that can exist (a server-assigned id is numeric). */
  static final String NO_MATCH_ID = "gw-no-visible-match";

  /**
   * Rewrites a transaction or batch entry whose condition matched resources the caller may not see,
   * so that it matches exactly the ones it may see: what it answers is then what it would answer if
   * the hidden ones did not exist (no existence oracle). With no visible match a conditional create
   * becomes a plain create, a conditional update a create (what an update that matches nothing
   * does), and a conditional delete or patch addresses an id that cannot exist (nothing matches).
   * With visible matches the condition becomes {@code _id=} those ids.
   */
  private static void onlyVisibleMatches(
      Bundle.BundleEntryComponent entry,
      String method,
      String conditional,
      List<String> visibleIds) {
    Bundle.BundleEntryRequestComponent r = entry.getRequest();
    String type = conditional.substring(0, conditional.indexOf('?')).replaceAll("^/+", "");
    String ids = visibleIds.isEmpty() ? NO_MATCH_ID : String.join(",", visibleIds);
    if (r.hasIfNoneExist()) {
      if (visibleIds.isEmpty()) {
        r.setIfNoneExist(null);
      } else {
        r.setIfNoneExist("_id=" + ids);
      }
    } else if ("PUT".equals(method) && visibleIds.isEmpty()) {
      r.setMethod(Bundle.HTTPVerb.POST);
      r.setUrl(type);
      if (entry.getResource() != null) {
        entry.getResource().setId((String) null);
      }
    } else {
      r.setUrl(type + "?_id=" + ids);
    }
  }

  static ForbiddenOperationException denied(
      RequestDetails request, PatientAccess access, String reason) {
    AccessPolicy.deny(request, access, reason);
    ForbiddenOperationException e = new ForbiddenOperationException(DENIED_TEXT);
    e.setOperationOutcome(OperationOutcomes.error(403, DENIED_TEXT, null));
    return e;
  }
}
