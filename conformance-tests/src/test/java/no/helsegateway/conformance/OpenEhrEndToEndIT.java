package no.helsegateway.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * End to end against a real EHRbase 2.16.0 (assembled from Maven Central, run with Temurin 25 on
 * the machine's PostgreSQL in a fresh database {@code ehrbase_test}) and the gateway jar with
 * {@code gateway.openehr.enabled}: a translated e-message in, compositions read back by AQL; update
 * and delete; 4 concurrent writers (figures); and an outage of EHRbase during a run of 200
 * e-messages after which every composition exists exactly once. Under CI ({@code CI=true}) a
 * missing prerequisite fails; locally it skips with a message.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenEhrEndToEndIT {

  static final ObjectMapper JSON = new ObjectMapper();

  EhrbaseProcess ehrbase;
  GatewayProcess gateway;
  FhirHttp fhir;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() throws Exception {
    ehrbase = EhrbaseProcess.fromSystemProperties("openehr-e2e");
    String missing = ehrbase.missingPrerequisite();
    if (missing != null) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI requires a runnable EHRbase: " + missing);
      }
      Assumptions.abort("Skipping the EHRbase end-to-end run locally: " + missing);
    }
    ehrbase.createFreshDatabase();
    ehrbase.start();
    System.out.printf("[openehr] EHRbase ready after %d ms%n", ehrbase.lastStartTime().toMillis());
    gateway =
        GatewayProcess.fromSystemProperties(
            "openehr-e2e",
            Map.ofEntries(
                Map.entry("gateway.openehr.enabled", "true"),
                Map.entry("gateway.openehr.base-url", ehrbase.baseUrl()),
                Map.entry("gateway.openehr.username", EhrbaseProcess.USER),
                Map.entry("gateway.openehr.password", EhrbaseProcess.PASSWORD),
                Map.entry("gateway.openehr.poll-interval", "200ms"),
                Map.entry("gateway.openehr.initial-backoff", "500ms"),
                Map.entry("gateway.openehr.max-backoff", "4s"),
                Map.entry("gateway.openehr.batch-size", "50"),
                // this test is about mirroring, not profiles: the golden e-message's Organizations
                // and Practitioners lack identifiers that newer profile rules (gw-org-1, gw-prac-1)
                // require, so validation findings are warnings here
                Map.entry("gateway.validation.default-mode", "warn")));
    deleteRecursively(gateway.workDir().resolve("data"));
    gateway.start();
    System.out.printf("[openehr] gateway ready after %d ms%n", gateway.lastStartTime().toMillis());
    fhir = gateway.fhirClient();
    // an interrupt flag left on this thread by the readiness polling would close every NIO channel
    if (Thread.interrupted()) {
      System.out.println("[openehr] cleared a pending interrupt of the test thread");
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (gateway != null) {
      gateway.stop();
    }
    if (ehrbase != null) {
      ehrbase.stop();
    }
  }

  @Test
  @Order(1)
  void anEmessagePostedToTheGatewayEndsUpInEhrbaseWithTheRightValues() throws Exception {
    // The official Epikrise 1.2 example, as a sender would post it to the e-message channel.
    Path message =
        Path.of(
            System.getProperty("gateway.golden-dir", "../mappings/src/test/resources/golden"),
            "emessage/epikrise-1.2-n.input.xml");
    String base = gateway.fhirBase().substring(0, gateway.fhirBase().length() - "/fhir".length());
    java.net.http.HttpResponse<String> r =
        gateway
            .emessageClient()
            // the gateway takes a message only from the organisation its token names: the example
            // names its sender by HER-id only, so the dev token's orgnr is added as the sender's
            .postSync(EMessageClient.asSender(Files.readString(message, StandardCharsets.UTF_8)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(EMessageClient.appRecStatus(r.body())).as(r.body()).isEqualTo("1");
    awaitDrained(Duration.ofMinutes(3));
    assertThat(summary().path("DEAD").asLong()).as(deadLetters()).isZero();

    String subject = "e/ehr_status/subject/external_ref/id/value = '13116900216'";
    List<JsonNode> problems =
        ehrbase.aql(
            "SELECT d/data[at0001]/items[at0002]/value/value,"
                + " d/data[at0001]/items[at0002]/value/defining_code/code_string,"
                + " d/data[at0001]/items[at0002]/value/defining_code/terminology_id/value"
                + " FROM EHR e CONTAINS COMPOSITION c[openEHR-EHR-COMPOSITION.problem_list.v1]"
                + " CONTAINS EVALUATION d[openEHR-EHR-EVALUATION.problem_diagnosis.v1] WHERE "
                + subject,
            Map.of());
    // three diagnoses, coded (ICD-10 from the message, or SNOMED CT when enrichment added it: then
    // the
    // ICD-10 code is kept as a term mapping)
    assertThat(problems).hasSize(3);
    assertThat(problems)
        .allSatisfy(
            row -> {
              assertThat(row.get(0).asText()).isNotBlank();
              assertThat(row.get(2).asText()).isIn("ICD10", "SNOMED-CT");
            });
    assertThat(
            problems.stream()
                .filter(row -> row.get(2).asText().equals("ICD10"))
                .map(row -> row.get(1).asText()))
        .isSubsetOf("I330", "E119", "I252");

    List<JsonNode> medications =
        ehrbase.aql(
            "SELECT a/description[at0017]/items[at0020]/value/value,"
                + " a/description[at0017]/items[at0020]/value/defining_code/code_string"
                + " FROM EHR e CONTAINS COMPOSITION c CONTAINS ACTION a[openEHR-EHR-ACTION.medication.v1]"
                + " WHERE "
                + subject,
            Map.of());
    assertThat(medications.stream().map(row -> row.get(1).asText()))
        .contains("C03CA01", "C07AB02", "M04AA01", "J01CE02");

    List<JsonNode> summaries =
        ehrbase.aql(
            "SELECT c/uid/value FROM EHR e CONTAINS"
                + " COMPOSITION c[openEHR-EHR-COMPOSITION.health_summary.v1] WHERE "
                + subject,
            Map.of());
    // 4 medication statements + the discharge summary itself
    assertThat(summaries).hasSize(5);
  }

  @Test
  @Order(2)
  void updateBecomesANewVersionAndDeleteRemovesTheComposition() throws Exception {
    String fnr = SyntheticPersons.nextFodselsnummer();
    String patient = createPatient(fnr);
    FhirHttp.Answer created = fhir.postJson("Observation", bloodPressure(patient, 128));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().path("id").asText();
    awaitDrained(Duration.ofMinutes(1));
    assertThat(systolic(fnr)).containsExactly(128.0);

    String updated = bloodPressure(patient, 131).replaceFirst("\\{", "{\"id\":\"" + id + "\",");
    assertThat(fhir.put("Observation/" + id, updated).status()).isEqualTo(200);
    awaitDrained(Duration.ofMinutes(1));
    assertThat(systolic(fnr)).containsExactly(131.0);
    List<JsonNode> uid =
        ehrbase.aql(
            "SELECT c/uid/value FROM EHR e CONTAINS COMPOSITION c WHERE"
                + " e/ehr_status/subject/external_ref/id/value = $fnr",
            Map.of("fnr", fnr));
    assertThat(uid).singleElement().satisfies(u -> assertThat(u.get(0).asText()).endsWith("::2"));

    assertThat(fhir.delete("Observation/" + id).status()).isEqualTo(200);
    awaitDrained(Duration.ofMinutes(1));
    assertThat(systolic(fnr)).isEmpty();
  }

  @Test
  @Order(3)
  void fourConcurrentWritersFigures() throws Exception {
    String fnr = SyntheticPersons.nextFodselsnummer();
    String patient = createPatient(fnr);
    awaitDrained(Duration.ofMinutes(1));
    long since = System.currentTimeMillis();
    int total = 200;
    Instant begin = Instant.now();
    write(patient, total, 4);
    Duration writes = Duration.between(begin, Instant.now());
    awaitDrained(Duration.ofMinutes(5));
    JsonNode stats = get("/openehr/outbox/latency?since=" + since);
    String line =
        String.format(
            "4 writers, %d Observations: FHIR writes %.1f/s; FHIR commit to composition committed:"
                + " p50 %d ms, p95 %d ms, max %d ms, delivery %.1f compositions/s",
            total,
            total * 1000.0 / writes.toMillis(),
            stats.path("p50Ms").asLong(),
            stats.path("p95Ms").asLong(),
            stats.path("maxMs").asLong(),
            stats.path("perSecond").asDouble());
    System.out.println("[openehr] " + line);
    Files.writeString(gateway.workDir().resolve("openehr-figures.txt"), line + "\n");
    assertThat(stats.path("count").asInt()).isEqualTo(total);
    assertThat(pulseRates(fnr)).hasSize(total);
  }

  /**
   * Issue 8's outage test: 200 e-messages (Epikrise 1.2, each with a fresh MsgId and its own
   * synthetic patient: the short example as a new document, one composition each; every tenth the
   * example with three diagnoses and four medications, eight compositions) from 4 senders. EHRbase
   * is stopped after the 40th AppRec and started again after the 120th, so messages arrive before
   * and during the outage and while EHRbase boots (on a quiet machine also after). Every message
   * must be answered with AppRec OK; afterwards the outbox drains with no dead letters, every
   * message's log entry says MIRRORED with all its items delivered, and AQL finds for every patient
   * exactly one EHR and exactly the compositions its message implies, per composition kind.
   */
  @Test
  @Order(4)
  void ehrbaseOutageDuring200EmessagesEveryCompositionExactlyOnce() throws Exception {
    int total = 200;
    int stopAfter = 40;
    int restartAfter = 120;
    List<Sent> messages = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      String fnr = SyntheticPersons.nextFodselsnummer();
      boolean diagnoses = i % 10 == 5;
      messages.add(
          new Sent(
              i,
              EMessageClient.newMsgId(),
              fnr,
              diagnoses,
              diagnoses
                  ? Map.of(PROBLEM_LIST, 3L, HEALTH_SUMMARY, 5L)
                  : Map.of(HEALTH_SUMMARY, 1L)));
    }
    assertThat(messages.stream().map(Sent::fnr).distinct()).hasSize(total);

    AtomicInteger answered = new AtomicInteger();
    AtomicInteger answeredWhileDown = new AtomicInteger();
    AtomicBoolean down = new AtomicBoolean();
    AtomicBoolean sendersDone = new AtomicBoolean();
    Map<Integer, String> tracking = new ConcurrentHashMap<>();
    ExecutorService outagePool = Executors.newSingleThreadExecutor();
    Future<?> outage =
        outagePool.submit(
            () -> {
              Awaitility.await("the first " + stopAfter + " AppRecs")
                  .atMost(Duration.ofMinutes(5))
                  .until(() -> answered.get() >= stopAfter || sendersDone.get());
              ehrbase.stop();
              down.set(true);
              System.out.printf(
                  "[openehr] EHRbase stopped after %d of %d AppRecs%n", answered.get(), total);
              // health says the CDR is unreachable and shows the backlog
              Awaitility.await("openehr health DOWN")
                  .atMost(Duration.ofMinutes(1))
                  .pollInterval(Duration.ofMillis(500))
                  .until(
                      () ->
                          "DOWN"
                              .equals(
                                  getAbsolute(gateway.managementBase() + "/health")
                                      .path("components")
                                      .path("openehr")
                                      .path("status")
                                      .asText()));
              Awaitility.await(restartAfter + " AppRecs")
                  .atMost(Duration.ofMinutes(10))
                  .until(() -> answered.get() >= restartAfter || sendersDone.get());
              assertThat(summary().path("PENDING").asLong())
                  .as("outbox backlog while EHRbase is down")
                  .isPositive();
              down.set(false);
              System.out.printf(
                  "[openehr] restarting EHRbase after %d AppRecs (%d while it was down)%n",
                  answered.get(), answeredWhileDown.get());
              ehrbase.start();
              System.out.printf(
                  "[openehr] EHRbase restarted in %d ms, %d AppRecs so far%n",
                  ehrbase.lastStartTime().toMillis(), answered.get());
              return null;
            });
    Instant begin = Instant.now();
    try {
      send(
          messages,
          4,
          (m, trackingId) -> {
            tracking.put(m.index(), trackingId);
            answered.incrementAndGet();
            if (down.get()) {
              answeredWhileDown.incrementAndGet();
            }
          });
    } finally {
      sendersDone.set(true);
      try {
        outage.get(15, TimeUnit.MINUTES);
      } finally {
        outagePool.shutdownNow();
      }
    }
    System.out.printf(
        "[openehr] %d e-messages answered in %d s, %d of them while EHRbase was stopped%n",
        answered.get(),
        Duration.between(begin, Instant.now()).toSeconds(),
        answeredWhileDown.get());
    assertThat(tracking).hasSize(total);
    // the stop itself takes a moment during which senders go on, so the exact count varies
    assertThat(answeredWhileDown.get())
        .as("AppRecs answered while EHRbase was stopped")
        .isPositive();

    awaitDrained(Duration.ofMinutes(5));
    JsonNode counts = summary();
    assertThat(counts.path("PENDING").asLong()).as(counts.toString()).isZero();
    assertThat(counts.path("DEAD").asLong()).as(deadLetters()).isZero();

    // the gateway's view: each message's log entry says what it stored reached the CDR
    EMessageClient client = gateway.emessageClient();
    for (Sent m : messages) {
      JsonNode mirror = client.status(tracking.get(m.index())).path("openehr");
      long expected = m.compositions().values().stream().mapToLong(Long::longValue).sum();
      assertThat(mirror.path("state").asText())
          .as("message %d: %s", m.index(), mirror)
          .isEqualTo("MIRRORED");
      assertThat(mirror.path("items").path("DONE").asLong())
          .as("message %d: %s", m.index(), mirror)
          .isEqualTo(expected);
      assertThat(mirror.path("items").path("PENDING").asLong()).isZero();
      assertThat(mirror.path("items").path("DEAD").asLong()).isZero();
    }

    // EHRbase's view, by AQL: one EHR per patient, and per patient and composition kind exactly
    // the compositions its message implies (a duplicate or a missing one changes a count)
    Map<String, Long> ehrs = new HashMap<>();
    for (JsonNode row :
        ehrbase.aql(
            "SELECT e/ehr_status/subject/external_ref/id/value, e/ehr_id/value FROM EHR e",
            Map.of())) {
      ehrs.merge(row.get(0).asText(), 1L, Long::sum);
    }
    Map<String, Map<String, Long>> found = new HashMap<>();
    List<String> uids = new ArrayList<>();
    for (JsonNode row :
        ehrbase.aql(
            "SELECT e/ehr_status/subject/external_ref/id/value, c/archetype_node_id, c/uid/value"
                + " FROM EHR e CONTAINS COMPOSITION c",
            Map.of())) {
      found
          .computeIfAbsent(row.get(0).asText(), k -> new HashMap<>())
          .merge(row.get(1).asText(), 1L, Long::sum);
      uids.add(row.get(2).asText());
    }
    assertThat(uids).doesNotHaveDuplicates();
    long compositions = 0;
    for (Sent m : messages) {
      assertThat(ehrs.get(m.fnr()))
          .as("EHRs of the patient of message %d", m.index())
          .isEqualTo(1L);
      assertThat(found.get(m.fnr()))
          .as("compositions of the patient of message %d", m.index())
          .isEqualTo(m.compositions());
      compositions += m.compositions().values().stream().mapToLong(Long::longValue).sum();
    }
    System.out.printf(
        "[openehr] %d compositions for %d patients, each exactly once%n", compositions, total);
  }

  private static final String HEALTH_SUMMARY = "openEHR-EHR-COMPOSITION.health_summary.v1";
  private static final String PROBLEM_LIST = "openEHR-EHR-COMPOSITION.problem_list.v1";

  /**
   * One e-message of the outage run: its own patient, and the compositions (archetype id to count)
   * its content must become.
   */
  private record Sent(
      int index, String msgId, String fnr, boolean diagnoses, Map<String, Long> compositions) {

    String body() {
      return diagnoses
          ? EMessageClient.epikriseWithDiagnoses(msgId, fnr)
          : EMessageClient.newShortEpikrise(msgId, fnr);
    }
  }

  /**
   * Posts the messages synchronously from {@code senders} threads; each must be answered with
   * AppRec OK (status 1), or accepted (202) and its AppRec OK once processed.
   */
  private void send(List<Sent> messages, int senders, BiConsumer<Sent, String> onAnswered)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int s = 0; s < senders; s++) {
        futures.add(
            pool.submit(
                () -> {
                  EMessageClient client = gateway.emessageClient();
                  for (int i = next.getAndIncrement();
                      i < messages.size();
                      i = next.getAndIncrement()) {
                    Sent m = messages.get(i);
                    HttpResponse<String> r = client.postSync(m.body());
                    String trackingId = r.headers().firstValue("X-Tracking-Id").orElse(null);
                    String appRec = r.statusCode() == 200 ? r.body() : null;
                    if (r.statusCode() == 202 && trackingId != null) {
                      appRec = awaitAppRec(client, trackingId);
                    }
                    if (appRec == null || trackingId == null) {
                      throw new AssertionError(
                          "message " + i + " answered " + r.statusCode() + ": " + r.body());
                    }
                    if (!"1".equals(EMessageClient.appRecStatus(appRec))) {
                      throw new AssertionError("message " + i + " got AppRec " + appRec);
                    }
                    onAnswered.accept(m, trackingId);
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static String awaitAppRec(EMessageClient client, String trackingId) {
    String[] appRec = new String[1];
    Awaitility.await("AppRec of " + trackingId)
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              HttpResponse<String> r = client.get("/emessages/" + trackingId + "/apprec", null);
              appRec[0] = r.statusCode() == 200 ? r.body() : null;
              return appRec[0] != null;
            });
    return appRec[0];
  }

  // --- helpers

  private void write(String patient, int total, int writers) throws Exception {
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<?>> futures = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      futures.add(
          pool.submit(
              () -> {
                FhirHttp client = gateway.fhirClient();
                for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                  FhirHttp.Answer a = client.postJson("Observation", heartRate(patient, 40 + i, i));
                  if (a.status() != 201) {
                    throw new AssertionError("write " + i + ": " + a);
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
  }

  private String createPatient(String fnr) {
    FhirHttp.Answer r =
        fhir.postJson(
            "Patient",
            "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":"
                + "\"urn:oid:2.16.578.1.12.4.1.4.1\",\"value\":\""
                + fnr
                + "\"}],\"name\":[{\"family\":\"Openehr\",\"given\":[\"Test\"]}]}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return "Patient/" + r.json().path("id").asText();
  }

  private static String bloodPressure(String patient, int systolic) {
    return "{\"resourceType\":\"Observation\",\"status\":\"final\",\"category\":[{\"coding\":[{"
        + "\"system\":\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":"
        + "\"vital-signs\"}]}],\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":"
        + "\"85354-9\",\"display\":\"Blood pressure panel\"}]},\"subject\":{\"reference\":\""
        + patient
        + "\"},\"effectiveDateTime\":\"2026-03-02T08:15:00+01:00\",\"component\":[{\"code\":{"
        + "\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8480-6\"}]},\"valueQuantity\":{"
        + "\"value\":"
        + systolic
        + ",\"unit\":\"mmHg\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mm[Hg]\"}},"
        + "{\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8462-4\"}]},"
        + "\"valueQuantity\":{\"value\":84,\"unit\":\"mmHg\",\"system\":"
        + "\"http://unitsofmeasure.org\",\"code\":\"mm[Hg]\"}}]}";
  }

  private static String heartRate(String patient, int rate, int minute) {
    return "{\"resourceType\":\"Observation\",\"status\":\"final\",\"category\":[{\"coding\":[{"
        + "\"system\":\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":"
        + "\"vital-signs\"}]}],\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":"
        + "\"8867-4\",\"display\":\"Heart rate\"}]},\"subject\":{\"reference\":\""
        + patient
        + "\"},\"effectiveDateTime\":\""
        + Instant.parse("2026-03-02T08:00:00Z").plusSeconds(60L * minute)
        + "\",\"valueQuantity\":{\"value\":"
        + rate
        + ",\"unit\":\"/min\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"/min\"}}";
  }

  private List<Double> systolic(String fnr) throws Exception {
    List<Double> values = new ArrayList<>();
    for (JsonNode row :
        ehrbase.aql(
            "SELECT o/data[at0001]/events[at0006]/data[at0003]/items[at0004]/value/magnitude"
                + " FROM EHR e CONTAINS COMPOSITION c CONTAINS"
                + " OBSERVATION o[openEHR-EHR-OBSERVATION.blood_pressure.v2]"
                + " WHERE e/ehr_status/subject/external_ref/id/value = $fnr",
            Map.of("fnr", fnr))) {
      values.add(row.get(0).asDouble());
    }
    return values;
  }

  private List<Double> pulseRates(String fnr) throws Exception {
    List<Double> values = new ArrayList<>();
    for (JsonNode row :
        ehrbase.aql(
            "SELECT o/data[at0002]/events[at0003]/data[at0001]/items[at0004]/value/magnitude"
                + " FROM EHR e CONTAINS COMPOSITION c CONTAINS"
                + " OBSERVATION o[openEHR-EHR-OBSERVATION.pulse.v1]"
                + " WHERE e/ehr_status/subject/external_ref/id/value = $fnr",
            Map.of("fnr", fnr))) {
      values.add(row.get(0).asDouble());
    }
    return values;
  }

  private void awaitDrained(Duration timeout) {
    Awaitility.await("openEHR outbox drained")
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> summary().path("PENDING").asLong() == 0);
  }

  private JsonNode summary() throws Exception {
    return get("/openehr/outbox/summary");
  }

  private String deadLetters() {
    try {
      return get("/openehr/outbox?state=DEAD").toString();
    } catch (Exception e) {
      return e.toString();
    }
  }

  private JsonNode get(String path) throws Exception {
    String base = gateway.fhirBase().substring(0, gateway.fhirBase().length() - "/fhir".length());
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", gateway.authorization().get())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private JsonNode getAbsolute(String url) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
