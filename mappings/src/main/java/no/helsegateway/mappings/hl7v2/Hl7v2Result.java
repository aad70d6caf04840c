package no.helsegateway.mappings.hl7v2;

import java.util.List;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Everything a channel needs after one HL7 v2 message. Nothing is stored by the processor: the
 * caller commits {@link #bundle()} and only then sends {@link #ack()} (AA/CA); when its commit
 * fails it answers with {@link Hl7v2Processor#ackFor(Hl7v2Result, String, String)} instead.
 *
 * @param header MSH facts (never {@code null}; empty strings when unknown)
 * @param messageType registry row, {@code null} when the event is not supported or unknown
 * @param status outcome
 * @param ackCode MSA-1 of {@link #ack()}
 * @param ack the ACK message (ER7, segments separated by CR) to send once the outcome is final
 * @param bundle FHIR transaction Bundle when {@link Hl7v2Status#ACCEPTED}, else {@code null}
 * @param errors errors (empty when accepted)
 * @param warnings non-fatal notes without patient data
 */
public record Hl7v2Result(
    MessageHeader header,
    Hl7v2MessageType messageType,
    Hl7v2Status status,
    AckCode ackCode,
    String ack,
    Bundle bundle,
    List<Hl7v2Error> errors,
    List<String> warnings) {

  public Hl7v2Result {
    errors = errors == null ? List.of() : List.copyOf(errors);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** MSH-4 (or MSH-3 when MSH-4 is empty): the sender half of the de-duplication key. */
  public String sendingFacility() {
    return header.senderKey();
  }

  /** MSH-10: the other half of the de-duplication key. */
  public String controlId() {
    return header.controlId();
  }
}
