package no.helsegateway.routes.emessage;

import java.util.List;

/** What the pipeline writes with a final state. */
public record FinalRecord(
    MessageState state,
    MessageOutcome outcome,
    String sender,
    String messageId,
    String messageType,
    List<String> errorCodes,
    String appRecXml) {

  public FinalRecord {
    errorCodes = errorCodes == null ? List.of() : List.copyOf(errorCodes);
  }
}
