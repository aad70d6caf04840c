package no.helsegateway.server.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import no.helsegateway.server.SharedContextIT;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * HL7 v2 over MLLP against the running gateway (shared context; the listener is on {@link
 * SharedContextIT#HL7V2_PORT}): every ACK is checked, stored counts are read back from the FHIR
 * store and the de-duplication log. Each test uses its own sending facility and visit-number
 * authority, so the tests do not see each other's data. Synthetic persons only.
 */
class Hl7v2MllpIT extends SharedContextIT {

  private static final AtomicInteger PERSON = new AtomicInteger();

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Facilities are unique per run: the H2 file database under target/ outlives a run. */
  private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired MeterRegistry meters;

  @Test
  void thousandMessagesOnOneConnectionAreAllAcknowledgedAndStored() throws Exception {
    String facility = "IT1K" + RUN;
    List<String> fnrs = List.of(fnr(), fnr(), fnr(), fnr(), fnr());
    try (MllpClient c = new MllpClient(HL7V2_PORT)) {
      for (int i = 0; i < 1000; i++) {
        String id = "K" + i;
        String ack = c.send(adt("A01", facility, id, fnrs.get(i % fnrs.size()), "V" + i));
        assertThat(MllpClient.ackCode(ack)).as("ACK of %s", id).isEqualTo("AA");
        assertThat(MllpClient.ackControlId(ack)).isEqualTo(id);
      }
    }
    assertThat(encounters(facility)).isEqualTo(1000);
    assertThat(logged(facility)).isEqualTo(1000);
  }

  @Test
  void tenParallelConnectionsAreAllAcknowledgedAndStored() throws Exception {
    String facility = "ITPAR" + RUN;
    int connections = 10;
    int perConnection = 40;
    assertThat(sendInParallel(facility, "P", connections, perConnection, null))
        .isEqualTo(connections * perConnection);
    assertThat(encounters(facility)).isEqualTo(connections * perConnection);
    assertThat(logged(facility)).isEqualTo(connections * perConnection);
    // the access log: one record per message naming exactly its own patient (a connection's
    // messages are about one person, different connections' about different ones, and the group
    // commit stores several connections' messages in one FHIR transaction)
    java.util.Map<String, java.util.Set<String>> patients = new java.util.HashMap<>();
    java.util.Map<String, Integer> perRecord = new java.util.HashMap<>();
    for (java.util.Map<String, Object> row :
        jdbc.queryForList(
            "SELECT e.request_id, p.patient FROM gw_audit_event e JOIN gw_audit_patient p"
                + " ON p.event_id = e.id WHERE e.request_id LIKE ?",
            facility + "|%")) {
      String request = (String) row.get("REQUEST_ID");
      String connection = request.substring(request.indexOf('|') + 1, request.indexOf('-'));
      patients
          .computeIfAbsent(connection, k -> new java.util.HashSet<>())
          .add((String) row.get("PATIENT"));
      perRecord.merge(request, 1, Integer::sum);
    }
    assertThat(perRecord).hasSize(connections * perConnection);
    assertThat(perRecord.values()).allMatch(n -> n == 1);
    assertThat(patients).hasSize(connections);
    assertThat(patients.values()).allMatch(p -> p.size() == 1);
    assertThat(patients.values().stream().flatMap(java.util.Set::stream).distinct().count())
        .isEqualTo(connections);
  }

  @Test
  void aResentMessageGetsTheSameAckAndCreatesNothing() throws Exception {
    String facility = "ITDUP" + RUN;
    String msg = adt("A01", facility, "D1", fnr(), "V1");
    try (MllpClient c = new MllpClient(HL7V2_PORT)) {
      String first = c.send(msg);
      String second = c.send(msg);
      assertThat(MllpClient.ackCode(first)).isEqualTo("AA");
      assertThat(second).isEqualTo(first);
    }
    assertThat(encounters(facility)).isEqualTo(1);
    assertThat(logged(facility)).isEqualTo(1);
  }

  @Test
  void malformedInputIsAnsweredAndTheConnectionStaysUsable() throws Exception {
    String facility = "ITBAD" + RUN;
    String fnr = fnr();
    try (MllpClient c = new MllpClient(HL7V2_PORT)) {
      // no MSH
      assertThat(MllpClient.ackCode(c.send("PID|1||" + fnr + "^^^FNR^FNR||Test^Kari")))
          .isEqualTo("AR");
      assertOk(c, facility, fnr, "B1");
      // wrong encoding characters
      assertThat(
              MllpClient.ackCode(
                  c.send("MSH|^^\\&|A|" + facility + "|G|G|20240101||ADT^A01|X2|P|2.5.1")))
          .isEqualTo("AR");
      assertOk(c, facility, fnr, "B2");
      // truncated content: cut inside PID
      String whole = adt("A01", facility, "X3", fnr, "VX3");
      assertThat(MllpClient.ackCode(c.send(whole.substring(0, whole.indexOf("PID|") + 20))))
          .isEqualTo("AE");
      assertOk(c, facility, fnr, "B3");
      // unknown message type
      assertThat(
              MllpClient.ackCode(
                  c.send("MSH|^~\\&|A|" + facility + "|G|G|20240101||ZZZ^Z99|X4|P|2.5.1\rPID|1")))
          .isEqualTo("AR");
      assertOk(c, facility, fnr, "B4");
      // a frame larger than the limit (but within the transport's hard cap)
      String big =
          adt("A01", facility, "X5", fnr, "VX5") + "\rNTE|1||" + "x".repeat(HL7V2_MAX_FRAME_BYTES);
      String ack = c.send(big);
      assertThat(MllpClient.ackCode(ack)).isEqualTo("AR");
      assertThat(ack).contains("ERR|");
      assertOk(c, facility, fnr, "B5");
      // an invalid fødselsnummer (check digits): refused by the profile validation, AE
      assertThat(MllpClient.ackCode(c.send(adt("A01", facility, "X6", "13031353454", "VX6"))))
          .isEqualTo("AE");
      assertOk(c, facility, fnr, "B6");
    }
    // only the six good messages were stored
    assertThat(encounters(facility)).isEqualTo(6);
    assertThat(logged(facility)).isEqualTo(6);
  }

  @Test
  void mergeLinksBothPatientsAndCancelAdmitMarksTheEncounter() throws Exception {
    String facility = "ITMRG" + RUN;
    String surviving = fnr();
    String prior = fnr();
    try (MllpClient c = new MllpClient(HL7V2_PORT)) {
      assertThat(MllpClient.ackCode(c.send(adt("A01", facility, "M1", surviving, "VM1"))))
          .isEqualTo("AA");
      assertThat(MllpClient.ackCode(c.send(adt("A28", facility, "M2", prior, null))))
          .isEqualTo("AA");
      String a40 =
          "MSH|^~\\&|DIPS|"
              + facility
              + "|GW|GW|20240115120000||ADT^A40^ADT_A39|M3|P|2.5.1\r"
              + "EVN|A40|20240115120000\r"
              + "PID|1||"
              + surviving
              + "^^^FNR^FNR||Nordmann^Kari||19800101|F\r"
              + "MRG|"
              + prior
              + "^^^FNR^FNR";
      assertThat(MllpClient.ackCode(c.send(adt("A11", facility, "M5", surviving, "VM1"))))
          .isEqualTo("AA");
      assertThat(MllpClient.ackCode(c.send(a40))).isEqualTo("AA");
      // unknown prior patient: nothing to link, AE
      String unknown = a40.replace("|M3|", "|M4|").replace("MRG|" + prior, "MRG|" + fnr());
      assertThat(MllpClient.ackCode(c.send(unknown))).isEqualTo("AE");
      assertThat(MllpClient.ackCode(c.send(adt("A11", facility, "M5", surviving, "VM1"))))
          .isEqualTo("AA");
    }
    Patient s = patient(surviving);
    Patient p = patient(prior);
    assertThat(s.getLink()).hasSize(1);
    assertThat(s.getLink().get(0).getType()).isEqualTo(Patient.LinkType.REPLACES);
    assertThat(s.getLink().get(0).getOther().getIdentifier().getValue()).isEqualTo(prior);
    assertThat(p.getLink()).hasSize(1);
    assertThat(p.getLink().get(0).getType()).isEqualTo(Patient.LinkType.REPLACEDBY);
    assertThat(p.getNameFirstRep().getFamily()).isEqualTo("Nordmann");
    Encounter e =
        (Encounter)
            search("Encounter", "urn:helsegateway:hl7v2:" + facility + ":vn", "VM1", false)
                .getEntryFirstRep()
                .getResource();
    assertThat(e.getStatus()).isEqualTo(Encounter.EncounterStatus.ENTEREDINERROR);
  }

  /**
   * End-to-end figure (not a pass/fail goal on a shared 2-core machine): 4 connections send ADT
   * messages over MLLP with validation and storage. A warm-up round (default 4 x 50 messages, own
   * facility) is sent first and not counted; then the measured round (default 4 x 250). Throughput,
   * p50/p95 send-to-ACK latency and the mean per stage over the measured round only are printed and
   * written to target/hl7v2-e2e.txt (see docs/benchmarks-hl7v2.md).
   */
  @Test
  void fourConnectionsEndToEndFigures() throws Exception {
    int connections = Integer.getInteger("hl7v2.e2e.connections", 4);
    int perConnection = Integer.getInteger("hl7v2.e2e.messages", 250);
    int warmUp = Integer.getInteger("hl7v2.e2e.warmup", 50);
    if (warmUp > 0) {
      assertThat(sendInParallel("ITWRM" + RUN, "W", connections, warmUp, null))
          .isEqualTo(connections * warmUp);
    }
    List<String> stageNames = List.of("convert", "validate", "store");
    double[] countBefore = new double[stageNames.size()];
    double[] totalBefore = new double[stageNames.size()];
    for (int i = 0; i < stageNames.size(); i++) {
      Timer timer = meters.find("gateway_hl7v2_stage").tag("stage", stageNames.get(i)).timer();
      countBefore[i] = timer == null ? 0 : timer.count();
      totalBefore[i] = timer == null ? 0 : timer.totalTime(TimeUnit.MILLISECONDS);
    }
    DistributionSummary groups = meters.find("gateway_hl7v2_commit_messages").summary();
    long commitsBefore = groups == null ? 0 : groups.count();
    double committedBefore = groups == null ? 0 : groups.totalAmount();
    String facility = "ITE2E" + RUN;
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    long cpuStart = processCpuNanos();
    java.util.Map<Long, Long> threadCpuStart = javaThreadCpuNanos();
    long start = System.nanoTime();
    assertThat(sendInParallel(facility, "E", connections, perConnection, latencies))
        .isEqualTo(connections * perConnection);
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuMsPerMessage = (processCpuNanos() - cpuStart) / 1e6 / (connections * perConnection);
    long threadCpu = 0;
    for (var e : javaThreadCpuNanos().entrySet()) {
      threadCpu += e.getValue() - threadCpuStart.getOrDefault(e.getKey(), 0L);
    }
    double threadCpuMsPerMessage = threadCpu / 1e6 / (connections * perConnection);
    StringBuilder stages = new StringBuilder();
    for (int i = 0; i < stageNames.size(); i++) {
      Timer timer = meters.find("gateway_hl7v2_stage").tag("stage", stageNames.get(i)).timer();
      double n = timer == null ? 0 : timer.count() - countBefore[i];
      if (n > 0) {
        double mean = (timer.totalTime(TimeUnit.MILLISECONDS) - totalBefore[i]) / n;
        stages.append(String.format(Locale.ROOT, " %s=%.1f", stageNames.get(i), mean));
      }
    }
    groups = meters.find("gateway_hl7v2_commit_messages").summary();
    long commits = groups == null ? 0 : groups.count() - commitsBefore;
    double perCommit = commits == 0 ? 0 : (groups.totalAmount() - committedBefore) / commits;
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    String figures =
        String.format(
            Locale.ROOT,
            "hl7v2 e2e: connections=%d messages=%d (after %d warm-up) seconds=%.1f"
                + " throughput=%.1f msg/s p50=%.1f ms p95=%.1f ms p99=%.1f ms;"
                + " process CPU %.2f ms/message (%.0f messages per CPU-second),"
                + " of which Java threads %.2f ms/message (JIT compiler and GC not counted);"
                + " commits=%d (%.2f messages per commit);"
                + " mean ms per stage (measured messages):%s%n",
            connections,
            sorted.size(),
            connections * warmUp,
            seconds,
            sorted.size() / seconds,
            sorted.get(sorted.size() / 2) / 1e6,
            sorted.get((int) (sorted.size() * 0.95)) / 1e6,
            sorted.get((int) (sorted.size() * 0.99)) / 1e6,
            cpuMsPerMessage,
            1000 / cpuMsPerMessage,
            threadCpuMsPerMessage,
            commits,
            perCommit,
            stages);
    System.out.print(figures);
    Files.writeString(Path.of("target/hl7v2-e2e.txt"), figures);
    assertThat(encounters(facility)).isEqualTo(connections * perConnection);
  }

  /**
   * CPU time of the whole test JVM (gateway, JIT, GC and the test's own MLLP clients), all threads.
   */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * CPU time per live Java thread (gateway and test clients; JIT compiler threads are hidden from
   * this view and GC threads are not Java threads), by thread id.
   */
  private static java.util.Map<Long, Long> javaThreadCpuNanos() {
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    java.util.Map<Long, Long> cpu = new java.util.HashMap<>();
    for (long id : threads.getAllThreadIds()) {
      long t = threads.getThreadCpuTime(id);
      if (t > 0) {
        cpu.put(id, t);
      }
    }
    return cpu;
  }

  /**
   * Sends {@code perConnection} ADT^A01 messages on each of {@code connections} parallel
   * connections (one synthetic person per connection, a new visit per message) and returns how many
   * were answered AA with their own control id; records send-to-ACK nanoseconds when {@code
   * latencies} is given.
   */
  private static int sendInParallel(
      String facility, String prefix, int connections, int perConnection, List<Long> latencies)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < connections; t++) {
        String fnr = fnr();
        String connection = prefix + t + "-";
        results.add(
            pool.submit(
                () -> {
                  int ok = 0;
                  try (MllpClient c = new MllpClient(HL7V2_PORT)) {
                    for (int i = 0; i < perConnection; i++) {
                      String id = connection + i;
                      long t0 = System.nanoTime();
                      String ack = c.send(adt("A01", facility, id, fnr, "V" + id));
                      if (latencies != null) {
                        latencies.add(System.nanoTime() - t0);
                      }
                      if ("AA".equals(MllpClient.ackCode(ack))
                          && id.equals(MllpClient.ackControlId(ack))) {
                        ok++;
                      }
                    }
                  }
                  return ok;
                }));
      }
      int ok = 0;
      for (Future<Integer> f : results) {
        ok += f.get();
      }
      return ok;
    } finally {
      pool.shutdownNow();
    }
  }

  private void assertOk(MllpClient c, String facility, String fnr, String id) throws Exception {
    String ack = c.send(adt("A01", facility, id, fnr, "V" + id));
    assertThat(MllpClient.ackCode(ack)).as("ACK of %s after a bad one", id).isEqualTo("AA");
  }

  static String adt(String event, String facility, String controlId, String fnr, String visit) {
    String structure =
        switch (event) {
          case "A28", "A31", "A05" -> "ADT_A05";
          case "A11" -> "ADT_A09";
          default -> "ADT_A01";
        };
    return "MSH|^~\\&|DIPS|"
        + facility
        + "|GW|GW|20240115083000||ADT^"
        + event
        + "^"
        + structure
        + "|"
        + controlId
        + "|P|2.5.1\r"
        + "EVN|"
        + event
        + "|20240115083000\r"
        + "PID|1||"
        + fnr
        + "^^^FNR^FNR||Nordmann^Kari||19800101|F\r"
        + (visit == null
            ? "PV1|1|N"
            : "PV1|1|I|MED^101^1^"
                + facility
                + "||||||||||||||||"
                + visit
                + "^^^"
                + facility
                + "^VN|||||||||||||||||||||||||20240115080000");
  }

  private int encounters(String facility) throws Exception {
    return search("Encounter", "urn:helsegateway:hl7v2:" + facility + ":vn", "", true).getTotal();
  }

  private Patient patient(String fnr) throws Exception {
    Bundle b = search("Patient", "urn:oid:2.16.578.1.12.4.1.4.1", fnr, false);
    assertThat(b.getEntry()).as("Patients with the fødselsnummer").hasSize(1);
    return (Patient) b.getEntryFirstRep().getResource();
  }

  /** A search over the REST API (black box): identifier=system|value. */
  private Bundle search(String type, String system, String value, boolean count) throws Exception {
    String q =
        URLEncoder.encode(system + "|" + value, StandardCharsets.UTF_8)
            + (count ? "&_summary=count" : "");
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/fhir/" + type + "?identifier=" + q))
                .header("Accept", "application/fhir+json")
                .header("Authorization", readerBearer())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, r.body());
  }

  private long logged(String facility) {
    Long n =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM gw_hl7v2_message WHERE sending_facility = ?",
            Long.class,
            facility);
    return n == null ? 0 : n;
  }

  /** A fresh synthetic fødselsnummer with valid mod-11 check digits (born 1980-2009). */
  static String fnr() {
    while (true) {
      int n = PERSON.incrementAndGet();
      int day = 1 + n % 28;
      int month = 1 + (n / 28) % 12;
      int year = 80 + (n / 336) % 20;
      int individual = 100 + (n * 7) % 399;
      String base = String.format("%02d%02d%02d%03d", day, month, year, individual);
      String full = withCheckDigits(base);
      if (full != null) {
        return full;
      }
    }
  }

  static String withCheckDigits(String nine) {
    int[] w1 = {3, 7, 6, 1, 8, 9, 4, 5, 2};
    int[] w2 = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
    int[] d = new int[11];
    for (int i = 0; i < 9; i++) {
      d[i] = nine.charAt(i) - '0';
    }
    int s = 0;
    for (int i = 0; i < 9; i++) {
      s += w1[i] * d[i];
    }
    int k1 = 11 - s % 11;
    k1 = k1 == 11 ? 0 : k1;
    if (k1 == 10) {
      return null;
    }
    d[9] = k1;
    s = 0;
    for (int i = 0; i < 10; i++) {
      s += w2[i] * d[i];
    }
    int k2 = 11 - s % 11;
    k2 = k2 == 11 ? 0 : k2;
    if (k2 == 10) {
      return null;
    }
    return nine + k1 + k2;
  }
}
