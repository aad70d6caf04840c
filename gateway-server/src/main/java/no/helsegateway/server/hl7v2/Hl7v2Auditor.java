package no.helsegateway.server.hl7v2;

/**
 * The access log's port for the HL7 v2 channel: one record per received message (issue 9, "every
 * e-message received"). Called inside the message's storing transaction when it was stored (a
 * record that cannot be written rolls the message back; the sender gets AR and resends), outside
 * when it was answered without storing anything. A stored message's receipt names the resources it
 * stored and the patients among them (HL7 v2's group commit stores several messages in one FHIR
 * transaction: each message's entries are told apart by their place in the transaction response).
 */
public interface Hl7v2Auditor {

  /**
   * One received message and its answer.
   *
   * @param receiptId sending facility and control id ({@code MSH-4|MSH-10}), the de-duplication key
   * @param messageType the registry's id ({@code adt-a01}), or {@code unknown}
   * @param controlId MSH-10
   * @param sendingFacility MSH-4 (or MSH-3)
   * @param ackCode MSA-1 of the answer (AA, AE, AR)
   * @param stored whether its resources were stored (in the current transaction)
   * @param resources {@code Type/id/_history/v} of what it stored
   * @param patients {@code Patient/id} of the patients it stored
   */
  record Receipt(
      String receiptId,
      String messageType,
      String controlId,
      String sendingFacility,
      String ackCode,
      boolean stored,
      java.util.List<String> resources,
      java.util.List<String> patients) {

    public Receipt {
      resources = resources == null ? java.util.List.of() : java.util.List.copyOf(resources);
      patients = patients == null ? java.util.List.of() : java.util.List.copyOf(patients);
    }
  }

  void received(Receipt receipt);

  Hl7v2Auditor NONE = r -> {};
}
