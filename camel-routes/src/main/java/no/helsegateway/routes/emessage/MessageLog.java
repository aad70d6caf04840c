package no.helsegateway.routes.emessage;

import java.util.Optional;

/**
 * Port: the message log and the de-duplication table in the application database. Methods that the
 * pipeline calls inside {@link Transactions#inTransaction} join that transaction.
 */
public interface MessageLog {

  Optional<LoggedMessage> find(String trackingId);

  /** The bytes as received. */
  byte[] raw(String trackingId);

  /**
   * Claims the de-duplication key (unique constraint on sender and message id) for this tracking
   * id. Returns the tracking id that holds the key: this one when the claim succeeded, the first
   * copy's when the key was taken. A concurrent claim of the same key fails the transaction (it is
   * retried and then sees the winner).
   */
  String claimDedupe(String sender, String messageId, String trackingId);

  /**
   * Writes the final state if the row is still {@link MessageState#RECEIVED}; returns false (and
   * writes nothing) when another consumer finished it first.
   */
  boolean finish(String trackingId, FinalRecord record);

  /** Records that the AppRec reached the return channel. */
  void acknowledge(String trackingId);

  /** Moves a message that exhausted its retries to the dead-letter store, with the reason. */
  void deadLetter(String trackingId, String reason);
}
