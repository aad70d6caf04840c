package no.helsegateway.server.openehr;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The openEHR mirror's state of what one e-message stored, for the message log ({@code GET
 * /emessages/{id}}): the message keeps its own final state; this says whether its clinical content
 * reached the CDR, and which items went to the dead letter and why.
 */
public interface MessageMirrorStatus {

  /** Mirror states of a message, worst first. */
  enum State {
    /** At least one item failed for good (dead letter): needs a fix and a requeue. */
    OPENEHR_FAILED,
    /** Items still queued or being retried. */
    PENDING,
    /** Every item is in the CDR (or had nothing to mirror). */
    MIRRORED,
    /** The message stored nothing the mapping handles. */
    NOTHING_TO_MIRROR
  }

  /**
   * @param state the summary
   * @param items item count per outbox state ({@code PENDING}, {@code DONE}, {@code SKIPPED},
   *     {@code DEAD})
   * @param deadLetters the dead-lettered items with their reasons
   */
  record Summary(State state, Map<String, Long> items, List<DeadLetter> deadLetters) {}

  /**
   * @param resource {@code Type/id/_history/version}
   * @param operation {@code UPSERT} or {@code DELETE}
   * @param outboxId the outbox item (requeue with {@code POST /openehr/outbox/{id}/requeue})
   * @param reason why it failed for good
   */
  record DeadLetter(String resource, String operation, long outboxId, String reason) {}

  /** The mirror state of a message; empty when its writes queued nothing for the CDR. */
  Optional<Summary> forMessage(String trackingId);

  /** Tracking ids of messages with dead-lettered items, most recent first. */
  List<String> failedMessages(int limit);
}
