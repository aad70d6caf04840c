package no.helsegateway.server.security.audit.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import no.helsegateway.server.security.audit.AuditEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Builds the AuditEvent of an access and appends it to the log, counting {@code
 * gateway_audit_events_total{action,outcome}} and {@code gateway_audit_failures_total}. A failed
 * insert is an {@link AuditUnavailableException} (503): the caller's request fails and, inside a
 * transaction, rolls back.
 */
public final class AuditWriter {

  private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);

  private final JdbcAuditLog auditLog;
  private final AuditEventBuilder builder = new AuditEventBuilder();
  private final MeterRegistry meters;
  private final Counter failures;

  private final AuditJournal journal;

  /** {@code gateway_audit_events_total} by action and outcome (looked up once per pair). */
  private final Map<String, Counter> events = new ConcurrentHashMap<>();

  /**
   * @param journal where records written outside a database transaction go (null: each is inserted
   *     and committed on its own)
   */
  public AuditWriter(JdbcAuditLog auditLog, MeterRegistry meters, AuditJournal journal) {
    this.journal = journal;
    this.auditLog = auditLog;
    this.meters = meters;
    this.failures =
        Counter.builder("gateway.audit.failures")
            .description("Access log records that could not be written (the request failed)")
            .register(meters);
  }

  public void write(AuditFacts facts) {
    try {
      // the facts, not the AuditEvent: it is built from them when the log is read
      String json = AuditFactsCodec.encode(facts);
      AuditEntry entry = AuditEventBuilder.entry(facts);
      if (journal != null && !TransactionSynchronizationManager.isActualTransactionActive()) {
        // reads and failures: durable in the journal before this returns
        journal.append(entry, json);
      } else {
        // writes and e-messages: in the caller's own transaction, committed with the data
        auditLog.insert(entry, json);
      }
    } catch (RuntimeException e) {
      failures.increment();
      // the type only: driver messages may quote values
      log.error(
          "Access log write failed (request {}): {}",
          facts.requestId(),
          e.getClass().getSimpleName());
      throw new AuditUnavailableException();
    }
    events
        .computeIfAbsent(
            facts.action() + facts.outcome(),
            k ->
                Counter.builder("gateway.audit.events")
                    .description("Access log records written, by action and outcome")
                    .tag("action", facts.action())
                    .tag("outcome", Integer.toString(facts.outcome()))
                    .register(meters))
        .increment();
  }

  public AuditEventBuilder builder() {
    return builder;
  }
}
