package no.helsegateway.mappings.hl7v2;

/**
 * The MSH facts the gateway needs, read before (and independently of) the full parse, so that even
 * a message that cannot be parsed gets an ACK that names it. Raw values keep their components.
 *
 * @param encodingCharacters MSH-1 and MSH-2, e.g. {@code |^~\&}
 * @param sendingApplication MSH-3 (raw)
 * @param sendingFacility MSH-4 (raw)
 * @param receivingApplication MSH-5 (raw)
 * @param receivingFacility MSH-6 (raw)
 * @param messageCode MSH-9.1, e.g. {@code ADT}
 * @param triggerEvent MSH-9.2, e.g. {@code A01}
 * @param controlId MSH-10
 * @param processingId MSH-11.1
 * @param version MSH-12.1
 * @param acceptAckType MSH-15 (AL, NE, ER, SU), empty in original mode
 * @param applicationAckType MSH-16
 */
public record MessageHeader(
    String encodingCharacters,
    String sendingApplication,
    String sendingFacility,
    String receivingApplication,
    String receivingFacility,
    String messageCode,
    String triggerEvent,
    String controlId,
    String processingId,
    String version,
    String acceptAckType,
    String applicationAckType) {

  /** The header of a message whose MSH could not be read. */
  public static MessageHeader unknown() {
    return new MessageHeader("|^~\\&", "", "", "", "", "", "", "", "", "", "", "");
  }

  /** {@code ADT^A01}, or what is known of it. */
  public String event() {
    return triggerEvent.isEmpty() ? messageCode : messageCode + "^" + triggerEvent;
  }

  /** Enhanced acknowledgement mode: MSH-15 is valued, so the answer is an accept ACK (CA/CE/CR). */
  public boolean enhancedMode() {
    return !acceptAckType.isEmpty();
  }

  /** The de-duplication sender key: MSH-4, or MSH-3 when MSH-4 is empty. */
  public String senderKey() {
    return sendingFacility.isEmpty() ? sendingApplication : sendingFacility;
  }
}
