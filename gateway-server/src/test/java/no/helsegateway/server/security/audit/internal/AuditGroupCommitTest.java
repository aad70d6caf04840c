package no.helsegateway.server.security.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import no.helsegateway.server.security.audit.AuditEntry;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The group commit on a real access log (H2 in memory): a record is committed when {@link
 * AuditGroupCommit#append} returns, alone or with concurrent requests', and an append whose commit
 * fails throws (fail closed) and leaves no row.
 */
class AuditGroupCommitTest {

  JdbcAuditLog log;
  AuditGroupCommit group;

  @BeforeEach
  void open() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:audit-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    log = new JdbcAuditLog(new JdbcTemplate(ds));
    group = new AuditGroupCommit(log, Duration.ofSeconds(30));
  }

  @AfterEach
  void close() {
    group.close();
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
        null,
        null,
        null,
        "bench-client",
        "993467049",
        null,
        null,
        null,
        false,
        List.of("Patient/p" + requestId));
  }

  @Test
  void oneRecordIsCommittedWhenAppendReturns() {
    group.append(entry("r1"), "{}");

    assertThat(log.countByRequestId("r1")).isEqualTo(1);
    assertThat(log.search(List.of("Patient/pr1"), null, null, 10)).hasSize(1);
  }

  @Test
  void concurrentRecordsAreEachCommittedBeforeTheirAppendReturns() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> seen = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        seen.add(
            pool.submit(
                () -> {
                  int committed = 0;
                  for (int i = 0; i < 40; i++) {
                    String id = thread + "-" + i;
                    group.append(entry(id), "{\"n\":" + i + "}");
                    committed += log.countByRequestId(id);
                  }
                  return committed;
                }));
      }
      for (Future<Integer> f : seen) {
        assertThat(f.get()).isEqualTo(40);
      }
    } finally {
      pool.shutdown();
    }
    assertThat(log.search(null, null, null, 1000)).hasSize(8 * 40);
  }

  @Test
  void aFailedCommitThrowsAndLeavesNoRow() {
    log.simulateOutage(true);

    assertThatThrownBy(() -> group.append(entry("down"), "{}"))
        .isInstanceOf(RuntimeException.class);
    log.simulateOutage(false);
    assertThat(log.countByRequestId("down")).isZero();
    group.append(entry("up"), "{}");
    assertThat(log.countByRequestId("up")).isEqualTo(1);
  }
}
