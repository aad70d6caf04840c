package no.helsegateway.server.security.audit.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import no.helsegateway.server.security.audit.AuditEntry;

/**
 * Group commit of access-log records written outside a database transaction (reads, searches,
 * failures): request threads hand their record to one writer thread and wait until it is committed;
 * the writer inserts whatever has queued up meanwhile in one database transaction, so concurrent
 * reads share one commit instead of each paying its own. There is no waiting window: a record that
 * arrives while the writer is idle is committed at once (one client pays only the hand-off),
 * records that arrive during a commit go into the next one.
 *
 * <p>Fail closed is unchanged: {@link #append} returns only once the record is committed, and
 * throws when it could not be (the request then fails with 503). If a group's insert fails, each of
 * its records is tried alone, so one bad record does not fail the others.
 */
public final class AuditGroupCommit implements AutoCloseable {

  /** At most this many records per commit. */
  static final int MAX_GROUP = 256;

  record Pending(AuditEntry entry, String json, CompletableFuture<Void> done) {}

  private final JdbcAuditLog auditLog;
  private final Duration timeout;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean closed;

  public AuditGroupCommit(JdbcAuditLog auditLog, Duration timeout) {
    this.auditLog = auditLog;
    this.timeout = timeout;
    this.writer = new Thread(this::run, "audit-group-commit");
    this.writer.setDaemon(true);
    this.writer.start();
  }

  /** Appends the record and returns once it is committed; throws if it could not be. */
  public void append(AuditEntry entry, String json) {
    if (closed) {
      throw new IllegalStateException("access log closed");
    }
    Pending p = new Pending(entry, json, new CompletableFuture<>());
    queue.add(p);
    try {
      p.done().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the access log committed", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("access log commit timed out", e);
    }
  }

  private void run() {
    List<Pending> group = new ArrayList<>(MAX_GROUP);
    while (!closed) {
      try {
        group.add(queue.take());
      } catch (InterruptedException e) {
        break;
      }
      queue.drainTo(group, MAX_GROUP - 1);
      commit(group);
      group.clear();
    }
    failAll();
  }

  private void commit(List<Pending> group) {
    try {
      auditLog.insertAll(
          group.stream().map(p -> new JdbcAuditLog.Row(p.entry(), p.json())).toList());
      group.forEach(p -> p.done().complete(null));
    } catch (RuntimeException e) {
      if (group.size() == 1) {
        group.get(0).done().completeExceptionally(e);
        return;
      }
      for (Pending p : group) {
        try {
          auditLog.insertAll(List.of(new JdbcAuditLog.Row(p.entry(), p.json())));
          p.done().complete(null);
        } catch (RuntimeException alone) {
          p.done().completeExceptionally(alone);
        }
      }
    }
  }

  private void failAll() {
    List<Pending> left = new ArrayList<>();
    queue.drainTo(left);
    left.forEach(p -> p.done().completeExceptionally(new IllegalStateException("closed")));
  }

  @Override
  public void close() {
    closed = true;
    writer.interrupt();
    try {
      writer.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failAll();
  }
}
