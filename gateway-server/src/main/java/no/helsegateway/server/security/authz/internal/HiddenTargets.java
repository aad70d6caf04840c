package no.helsegateway.server.security.authz.internal;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * No existence oracle on writes by id: an update, patch or delete of a resource the caller may not
 * see is answered as if the resource did not exist (the same status and text HAPI gives for a
 * missing one), before anything runs. The write checks at storage time stay as the backstop.
 */
public final class HiddenTargets {

  private final DaoRegistry daos;
  private final Visibility visibility;
  private final ca.uhn.fhir.jpa.searchparam.MatchUrlService matchUrls;

  public HiddenTargets(
      DaoRegistry daos,
      Visibility visibility,
      ca.uhn.fhir.jpa.searchparam.MatchUrlService matchUrls) {
    this.daos = daos;
    this.visibility = visibility;
    this.matchUrls = matchUrls;
  }

  /** What a conditional URL matches: the ids the caller may see, and whether any it may not. */
  record Matches(java.util.List<String> visibleIds, boolean anyHidden) {}

  /**
   * The matches of a conditional URL ({@code Observation?identifier=...}) of a transaction or batch
   * entry, split by what the caller may see. Transactions resolve conditional URLs without the
   * consent filter, so the entry is rewritten to match only the visible ones ({@link
   * ScopeInterceptor}).
   */
  Matches matches(String conditionalUrl, PatientAccess access) {
    int q = conditionalUrl.indexOf('?');
    String type = conditionalUrl.substring(0, q).replaceAll("^/+", "");
    if (!daos.isResourceTypeSupported(type)) {
      return new Matches(java.util.List.of(), false);
    }
    ca.uhn.fhir.jpa.searchparam.SearchParameterMap map =
        matchUrls.translateMatchUrl(
            conditionalUrl, daos.getResourceDao(type).getContext().getResourceDefinition(type));
    map.setLoadSynchronous(true);
    map.setLoadSynchronousUpTo(1000);
    java.util.List<String> visible = new java.util.ArrayList<>();
    boolean hidden = false;
    for (IBaseResource r :
        daos.getResourceDao(type).search(map, new SystemRequestDetails()).getResources(0, 1000)) {
      if (visibility.maySee(access, r)) {
        visible.add(r.getIdElement().getIdPart());
      } else {
        hidden = true;
      }
    }
    return new Matches(visible, hidden);
  }

  /** The resource the request addresses by id, if it exists and the caller may not see it. */
  IBaseResource hidden(RequestDetails request, PatientAccess access) {
    IIdType id = request.getId();
    String type = request.getResourceName();
    if (id == null || !id.hasIdPart() || type == null || !daos.isResourceTypeSupported(type)) {
      return null;
    }
    try {
      IBaseResource existing =
          daos.getResourceDao(type)
              .read(
                  id.toUnqualifiedVersionless().withResourceType(type), new SystemRequestDetails());
      return visibility.maySee(access, existing) ? null : existing;
    } catch (BaseServerResponseException e) {
      return null;
    }
  }

  void check(RequestDetails request, RestOperationTypeEnum op, PatientAccess access) {
    IIdType id = request.getId();
    if (id == null || !id.hasIdPart() || request.getResourceName() == null) {
      return;
    }
    String type = request.getResourceName();
    if (!daos.isResourceTypeSupported(type)) {
      return;
    }
    IBaseResource existing;
    try {
      IFhirResourceDao<?> dao = daos.getResourceDao(type);
      existing =
          dao.read(
              id.toUnqualifiedVersionless().withResourceType(type), new SystemRequestDetails());
    } catch (BaseServerResponseException e) {
      return; // missing or deleted: HAPI answers as usual
    }
    if (visibility.maySee(access, existing)) {
      return;
    }
    if (op == RestOperationTypeEnum.UPDATE && request.getResource() != null) {
      // a body for patients the caller may not write is refused whether or not the id exists
      java.util.Set<String> owners = visibility.owners(request.getResource());
      if (!owners.isEmpty() && !visibility.mayWrite(access, owners)) {
        throw ScopeInterceptor.denied(
            request, access, no.helsegateway.server.security.authz.AccessDecision.DENIED_PATIENT);
      }
    }
    AccessPolicy.deny(
        request, access, no.helsegateway.server.security.authz.AccessDecision.DENIED_PATIENT);
    throw missing(op, type, id.getIdPart());
  }

  /** What HAPI answers for a write by id to a resource that does not exist. */
  static BaseServerResponseException missing(RestOperationTypeEnum op, String type, String idPart) {
    if (op == RestOperationTypeEnum.UPDATE && idPart.chars().allMatch(Character::isDigit)) {
      return new InvalidRequestException(
          "HAPI-0960: Can not create resource with ID["
              + idPart
              + "], no resource with this ID exists and clients may only assign IDs which contain"
              + " at least one non-numeric character");
    }
    return new ResourceNotFoundException(
        "HAPI-2001: Resource " + type + "/" + idPart + " is not known");
  }
}
