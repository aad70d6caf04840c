package no.helsegateway.server.emessage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Group commit of the pipeline's units on a real (in-memory H2) database. */
class GroupedTransactionsTest {

  private JdbcTemplate jdbc;
  private DataSourceTransactionManager tm;
  private ExecutorService pool;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @BeforeEach
  void database() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:grouped-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    jdbc = new JdbcTemplate(ds);
    jdbc.execute("CREATE TABLE msg (id VARCHAR(20) PRIMARY KEY, tx VARCHAR(80))");
    tm = new DataSourceTransactionManager(ds);
    pool = Executors.newFixedThreadPool(8);
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** One unit: a row named after the message, tagged with the transaction that wrote it. */
  private String store(String id) {
    jdbc.update("INSERT INTO msg (id, tx) VALUES (?, ?)", id, transactionTag());
    return "stored " + id;
  }

  private static String transactionTag() {
    // the same synchronisation-bound object for every unit of one transaction
    Object key = GroupedTransactionsTest.class;
    Object tag = TransactionSynchronizationManager.getResource(key);
    if (tag == null) {
      tag = "tx-" + System.nanoTime();
      TransactionSynchronizationManager.bindResource(key, tag);
      Object bound = tag;
      TransactionSynchronizationManager.registerSynchronization(
          new org.springframework.transaction.support.TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
              TransactionSynchronizationManager.unbindResourceIfPossible(key);
            }
          });
      return (String) bound;
    }
    return (String) tag;
  }

  @Test
  void concurrentUnitsShareCommitsAndABadOneFailsAlone() throws Exception {
    GroupedTransactions tx = new GroupedTransactions(tm, 4, meters);
    int units = 200;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> answers = new ArrayList<>();
    for (int i = 0; i < units; i++) {
      String id = "m" + i;
      answers.add(
          pool.submit(
              () -> {
                start.await();
                return tx.inTransaction(
                    () -> {
                      String answer = store(id);
                      if (id.endsWith("7")) {
                        throw new IllegalStateException("refused " + id);
                      }
                      return answer;
                    });
              }));
    }
    start.countDown();

    int refused = 0;
    for (int i = 0; i < units; i++) {
      try {
        assertThat(answers.get(i).get(60, TimeUnit.SECONDS)).isEqualTo("stored m" + i);
        assertThat(("m" + i).endsWith("7")).isFalse();
      } catch (java.util.concurrent.ExecutionException e) {
        assertThat(e.getCause()).hasMessage("refused m" + i);
        refused++;
      }
    }
    assertThat(refused).isEqualTo(20);
    // every good unit stored exactly once, no refused unit left anything behind
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM msg", Integer.class)).isEqualTo(180);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM msg WHERE id LIKE '%7'", Integer.class))
        .isZero();
    // and some of them shared a transaction
    Set<String> transactions = ConcurrentHashMap.newKeySet();
    transactions.addAll(jdbc.queryForList("SELECT tx FROM msg", String.class));
    assertThat(transactions.size()).isLessThan(180);
    // the meters say the same: every committed unit counted once, some shared transactions
    var commits = meters.get("gateway.emessages.commits").summary();
    assertThat(commits.totalAmount()).isEqualTo(180.0);
    assertThat(commits.count()).isEqualTo(transactions.size());
    assertThat(meters.get("gateway.emessages.commit.fallbacks").counter().count()).isPositive();
  }

  @Test
  void aUnitAloneAndACallerInsideATransactionKeepTheirOwnTransaction() {
    GroupedTransactions tx = new GroupedTransactions(tm, 4, meters);
    assertThat(tx.inTransaction(() -> store("alone"))).isEqualTo("stored alone");
    assertThat(tx.<String>inTransaction(() -> null)).isNull();

    TransactionTemplate outer = new TransactionTemplate(tm);
    assertThatThrownBy(
            () ->
                outer.executeWithoutResult(
                    status -> {
                      tx.inTransaction(() -> store("joined"));
                      throw new IllegalStateException("outer rolls back");
                    }))
        .hasMessage("outer rolls back");
    assertThat(jdbc.queryForList("SELECT id FROM msg", String.class)).containsExactly("alone");
  }
}
