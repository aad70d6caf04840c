package no.helsegateway.routes.hl7v2;

/**
 * The port the MLLP route hands each received HL7 v2 message to (implemented by the server:
 * translate, commit, de-duplicate). It returns the ACK to send back on the same connection and must
 * only return a positive ACK (AA/CA) after the message is committed. It never throws: a failure is
 * answered with an AE/AR ACK.
 */
@FunctionalInterface
public interface Hl7v2MessageHandler {

  /**
   * @param er7 the message as received (ER7, segments separated by CR)
   * @return the ACK message (ER7)
   */
  String handle(String er7);
}
