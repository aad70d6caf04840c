package no.helsegateway.server.security.audit.internal;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import no.helsegateway.server.fhir.OperationOutcomes;

/**
 * The access log could not be written: the request fails with 503 and an OperationOutcome, and no
 * data leaves the server (fail closed). The cause is not part of the response.
 */
public final class AuditUnavailableException extends BaseServerResponseException {

  public static final String MESSAGE =
      "The access log is unavailable, so no patient data is returned or stored; try again later";

  public AuditUnavailableException() {
    super(503, MESSAGE);
    setOperationOutcome(OperationOutcomes.error(503, MESSAGE, null));
  }
}
