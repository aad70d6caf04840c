package no.helsegateway.routes.emessage;

/**
 * The FHIR store refused the translated content for good (e.g. a profile or reference rule). The
 * message then ends REJECTED with the internal error code, never retried.
 */
public class StoreRefusedException extends RuntimeException {
  public StoreRefusedException(String message) {
    super(message, null, false, false);
  }
}
