package no.helsegateway.terminology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import no.helsegateway.terminology.internal.unmapped.InMemoryUnmappedCodeRecorder;
import org.junit.jupiter.api.Test;

/** The unmapped-code report: aggregation, JSON and CSV, thread safety, bound. */
class UnmappedCodeRecorderTest {

  private static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-03-02T00:00:00Z"), ZoneOffset.UTC);

  private static UnmappedCode seen(String system, String code, String sender, long minutes) {
    return new UnmappedCode(system, code, sender, T0.plusSeconds(60 * minutes));
  }

  @Test
  void aggregatesByNormalisedSystemAndCode() {
    UnmappedCodeRecorder recorder = new InMemoryUnmappedCodeRecorder(100, CLOCK);
    recorder.record(seen(CodeSystems.ICD10_NO, "X999", "her:8094866", 10));
    recorder.record(seen(CodeSystems.ICD10_NO, "x99.9", "her:8094866", 5));
    recorder.record(seen(CodeSystems.ICD10_NO, "X99.9", "her:112374", 20));
    recorder.record(seen(CodeSystems.ICPC2_HL7, "z99", null, 1));

    UnmappedCodeReport report = recorder.report();
    assertThat(report.generatedAt()).isEqualTo(CLOCK.instant());
    assertThat(report.rows())
        .containsExactly(
            new UnmappedCodeReport.Row(
                "X99.9",
                CodeSystems.ICD10_NO,
                3,
                java.util.Set.of("her:8094866", "her:112374"),
                T0.plusSeconds(300),
                T0.plusSeconds(1200)),
            new UnmappedCodeReport.Row(
                "Z99",
                CodeSystems.ICPC2_NO,
                1,
                java.util.Set.of("unknown"),
                T0.plusSeconds(60),
                T0.plusSeconds(60)));
  }

  @Test
  void rendersJson() throws Exception {
    UnmappedCodeRecorder recorder = new InMemoryUnmappedCodeRecorder(100, CLOCK);
    recorder.record(seen(CodeSystems.SNOMED_CT, "1000009", "b", 0));
    recorder.record(seen(CodeSystems.SNOMED_CT, "1000009", "a", 1));
    JsonNode json = new ObjectMapper().readTree(recorder.report().toJson());
    assertThat(json.path("generatedAt").asText()).isEqualTo("2025-03-02T00:00:00Z");
    JsonNode row = json.path("rows").get(0);
    assertThat(row.path("code").asText()).isEqualTo("1000009");
    assertThat(row.path("system").asText()).isEqualTo(CodeSystems.SNOMED_CT);
    assertThat(row.path("count").asLong()).isEqualTo(2);
    assertThat(row.path("senders").toString()).isEqualTo("[\"a\",\"b\"]");
    assertThat(row.path("firstSeen").asText()).isEqualTo("2025-03-01T08:00:00Z");
    assertThat(row.path("lastSeen").asText()).isEqualTo("2025-03-01T08:01:00Z");
  }

  @Test
  void rendersCsvWithQuotingAndFormulaDefused() {
    UnmappedCodeRecorder recorder = new InMemoryUnmappedCodeRecorder(100, CLOCK);
    recorder.record(seen("urn:example:local", "A,1", "=cmd", 0));
    recorder.record(seen("urn:example:local", "A,1", "sender \"x\"", 1));
    assertThat(recorder.report().toCsv())
        .isEqualTo(
            "code,system,count,senders,first_seen,last_seen\r\n"
                + "\"A,1\",urn:example:local,2,\"'=cmd;sender \"\"x\"\"\","
                + "2025-03-01T08:00:00Z,2025-03-01T08:01:00Z\r\n");
  }

  @Test
  void isBoundedAndCountsWhatItDrops() {
    UnmappedCodeRecorder recorder = new InMemoryUnmappedCodeRecorder(2, CLOCK);
    recorder.record(seen(CodeSystems.ICD10_NO, "A00", "s", 0));
    recorder.record(seen(CodeSystems.ICD10_NO, "A01", "s", 0));
    recorder.record(seen(CodeSystems.ICD10_NO, "A02", "s", 0));
    recorder.record(seen(CodeSystems.ICD10_NO, "A00", "s", 1));
    UnmappedCodeReport report = recorder.report();
    assertThat(report.rows())
        .extracting(UnmappedCodeReport.Row::code)
        .containsExactly("A00", "A01");
    assertThat(report.droppedSightings()).isEqualTo(1);
  }

  @Test
  void countsEverySightingFromManyThreads() throws Exception {
    UnmappedCodeRecorder recorder = UnmappedCodeRecorder.inMemory();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int t = 0; t < 4; t++) {
        String sender = "sender-" + t;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < 5_000; i++) {
                    recorder.record(seen(CodeSystems.ICD10_NO, "B" + (i % 10), sender, i));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    UnmappedCodeReport report = recorder.report();
    assertThat(report.rows()).hasSize(10);
    assertThat(report.rows()).allSatisfy(r -> assertThat(r.count()).isEqualTo(2_000));
    assertThat(report.rows()).allSatisfy(r -> assertThat(r.senders()).hasSize(4));
  }
}
