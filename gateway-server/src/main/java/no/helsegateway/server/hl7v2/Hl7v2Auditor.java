package no.helsegateway.server.hl7v2;

/**
 * The access log's port for the HL7 v2 channel: one record per received message (issue 9, "every
 * e-message received"). Called inside the message's storing transaction when it was stored (a
 * record that cannot be written rolls the message back; the sender gets AR and resends), outside
 * when it was answered without storing anything. The in-process FHIR request that stores a message
 * carries {@link #RECEIPT_ID} so that the storage hooks can collect what it wrote.
 */
public interface Hl7v2Auditor {

  /** Key in the storing request's user data: the receipt id of the message. */
  String RECEIPT_ID = Hl7v2Auditor.class.getName() + ".receiptId";

  /**
   * One received message and its answer.
   *
   * @param receiptId sending facility and control id ({@code MSH-4|MSH-10}), the de-duplication key
   * @param messageType the registry's id ({@code adt-a01}), or {@code unknown}
   * @param controlId MSH-10
   * @param sendingFacility MSH-4 (or MSH-3)
   * @param ackCode MSA-1 of the answer (AA, AE, AR)
   * @param stored whether its resources were stored (in the current transaction)
   */
  record Receipt(
      String receiptId,
      String messageType,
      String controlId,
      String sendingFacility,
      String ackCode,
      boolean stored) {}

  void received(Receipt receipt);

  Hl7v2Auditor NONE = r -> {};
}
