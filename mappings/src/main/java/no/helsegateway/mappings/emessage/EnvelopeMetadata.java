package no.helsegateway.mappings.emessage;

import java.util.List;

/**
 * What the gateway needs from a message's envelope: the de-duplication key (sender + message id),
 * the AppRec addresses and correlation, and the patient's identifier. Fields are {@code null} when
 * the message does not carry them (or could not be read at all).
 *
 * @param messageId Message/MsgId or MsgHead/MsgInfo/MsgId
 * @param messageType8279 the 8279 message type as written in the message (e.g. {@code E}, {@code
 *     EPIKRISE}, {@code DIALOG_HELSEFAGLIG})
 * @param migVersion MIGversion
 * @param issued GenDate as written (xs:dateTime lexical form)
 * @param sender the sending party (Epikrise: ServProvider; MsgHead: MsgInfo/Sender)
 * @param receiver the primary receiver (Epikrise: Requester; MsgHead: MsgInfo/Receiver)
 * @param copyReceivers copy receivers (Epikrise: CopyDest; MsgHead: OtherReceiver)
 * @param patient the patient's identifier, if present
 * @param receipt for received AppRecs: what it acknowledges, else {@code null}
 */
public record EnvelopeMetadata(
    String messageId,
    String messageType8279,
    String migVersion,
    String issued,
    Party sender,
    Party receiver,
    List<Party> copyReceivers,
    PatientIdentifier patient,
    ReceivedAppRec receipt) {

  public EnvelopeMetadata {
    copyReceivers = copyReceivers == null ? List.of() : List.copyOf(copyReceivers);
  }

  /** Nothing known (the bytes could not be read). */
  public static EnvelopeMetadata empty() {
    return new EnvelopeMetadata(null, null, null, null, null, null, List.of(), null, null);
  }

  /** Sender's communication-party HER-id (dedupe key part), or {@code null}. */
  public String senderHerId() {
    return sender == null ? null : sender.communicationPartyHerId();
  }

  /** Receiver HER-ids (primary first, then copies), communication-party level. */
  public List<String> receiverHerIds() {
    java.util.ArrayList<String> ids = new java.util.ArrayList<>();
    if (receiver != null && receiver.communicationPartyHerId() != null) {
      ids.add(receiver.communicationPartyHerId());
    }
    for (Party p : copyReceivers) {
      if (p.communicationPartyHerId() != null) {
        ids.add(p.communicationPartyHerId());
      }
    }
    return List.copyOf(ids);
  }

  /** Contents of a received AppRec: its status and errors, and the message it answers. */
  public record ReceivedAppRec(
      String status,
      List<String> errorCodes,
      String originalMsgType,
      String originalIssueDate,
      String originalMsgId) {
    public ReceivedAppRec {
      errorCodes = errorCodes == null ? List.of() : List.copyOf(errorCodes);
    }
  }
}
