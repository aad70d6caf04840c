package no.helsegateway.server.emessage;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Optional;

/**
 * The in-process FHIR requests of the e-message pipeline carry the tracking id of the message they
 * store, so that storage hooks (openEHR outbox, audit) can trace what they see back to the message.
 */
public final class EMessageRequests {

  /** Key of the tracking id in {@link RequestDetails#getUserData()}. */
  public static final String TRACKING_ID = EMessageRequests.class.getName() + ".trackingId";

  private EMessageRequests() {}

  public static void setTrackingId(RequestDetails request, String trackingId) {
    request.getUserData().put(TRACKING_ID, trackingId);
  }

  /** The tracking id of the message this in-process request stores; empty for other requests. */
  public static Optional<String> trackingId(RequestDetails request) {
    if (request == null) {
      return Optional.empty();
    }
    Object id = request.getUserData().get(TRACKING_ID);
    return id instanceof String s ? Optional.of(s) : Optional.empty();
  }
}
