package no.helsegateway.server.security.authz;

import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * Records a refusal that authorisation answers itself, without an exception, so that the access log
 * still has it: a delete of a resource the caller may not see is answered like a delete of a
 * missing one (200, nothing deleted). Implemented by the access log; throws when the record cannot
 * be written (the request then fails, fail closed).
 */
@FunctionalInterface
public interface RefusalAudit {

  /** Nothing recorded (access log off). */
  RefusalAudit NONE = request -> {};

  /** The request was refused and answered as if its target did not exist. */
  void answeredAsMissing(RequestDetails request);
}
