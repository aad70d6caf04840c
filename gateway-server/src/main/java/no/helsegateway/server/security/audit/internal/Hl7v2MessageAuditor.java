package no.helsegateway.server.security.audit.internal;

import java.time.Clock;
import java.util.List;
import no.helsegateway.server.hl7v2.Hl7v2Auditor;

/**
 * One AuditEvent per received HL7 v2 message, like {@link EMessageAuditor} for e-messages: the
 * sending facility is the agent, the patients and resources are those the message stored, the
 * message is an entity (receipt id {@code MSH-4|MSH-10}, control id, channel {@code mllp}, state).
 * A stored message is recorded in its own transaction (no record, nothing stored); one answered
 * without storing (AE/AR) is recorded on its own, with outcome 4.
 */
public final class Hl7v2MessageAuditor implements Hl7v2Auditor {

  private final AuditWriter writer;
  private final Clock clock;

  public Hl7v2MessageAuditor(AuditWriter writer, Clock clock) {
    this.writer = writer;
    this.clock = clock;
  }

  @Override
  public void received(Receipt receipt) {
    writer.write(
        new AuditFacts(
            AuditIds.next(),
            clock.instant(),
            receipt.receiptId(),
            AuditFacts.HL7V2,
            "C",
            receipt.messageType(),
            receipt.stored() ? 0 : 4,
            receipt.stored() ? null : "rejected",
            new AuditFacts.Agent(
                false, null, null, receipt.sendingFacility(), null, null, null, null, null),
            receipt.patients(),
            List.of(),
            receipt.resources(),
            null,
            null,
            new AuditFacts.Message(
                receipt.receiptId(),
                receipt.controlId(),
                "mllp",
                receipt.stored() ? "STORED" : "REJECTED")));
  }
}
