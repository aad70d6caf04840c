package no.helsegateway.server.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit: messages whose storage is requested while another commit runs wait for it and are
 * then stored together by whichever of their threads gets the commit lock first (the leader), so
 * that several messages share one database transaction. Nothing waits on a timer: with one sender
 * every message is stored alone as before; batches form only under concurrency.
 *
 * <p>The store decides which pending jobs may share a transaction ({@link Store#storeTogether}); a
 * shared transaction either commits all its jobs or none, and after a failed one every job of it is
 * stored again alone ({@link Store#storeAlone}), so one bad message fails alone and each job ends
 * with exactly one outcome: the result of its own commit, or its own failure. Storage is serialised
 * (one commit at a time); conversion and validation stay parallel in the callers.
 *
 * @param <J> a message ready to store
 * @param <R> what a stored message answers (its ACK)
 */
public final class GroupCommitter<J, R> {

  /** How messages are stored. Both methods run under the commit lock, one call at a time. */
  public interface Store<J, R> {

    /**
     * Stores the jobs in one transaction and returns their results in order, or throws and leaves
     * nothing of any of them stored. May store a subset and return {@code null} for the others;
     * those are then stored alone.
     */
    List<R> storeTogether(List<J> jobs);

    /** Stores one job in its own transaction; throws its failure. */
    R storeAlone(J job);
  }

  private final Store<J, R> store;
  private final int maxBatch;
  private final ConcurrentLinkedQueue<Pending<J, R>> pending = new ConcurrentLinkedQueue<>();
  private final ReentrantLock commitLock = new ReentrantLock();

  /**
   * @param maxBatch the most jobs one shared transaction takes (at least 1)
   */
  public GroupCommitter(Store<J, R> store, int maxBatch) {
    this.store = Objects.requireNonNull(store);
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1");
    }
    this.maxBatch = maxBatch;
  }

  /**
   * Stores {@code job}, alone or with others, and returns its result once its transaction has
   * committed; throws the job's own failure (a {@link RuntimeException} of {@link Store}).
   */
  public R store(J job) {
    Pending<J, R> mine = new Pending<>(job);
    pending.add(mine);
    while (!mine.done) {
      commitLock.lock();
      try {
        if (mine.done) {
          break;
        }
        List<Pending<J, R>> batch = new ArrayList<>();
        Pending<J, R> next;
        while (batch.size() < maxBatch && (next = pending.poll()) != null) {
          batch.add(next);
        }
        run(batch);
      } finally {
        commitLock.unlock();
      }
    }
    if (mine.failure != null) {
      throw mine.failure;
    }
    return mine.result;
  }

  /** Jobs queued and not yet taken by a commit (for tests and operations). */
  int waiting() {
    return pending.size();
  }

  private void run(List<Pending<J, R>> batch) {
    if (batch.isEmpty()) {
      return;
    }
    if (batch.size() > 1) {
      List<J> jobs = new ArrayList<>(batch.size());
      for (Pending<J, R> p : batch) {
        jobs.add(p.job);
      }
      List<R> results = null;
      try {
        results = store.storeTogether(jobs);
      } catch (RuntimeException e) {
        // nothing of the shared transaction is stored: each job is stored alone below
      }
      if (results != null) {
        for (int i = 0; i < batch.size(); i++) {
          R r = i < results.size() ? results.get(i) : null;
          if (r != null) {
            batch.get(i).succeed(r);
          }
        }
      }
    }
    for (Pending<J, R> p : batch) {
      if (!p.done) {
        try {
          p.succeed(store.storeAlone(p.job));
        } catch (RuntimeException e) {
          p.fail(e);
        }
      }
    }
  }

  private static final class Pending<J, R> {
    final J job;
    volatile boolean done;
    R result;
    RuntimeException failure;

    Pending(J job) {
      this.job = job;
    }

    void succeed(R r) {
      result = r;
      done = true;
    }

    void fail(RuntimeException e) {
      failure = e;
      done = true;
    }
  }
}
