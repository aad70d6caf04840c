package no.helsegateway.server.security.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import no.helsegateway.server.security.audit.AuditEntry;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The access-log journal on a real access log (H2 in memory) and real files: a record is in the
 * journal file when {@link AuditJournal#append} returns, reading the log sees it, a restart after a
 * crash copies what was not yet moved exactly once, a torn last record is skipped, and an append
 * that cannot be written throws (fail closed).
 */
class AuditJournalTest {

  @TempDir Path dir;

  JdbcAuditLog log;
  AuditJournal journal;

  @BeforeEach
  void open() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:audit-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    log = new JdbcAuditLog(new JdbcTemplate(ds));
    // a long interval: only reads (and close) move the journal in these tests
    journal = new AuditJournal(log, dir, false, Duration.ofHours(1));
  }

  @AfterEach
  void close() {
    journal.close();
  }

  static AuditEntry entry(String requestId) {
    return new AuditEntry(
        UUID.randomUUID().toString(),
        Instant.parse("2026-03-19T06:45:00Z"),
        requestId,
        AuditFacts.REST,
        "R",
        "read",
        0,
        "13116900216",
        null,
        "Åse Prøve-Ærlig",
        "bench-client",
        "993467049",
        null,
        "TREAT",
        null,
        false,
        List.of("Patient/p" + requestId, "urn:oid:2.16.578.1.12.4.1.4.1|13116900216"));
  }

  private long journalBytes() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.mapToLong(p -> p.toFile().length()).sum();
    }
  }

  @Test
  void aRecordIsInTheJournalWhenAppendReturnsAndReadingTheLogSeesIt() throws Exception {
    journal.append(entry("r1"), "{\"a\":1}");

    assertThat(journalBytes()).isPositive();
    // the read moves the journal in first
    assertThat(log.countByRequestId("r1")).isEqualTo(1);
    List<AuditEntry> found = log.search(List.of("Patient/pr1"), null, null, 10);
    assertThat(found).hasSize(1);
    assertThat(found.get(0).agentName()).isEqualTo("Åse Prøve-Ærlig");
    assertThat(found.get(0).patients())
        .containsExactlyInAnyOrder("Patient/pr1", "urn:oid:2.16.578.1.12.4.1.4.1|13116900216");
    assertThat(log.json(found.get(0).id())).contains("{\"a\":1}");
    // moved: the segment is gone
    assertThat(journalBytes()).isZero();
  }

  @Test
  void concurrentAppendsAreEachStoredOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 100; i++) {
                    journal.append(entry(thread + "-" + i), "{\"n\":" + i + "}");
                    if (i % 25 == 0) {
                      // readers move the journal while others append
                      assertThat(log.countByRequestId(thread + "-" + i)).isEqualTo(1);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(log.search(null, null, null, 10_000)).hasSize(800);
  }

  @Test
  void aRestartCopiesWhatACrashLeftExactlyOnceAndSkipsATornLastRecord() throws Exception {
    // a second journal on another directory stands for the crashed process: its records were
    // appended but never moved, and its last write was cut short
    Path crashed = Files.createDirectory(dir.resolve("crashed"));
    List<JdbcAuditLog.Row> rows = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      rows.add(new JdbcAuditLog.Row(entry("c" + i), "{}"));
    }
    Path segment = crashed.resolve("audit-7.journal");
    for (JdbcAuditLog.Row r : rows) {
      Files.write(
          segment,
          AuditJournal.frame(AuditJournal.encode(r)).array(),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
    byte[] torn =
        AuditJournal.frame(AuditJournal.encode(new JdbcAuditLog.Row(entry("torn"), "{}"))).array();
    Files.write(segment, java.util.Arrays.copyOf(torn, torn.length / 2), StandardOpenOption.APPEND);
    // the first record was copied before the crash, its segment not yet deleted
    log.insertAll(List.of(rows.get(0)));

    new AuditJournal(log, crashed, false, Duration.ofHours(1)).close();

    for (int i = 0; i < 3; i++) {
      assertThat(log.countByRequestId("c" + i)).as("c" + i).isEqualTo(1);
    }
    assertThat(log.countByRequestId("torn")).isZero();
    try (Stream<Path> left = Files.list(crashed)) {
      assertThat(left.filter(p -> p.toString().endsWith("audit-7.journal"))).isEmpty();
    }
  }

  @Test
  void recordsNotMovedAtCloseAreMovedThenOrAtTheNextStart() throws Exception {
    journal.append(entry("k1"), "{}");
    journal.close();
    journal = new AuditJournal(log, dir, false, Duration.ofHours(1));
    journal.append(entry("k2"), "{}");

    assertThat(log.countByRequestId("k1")).isEqualTo(1);
    assertThat(log.countByRequestId("k2")).isEqualTo(1);
  }

  @Test
  void anAppendThatCannotBeWrittenThrowsAndLeavesNoRecord() {
    log.simulateOutage(true);

    assertThatThrownBy(() -> journal.append(entry("down"), "{}"))
        .isInstanceOf(RuntimeException.class);
    log.simulateOutage(false);
    assertThat(log.countByRequestId("down")).isZero();
    journal.append(entry("up"), "{}");
    assertThat(log.countByRequestId("up")).isEqualTo(1);
  }

  @Test
  void theMoverMovesFullBatchesWithoutAReader() throws Exception {
    journal.close();
    journal = new AuditJournal(log, dir, true, Duration.ofMillis(20));
    for (int i = 0; i < AuditJournal.BATCH + 10; i++) {
      journal.append(entry("m" + i), "{}");
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    Integer n = 0;
    while (System.nanoTime() < deadline) {
      // counted in SQL, not through a read of the log, which would move the journal itself
      n =
          new JdbcTemplate(log.dataSource())
              .queryForObject("SELECT COUNT(*) FROM " + JdbcAuditLog.EVENTS, Integer.class);
      if (n != null && n == AuditJournal.BATCH + 10) {
        break;
      }
      Thread.sleep(20);
    }
    assertThat(n).isEqualTo(AuditJournal.BATCH + 10);
  }
}
