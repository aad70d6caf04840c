package no.helsegateway.routes.emessage;

import java.time.Instant;
import java.util.List;

/**
 * One row of the message log, without the raw bytes.
 *
 * @param trackingId the gateway's id for this receipt (UUID)
 * @param channel {@code http}, {@code file} or {@code jms}
 * @param replyRef where the AppRec goes back on the channel (file name, JMS correlation id), may be
 *     {@code null}
 * @param state life-cycle state
 * @param outcome business outcome once final, else {@code null}
 * @param sender sender HER-id once known
 * @param messageId the message's own id once known
 * @param messageType detected type id (e.g. {@code epikrise-1.2}) once known
 * @param errorCodes error-table codes of a rejection or partial outcome
 * @param appRecXml the one AppRec, once final ({@code null} for receipts)
 * @param deadLetterReason why retries were exhausted (exception type, no content)
 */
public record LoggedMessage(
    String trackingId,
    String channel,
    String replyRef,
    MessageState state,
    MessageOutcome outcome,
    String sender,
    String messageId,
    String messageType,
    List<String> errorCodes,
    String appRecXml,
    String deadLetterReason,
    Instant receivedAt,
    Instant processedAt,
    Instant acknowledgedAt,
    Instant deadLetterAt) {

  public LoggedMessage {
    errorCodes = errorCodes == null ? List.of() : List.copyOf(errorCodes);
  }

  public boolean isFinal() {
    return state.isFinal();
  }
}
