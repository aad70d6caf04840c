package no.helsegateway.routes.emessage;

/** The business outcome recorded with a final state. */
public enum MessageOutcome {
  /** Translated and stored; AppRec status 1. */
  ACCEPTED,
  /** Stored in part; AppRec status 3. */
  PARTIAL,
  /** Rejected; AppRec status 2. Final, never retried. */
  REJECTED,
  /** Same sender and message id as an earlier message: its AppRec again, nothing created. */
  DUPLICATE,
  /** The message was itself a receipt (AppRec): recorded, never answered. */
  RECEIPT
}
