package no.helsegateway.server.security.audit.internal;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import no.helsegateway.mappings.emessage.EnvelopeMetadata;
import no.helsegateway.mappings.emessage.Party;
import no.helsegateway.mappings.emessage.PatientIdentifier;
import no.helsegateway.routes.emessage.LoggedMessage;
import no.helsegateway.routes.emessage.MessageAuditor;
import no.helsegateway.routes.emessage.MessageOutcome;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * One AuditEvent per received e-message, whatever the channel (HTTP, file, JMS), written when the
 * pipeline writes the message's final state, inside the same transaction: the sender organisation
 * from the envelope (org.nr, HER-id, name) is the agent, the patients are those of every resource
 * the message stored (plus the envelope's patient identifier), the message is an entity. If the
 * insert fails the message's transaction rolls back and the pipeline retries it (infrastructure
 * fault). A message that never reaches a final state (dead letter) stored nothing and has no record
 * until it is replayed.
 */
public final class EMessageAuditor implements MessageAuditor {

  private final AuditWriter writer;
  private final Clock clock;

  public EMessageAuditor(AuditWriter writer, Clock clock) {
    this.writer = writer;
    this.clock = clock;
  }

  /** What one message's pipeline transaction stored, bound to that transaction. */
  record Key(String trackingId) {}

  static final class Writes {
    final Set<String> resources = new LinkedHashSet<>();
    final Set<String> patients = new LinkedHashSet<>();
  }

  /** Called by the storage hooks for each resource the pipeline stores for a message. */
  static void collect(String trackingId, String ref, Set<String> owners) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      return;
    }
    Key key = new Key(trackingId);
    Writes writes = (Writes) TransactionSynchronizationManager.getResource(key);
    if (writes == null) {
      writes = new Writes();
      TransactionSynchronizationManager.bindResource(key, writes);
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
              TransactionSynchronizationManager.unbindResourceIfPossible(key);
            }
          });
    }
    writes.resources.add(ref);
    writes.patients.addAll(owners);
  }

  /** What the current transaction stored for a message (empty outside one). */
  static Writes collected(String trackingId) {
    Writes writes = (Writes) TransactionSynchronizationManager.getResource(new Key(trackingId));
    return writes == null ? new Writes() : writes;
  }

  @Override
  public void finalState(LoggedMessage message, EnvelopeMetadata envelope) {
    Writes writes = collected(message.trackingId());
    Party sender = envelope.sender();
    PatientIdentifier patient = envelope.patient();
    List<String> identifiers =
        patient != null && patient.system() != null && patient.value() != null
            ? List.of(patient.system() + "|" + patient.value())
            : List.of();
    MessageOutcome outcome = message.outcome();
    int code = outcome == MessageOutcome.REJECTED || outcome == MessageOutcome.PARTIAL ? 4 : 0;
    writer.write(
        new AuditFacts(
            AuditIds.next(),
            clock.instant(),
            message.trackingId(),
            AuditFacts.EMESSAGE,
            "C",
            message.messageType() != null ? message.messageType() : "unknown",
            code,
            outcome == null || outcome == MessageOutcome.ACCEPTED
                ? null
                : outcome.name().toLowerCase(Locale.ROOT),
            new AuditFacts.Agent(
                false,
                null,
                null,
                sender == null ? null : sender.name(),
                null,
                sender == null ? null : sender.organisationNumber(),
                null,
                sender == null ? message.sender() : sender.communicationPartyHerId(),
                null),
            List.copyOf(writes.patients),
            identifiers,
            List.copyOf(writes.resources),
            null,
            null,
            new AuditFacts.Message(
                message.trackingId(),
                message.messageId(),
                message.channel(),
                message.state().name())));
  }
}
