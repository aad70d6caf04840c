package no.helsegateway.server.terminology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import no.helsegateway.terminology.CodeSystems;
import no.helsegateway.terminology.UnmappedCode;
import no.helsegateway.terminology.UnmappedCodeReport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * The database-backed store on H2 and, when one answers on 127.0.0.1:5432, on PostgreSQL (in a
 * schema of its own that is dropped afterwards): upsert counts, senders, first/last seen, and
 * concurrent recording from several threads through separate connections.
 */
class JdbcUnmappedCodeRecorderTest {

  private static final Instant T1 = Instant.parse("2026-01-01T10:00:00Z");
  private static final Instant T2 = Instant.parse("2026-01-02T10:00:00Z");

  @Test
  void h2() throws Exception {
    String url = "jdbc:h2:mem:unmapped-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    exercise(new SimpleDriverDataSource(new org.h2.Driver(), url, "sa", ""));
  }

  @Test
  void postgresql() throws Exception {
    String base =
        System.getProperty("gateway.it.pg.url", "jdbc:postgresql://127.0.0.1:5432/postgres");
    String schema =
        "unmapped_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(base, "postgres", "")) {
      c.createStatement().execute("CREATE SCHEMA " + schema);
    } catch (Exception e) {
      Assumptions.abort("no PostgreSQL on 127.0.0.1:5432");
    }
    try {
      exercise(
          new SimpleDriverDataSource(
              new org.postgresql.Driver(), base + "?currentSchema=" + schema, "postgres", ""));
    } finally {
      try (Connection c = DriverManager.getConnection(base, "postgres", "")) {
        c.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  private void exercise(DataSource dataSource) throws Exception {
    JdbcUnmappedCodeRecorder recorder = new JdbcUnmappedCodeRecorder(new JdbcTemplate(dataSource));
    // Created once, found the second time.
    recorder = new JdbcUnmappedCodeRecorder(new JdbcTemplate(dataSource));

    recorder.record(new UnmappedCode(CodeSystems.ICD10_NO, "R51", "her:1", T2));
    recorder.record(new UnmappedCode(CodeSystems.ICD10_NO, "r51", "her:2", T1));
    recorder.record(new UnmappedCode(CodeSystems.ICD10_NO, "R51", "her:1", T1));
    recorder.record(new UnmappedCode(CodeSystems.ICPC2_HL7, "k75", null, T1));

    UnmappedCodeReport report = recorder.report();
    assertThat(report.rows()).hasSize(2);
    UnmappedCodeReport.Row r51 = report.rows().get(0);
    assertThat(r51.code()).isEqualTo("R51");
    assertThat(r51.system()).isEqualTo(CodeSystems.ICD10_NO);
    assertThat(r51.count()).isEqualTo(3);
    assertThat(r51.senders()).containsExactlyInAnyOrder("her:1", "her:2");
    assertThat(r51.firstSeen()).isEqualTo(T1);
    assertThat(r51.lastSeen()).isEqualTo(T2);
    UnmappedCodeReport.Row k75 = report.rows().get(1);
    assertThat(k75.system()).isEqualTo(CodeSystems.ICPC2_NO);
    assertThat(k75.code()).isEqualTo("K75");
    assertThat(k75.senders()).containsExactly("unknown");

    // Concurrency: 4 threads x 100 sightings of the same new code from two senders.
    final JdbcUnmappedCodeRecorder shared = recorder;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        final int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 100; i++) {
                    shared.record(
                        new UnmappedCode(
                            CodeSystems.SNOMED_CT,
                            "999999999",
                            "sender-" + (thread % 2),
                            T1.plusSeconds(i)));
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    UnmappedCodeReport after = recorder.report();
    UnmappedCodeReport.Row hot = after.rows().get(0);
    assertThat(hot.code()).isEqualTo("999999999");
    assertThat(hot.count()).isEqualTo(400);
    assertThat(hot.senders()).containsExactlyInAnyOrder("sender-0", "sender-1");
    assertThat(hot.lastSeen()).isEqualTo(T1.plusSeconds(99));

    // Rendering of what the store returns.
    assertThat(after.toJson()).contains("\"code\" : \"R51\"").contains("\"count\" : 3");
    assertThat(after.toCsv())
        .startsWith("code,system,count,senders,first_seen,last_seen\r\n")
        .contains(
            "R51,"
                + CodeSystems.ICD10_NO
                + ",3,her:1;her:2,2026-01-01T10:00:00Z,2026-01-02T10:00:00Z\r\n");
  }

  @Test
  void onlyH2AndPostgresql() {
    assertThat(JdbcUnmappedCodeRecorder.upsertFor("PostgreSQL")).contains("ON CONFLICT");
    assertThat(JdbcUnmappedCodeRecorder.upsertFor("H2")).startsWith("MERGE");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> JdbcUnmappedCodeRecorder.upsertFor("MySQL"))
        .isInstanceOf(IllegalStateException.class);
  }
}
