package no.helsegateway.server.security.audit.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import no.helsegateway.server.security.audit.AuditEntry;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Group commit of access-log records written outside a database transaction (reads, searches,
 * failures): concurrent requests' records share one database transaction instead of each paying its
 * own commit.
 *
 * <p>Leader and followers: a request thread that finds no commit in progress commits itself,
 * together with whatever has queued up (no hand-off to another thread, so one client pays no thread
 * switch); a request that arrives during a commit queues its record and waits, and when the commit
 * ends the queued records go in the next one, made by the writer thread. There is no waiting
 * window.
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

  /** Held by whoever commits (a leading request thread or the writer): one commit at a time. */
  private final ReentrantLock committing = new ReentrantLock();

  /** Wakes the writer: records queued while a commit was in progress. */
  private final Semaphore queued = new Semaphore(0);

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
    // queued before trying the lock: a committer that releases the lock after this sees it
    queue.add(p);
    if (!TransactionSynchronizationManager.isSynchronizationActive() && committing.tryLock()) {
      try {
        commitQueued();
      } finally {
        committing.unlock();
      }
    }
    wakeWriterIfQueued();
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

  /** With the lock held: commits one group of queued records, if any. */
  private void commitQueued() {
    List<Pending> group = new ArrayList<>();
    queue.drainTo(group, MAX_GROUP);
    if (!group.isEmpty()) {
      commit(group);
    }
  }

  /** After a commit (or a failed attempt to lead): records still queued go to the writer. */
  private void wakeWriterIfQueued() {
    if (!queue.isEmpty() && queued.availablePermits() == 0) {
      queued.release();
    }
  }

  private void run() {
    while (!closed) {
      try {
        queued.acquire();
        queued.drainPermits();
      } catch (InterruptedException e) {
        break;
      }
      while (!queue.isEmpty() && !closed) {
        committing.lock();
        try {
          commitQueued();
        } finally {
          committing.unlock();
        }
      }
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
