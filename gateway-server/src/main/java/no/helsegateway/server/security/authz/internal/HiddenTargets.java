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

  public HiddenTargets(DaoRegistry daos, Visibility visibility) {
    this.daos = daos;
    this.visibility = visibility;
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
