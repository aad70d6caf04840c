package no.helsegateway.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The group commit on a small in-memory store with all-or-nothing shared transactions: jobs that
 * queue while a commit runs share the next one, a failed shared transaction stores each job alone,
 * and every job ends with its own outcome exactly once.
 */
class GroupCommitterTest {

  /** An all-or-nothing store: "bad" jobs fail, and a shared transaction with one fails whole. */
  static final class MemoryStore implements GroupCommitter.Store<String, String> {
    final Map<String, Integer> stored = new ConcurrentHashMap<>();
    final List<List<String>> transactions = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch firstCommitEntered = new CountDownLatch(1);
    final CountDownLatch releaseFirstCommit = new CountDownLatch(1);
    volatile boolean first = true;

    @Override
    public List<String> storeTogether(List<String> jobs) {
      transactions.add(List.copyOf(jobs));
      if (jobs.stream().anyMatch(j -> j.startsWith("bad"))) {
        throw new IllegalStateException("refused");
      }
      List<String> acks = new ArrayList<>();
      for (String j : jobs) {
        stored.merge(j, 1, Integer::sum);
        acks.add("ack " + j);
      }
      return acks;
    }

    @Override
    public String storeAlone(String job) {
      transactions.add(List.of(job));
      if (first) {
        first = false;
        firstCommitEntered.countDown();
        await(releaseFirstCommit);
      }
      if (job.startsWith("bad")) {
        throw new IllegalArgumentException("refused " + job);
      }
      stored.merge(job, 1, Integer::sum);
      return "ack " + job;
    }
  }

  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void aLoneJobIsStoredAloneAndGetsItsOwnResult() {
    MemoryStore store = new MemoryStore();
    store.first = false;
    GroupCommitter<String, String> committer = new GroupCommitter<>(store, 8);
    assertThat(committer.store("a")).isEqualTo("ack a");
    assertThat(store.transactions).containsExactly(List.of("a"));
  }

  @Test
  void jobsThatQueueDuringACommitShareTheNextTransaction() throws Exception {
    MemoryStore store = new MemoryStore();
    GroupCommitter<String, String> committer = new GroupCommitter<>(store, 8);
    Future<String> a = pool.submit(() -> committer.store("a"));
    await(store.firstCommitEntered);
    Future<String> b = pool.submit(() -> committer.store("b"));
    Future<String> c = pool.submit(() -> committer.store("c"));
    Future<String> d = pool.submit(() -> committer.store("d"));
    awaitQueued(committer, b, c, d);
    store.releaseFirstCommit.countDown();
    assertThat(List.of(a.get(10, TimeUnit.SECONDS), b.get(), c.get(), d.get()))
        .containsExactly("ack a", "ack b", "ack c", "ack d");
    assertThat(store.transactions).hasSize(2);
    assertThat(store.transactions.get(0)).containsExactly("a");
    assertThat(store.transactions.get(1)).containsExactlyInAnyOrder("b", "c", "d");
    assertThat(store.stored).containsOnlyKeys("a", "b", "c", "d").doesNotContainValue(2);
  }

  @Test
  void aBadJobInASharedTransactionFailsAloneAndTheOthersAreStoredOnce() throws Exception {
    MemoryStore store = new MemoryStore();
    GroupCommitter<String, String> committer = new GroupCommitter<>(store, 8);
    Future<String> a = pool.submit(() -> committer.store("a"));
    await(store.firstCommitEntered);
    Future<String> b = pool.submit(() -> committer.store("b"));
    Future<String> bad = pool.submit(() -> committer.store("bad1"));
    Future<String> d = pool.submit(() -> committer.store("d"));
    awaitQueued(committer, b, bad, d);
    store.releaseFirstCommit.countDown();
    assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo("ack a");
    assertThat(b.get()).isEqualTo("ack b");
    assertThat(d.get()).isEqualTo("ack d");
    assertThatThrownBy(bad::get)
        .hasCauseInstanceOf(IllegalArgumentException.class)
        .cause()
        .hasMessage("refused bad1");
    // the shared attempt of b, bad1, d was rolled back; each was then stored alone, once
    assertThat(store.stored).containsOnlyKeys("a", "b", "d").doesNotContainValue(2);
    assertThat(store.transactions.get(1)).containsExactlyInAnyOrder("b", "bad1", "d");
    assertThat(store.transactions.subList(2, store.transactions.size()))
        .containsExactlyInAnyOrder(List.of("b"), List.of("bad1"), List.of("d"));
  }

  @Test
  void aSharedTransactionTakesAtMostMaxBatchJobs() throws Exception {
    MemoryStore store = new MemoryStore();
    GroupCommitter<String, String> committer = new GroupCommitter<>(store, 2);
    Future<String> a = pool.submit(() -> committer.store("a"));
    await(store.firstCommitEntered);
    List<Future<String>> rest = new ArrayList<>();
    for (String j : List.of("b", "c", "d")) {
      rest.add(pool.submit(() -> committer.store(j)));
    }
    awaitQueued(committer, rest.toArray(Future[]::new));
    store.releaseFirstCommit.countDown();
    assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo("ack a");
    for (Future<String> f : rest) {
      assertThat(f.get(10, TimeUnit.SECONDS)).startsWith("ack ");
    }
    assertThat(store.transactions).allSatisfy(t -> assertThat(t).hasSizeLessThanOrEqualTo(2));
    assertThat(store.stored).containsOnlyKeys("a", "b", "c", "d").doesNotContainValue(2);
  }

  /** Waits (bounded) until the jobs' threads have queued behind the running commit. */
  private static void awaitQueued(GroupCommitter<String, String> committer, Future<?>... jobs)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (committer.waiting() < jobs.length && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(committer.waiting()).isEqualTo(jobs.length);
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
