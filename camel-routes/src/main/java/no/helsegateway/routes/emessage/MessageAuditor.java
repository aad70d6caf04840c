package no.helsegateway.routes.emessage;

import no.helsegateway.mappings.emessage.EnvelopeMetadata;

/**
 * Port: records the access log entry (AuditEvent) of a received message when the pipeline writes
 * its final state. Called inside the pipeline's transaction, after the FHIR commit and the final
 * state: a failure rolls the whole message back (the error policy retries it), so no message
 * reaches a final state without its audit record.
 */
public interface MessageAuditor {

  /**
   * @param message the final log row this consumer just wrote (never a row another consumer wrote)
   * @param envelope what the envelope says (sender, receiver, patient), never {@code null}
   */
  void finalState(LoggedMessage message, EnvelopeMetadata envelope);

  MessageAuditor NONE = (m, e) -> {};
}
