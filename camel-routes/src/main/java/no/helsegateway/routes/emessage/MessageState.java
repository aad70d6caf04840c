package no.helsegateway.routes.emessage;

/**
 * Life cycle of one inbound message in the message log.
 *
 * <pre>
 * RECEIVED --(stored in FHIR)------------> STORED    --(AppRec handed over)--> ACKNOWLEDGED
 * RECEIVED --(business rejection)--------> REJECTED  --(AppRec handed over)--> ACKNOWLEDGED
 * RECEIVED --(same sender + message id)--> DUPLICATE --(AppRec handed over)--> ACKNOWLEDGED
 * RECEIVED --(retries exhausted)---------> DEAD_LETTER --(replay)--> RECEIVED
 * </pre>
 *
 * STORED, REJECTED and DUPLICATE are final outcomes (the AppRec is fixed from then on);
 * ACKNOWLEDGED only records that the AppRec reached the return channel.
 */
public enum MessageState {
  RECEIVED,
  STORED,
  REJECTED,
  DUPLICATE,
  ACKNOWLEDGED,
  DEAD_LETTER;

  /** Whether the outcome (and the AppRec) of the message is decided. */
  public boolean isFinal() {
    return this == STORED || this == REJECTED || this == DUPLICATE || this == ACKNOWLEDGED;
  }
}
