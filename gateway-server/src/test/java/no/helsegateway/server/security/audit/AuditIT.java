package no.helsegateway.server.security.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import no.helsegateway.server.SharedContextIT;
import no.helsegateway.server.TestTokens;
import no.helsegateway.server.security.audit.internal.JdbcAuditLog;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Audit completeness, fail-closed and immutability over HTTP: a scripted sequence of reads,
 * searches, writes, failures and an e-message, each request with its own {@code X-Request-ID}, and
 * for each exactly its one AuditEvent with the right action, outcome and patients; requests that
 * touch no patient data have none.
 */
class AuditIT extends SharedContextIT {

  @LocalServerPort int port;
  @org.springframework.boot.test.web.server.LocalManagementPort int managementPort;
  @Autowired JdbcTemplate jdbc;
  @Autowired JdbcAuditLog auditLog;
  @Autowired no.helsegateway.server.security.audit.internal.AuditJournal journal;
  @Autowired no.helsegateway.server.hl7v2.internal.Hl7v2InboundService hl7v2;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private AuditProbe probe;

  /** The IT database survives runs: ids unique per run. */
  private final String run = Long.toString(System.nanoTime(), 36);

  record Sent(String requestId, HttpResponse<String> response) {
    int status() {
      return response.statusCode();
    }

    String body() {
      return response.body();
    }
  }

  /** The AuditEvent of an access-log row, as an auditor reads it through the API (FHIR JSON). */
  private String auditEvent(Map<String, Object> row) throws Exception {
    Sent r = send("GET", "/fhir/AuditEvent/" + row.get("ID"), null, null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  /**
   * A received HL7 v2 message has its AuditEvent (in the storing transaction): the sending
   * facility, the patient and what was stored; one answered without storing (unknown type) has one
   * too, as refused. Sent through the MLLP channel's port, as the route does.
   */
  @Test
  void aReceivedHl7v2MessageHasItsAuditEvent() throws Exception {
    String facility = "AUD" + run;
    String adt =
        "MSH|^~\\&|DIPS|"
            + facility
            + "|GW|GW|20240115083000||ADT^A01^ADT_A01|H1|P|2.5.1\r"
            + "EVN|A01|20240115083000\r"
            + "PID|1||"
            + SyntheticFnr.next()
            + "^^^FNR^FNR||Nordmann^Kari||19800101|F\r"
            + "PV1|1|I|MED^101^1^"
            + facility
            + "||||||||||||||||V1^^^"
            + facility
            + "^VN|||||||||||||||||||||||||20240115080000";
    String ack = hl7v2.handle(adt);
    assertThat(ack).contains("MSA|AA|H1");

    Map<String, Object> row = probe().rowFor(facility + "|H1");
    assertThat(row.get("SOURCE")).isEqualTo("hl7v2");
    assertThat(row.get("ACTION")).isEqualTo("C");
    assertThat(row.get("SUBTYPE")).isEqualTo("adt-a01");
    assertThat(row.get("OUTCOME")).isEqualTo(0);
    assertThat(probe().patientsFor(facility + "|H1")).anyMatch(p -> p.startsWith("Patient/"));
    String event = auditEvent(row);
    assertThat(event).contains("110107").contains(facility).contains("hl7v2-message-type");

    String unknown =
        "MSH|^~\\&|DIPS|" + facility + "|GW|GW|20240115083000||ZZZ^Z99|H2|P|2.5.1\rPID|1";
    assertThat(hl7v2.handle(unknown)).doesNotContain("|AA|");
    Map<String, Object> refused = probe().rowFor(facility + "|H2");
    assertThat(refused.get("OUTCOME")).isEqualTo(4);
    assertThat(probe().patientsFor(facility + "|H2")).isEmpty();
  }

  /** The default test client: system scopes and gateway/operations of {@link TestTokens#ORGNR}. */
  private String token() {
    return TestTokens.system(tokenIssuer);
  }

  private Sent send(String method, String path, String body, String contentType) throws Exception {
    return send(method, path, body, contentType, token());
  }

  private Sent send(String method, String path, String body, String contentType, String token)
      throws Exception {
    String requestId = AuditProbe.newRequestId();
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("X-Request-ID", requestId)
            .header("Content-Type", contentType == null ? "application/fhir+json" : contentType)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    b.header("Authorization", "Bearer " + token);
    return new Sent(requestId, http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
  }

  private Sent send(String method, String path, String body) throws Exception {
    return send(method, path, body, null);
  }

  private AuditProbe probe() {
    if (probe == null) {
      probe = new AuditProbe(jdbc, journal::flush);
    }
    return probe;
  }

  static String patient(String id, String fnr, String family) {
    return "{\"resourceType\":\"Patient\",\"id\":\""
        + id
        + "\",\"identifier\":[{\"system\":\"urn:oid:2.16.578.1.12.4.1.4.1\",\"value\":\""
        + fnr
        + "\"}],\"name\":[{\"family\":\""
        + family
        + "\"}]}";
  }

  static String condition(String id, String patientId) {
    return "{\"resourceType\":\"Condition\","
        + (id == null ? "" : "\"id\":\"" + id + "\",")
        + "\"code\":{\"coding\":[{\"system\":\"urn:oid:2.16.578.1.12.4.1.1.7110\","
        + "\"code\":\"N97.9\",\"display\":\"Infertilitet hos kvinne\"}]},"
        + "\"subject\":{\"reference\":\"Patient/"
        + patientId
        + "\"},\"recordedDate\":\"2026-03-02T09:00:00+01:00\"}";
  }

  /** Asserts the request has exactly one row with this action, subtype and outcome. */
  private Map<String, Object> audited(Sent s, String action, String subtype, int outcome) {
    assertThat(probe().countFor(s.requestId())).as("audit rows of " + s.requestId()).isEqualTo(1);
    Map<String, Object> row = probe().rowFor(s.requestId());
    assertThat(row.get("ACTION")).isEqualTo(action);
    assertThat(row.get("SUBTYPE")).isEqualTo(subtype);
    assertThat(((Number) row.get("OUTCOME")).intValue()).isEqualTo(outcome);
    return row;
  }

  @Test
  void everyRequestOfAScriptedSequenceHasExactlyItsAuditEvent() throws Exception {
    String p1 = "audit-p1-" + run;
    String p2 = "audit-p2-" + run;
    Sent createP1 = send("PUT", "/fhir/Patient/" + p1, patient(p1, SyntheticFnr.next(), "En"));
    assertThat(createP1.status()).as(createP1.body()).isEqualTo(201);
    audited(createP1, "U", "update", 0);
    assertThat(probe().patientsFor(createP1.requestId())).containsExactly("Patient/" + p1);
    Sent createP2 = send("PUT", "/fhir/Patient/" + p2, patient(p2, SyntheticFnr.next(), "To"));
    assertThat(createP2.status()).isEqualTo(201);

    Sent create = send("POST", "/fhir/Condition", condition(null, p1));
    assertThat(create.status()).as(create.body()).isEqualTo(201);
    audited(create, "C", "create", 0);
    assertThat(probe().patientsFor(create.requestId())).containsExactly("Patient/" + p1);
    String conditionId = json.readTree(create.body()).path("id").asText();

    Sent read = send("GET", "/fhir/Patient/" + p1, null);
    assertThat(read.status()).isEqualTo(200);
    audited(read, "R", "read", 0);
    assertThat(probe().patientsFor(read.requestId())).containsExactly("Patient/" + p1);

    Sent vread = send("GET", "/fhir/Condition/" + conditionId + "/_history/1", null);
    assertThat(vread.status()).isEqualTo(200);
    audited(vread, "R", "vread", 0);

    Sent search = send("GET", "/fhir/Condition?subject=Patient/" + p1, null);
    assertThat(search.status()).isEqualTo(200);
    Map<String, Object> searchRow = audited(search, "E", "search-type", 0);
    assertThat(probe().patientsFor(search.requestId())).containsExactly("Patient/" + p1);
    assertThat(auditEvent(searchRow)).contains("\"query\"");

    Sent history = send("GET", "/fhir/Condition/" + conditionId + "/_history", null);
    assertThat(history.status()).isEqualTo(200);
    audited(history, "R", "history-instance", 0);

    Sent patch =
        send(
            "PATCH",
            "/fhir/Condition/" + conditionId,
            "[{\"op\":\"replace\",\"path\":\"/recordedDate\",\"value\":\"2026-03-03T09:00:00+01:00\"}]",
            "application/json-patch+json");
    assertThat(patch.status()).as(patch.body()).isEqualTo(200);
    audited(patch, "U", "patch", 0);

    // a transaction naming two patients: one record listing both
    String tx =
        "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
            + "{\"fullUrl\":\"urn:uuid:"
            + UUID.randomUUID()
            + "\",\"resource\":"
            + condition(null, p1)
            + ",\"request\":{\"method\":\"POST\",\"url\":\"Condition\"}},"
            + "{\"fullUrl\":\"urn:uuid:"
            + UUID.randomUUID()
            + "\",\"resource\":"
            + condition(null, p2)
            + ",\"request\":{\"method\":\"POST\",\"url\":\"Condition\"}}]}";
    Sent transaction = send("POST", "/fhir", tx);
    assertThat(transaction.status()).as(transaction.body()).isEqualTo(200);
    audited(transaction, "E", "transaction", 0);
    assertThat(probe().patientsFor(transaction.requestId()))
        .containsExactly("Patient/" + p1, "Patient/" + p2);

    Sent delete = send("DELETE", "/fhir/Condition/" + conditionId, null);
    assertThat(delete.status()).isEqualTo(200);
    audited(delete, "D", "delete", 0);

    // failures: not found and refused are recorded with outcome 4
    Sent missing = send("GET", "/fhir/Patient/audit-missing-" + run, null);
    assertThat(missing.status()).isEqualTo(404);
    Map<String, Object> missingRow = audited(missing, "R", "read", 4);
    assertThat(auditEvent(missingRow)).contains("not-found");
    Sent invalid =
        send("POST", "/fhir/Condition", condition(null, p1).replace("\"N97.9\"", "\"\""));
    assertThat(invalid.status()).isEqualTo(422);
    audited(invalid, "C", "create", 4);

    // no patient data touched: no record
    assertThat(probe().countFor(send("GET", "/fhir/metadata", null).requestId())).isZero();
    assertThat(probe().countFor(send("GET", "/fhir/Organization?name=x", null).requestId()))
        .isZero();
  }

  @Test
  void aReceivedEmessageHasItsAuditEventWithTheSenderAndThePatient() throws Exception {
    String body =
        Files.readString(
                Path.of("../mappings/src/test/resources/golden/emessage/epikrise-1.2-n.input.xml"))
            .replace("f022ccd0-4567-11e7-9598-0800200c9a66", UUID.randomUUID().toString());
    // the gateway accepts a message only from the organisation it names as sender
    body =
        no.helsegateway.server.emessage.EMessageFixtures.asSender(
            body, no.helsegateway.server.TestTokens.ORGNR);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/emessages"))
            .header("Content-Type", "application/xml")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    b.header("Authorization", "Bearer " + token());
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String trackingId = r.headers().firstValue("X-Tracking-Id").orElseThrow();

    Map<String, Object> row = probe().rowFor(trackingId);
    assertThat(row.get("SOURCE")).isEqualTo("emessage");
    assertThat(row.get("ACTION")).isEqualTo("C");
    assertThat(row.get("SUBTYPE")).isEqualTo("epikrise-1.2");
    assertThat(auditEvent(row).split("\"agent\"")).hasSize(2);
    assertThat(row.get("CLIENT_ID")).as("the sender's HER-id").isNotNull();
    assertThat(probe().patientsFor(trackingId))
        .contains("urn:oid:2.16.578.1.12.4.1.4.1|13116900216")
        .anyMatch(p -> p.startsWith("Patient/"));
    assertThat(auditEvent(row)).contains(trackingId).contains("110107");
  }

  @Test
  void theAccessLogCannotBeWrittenChangedOrDeletedThroughTheApi() throws Exception {
    String event =
        "{\"resourceType\":\"AuditEvent\",\"type\":{\"code\":\"110110\"},\"action\":\"R\","
            + "\"recorded\":\"2026-01-01T00:00:00Z\",\"agent\":[{\"requestor\":true}],"
            + "\"source\":{\"observer\":{\"display\":\"x\"}}}";
    Sent post = send("POST", "/fhir/AuditEvent", event);
    assertThat(post.status()).isEqualTo(405);
    assertThat(post.body()).contains("OperationOutcome");
    Sent put =
        send(
            "PUT",
            "/fhir/AuditEvent/x" + run,
            event.replace(
                "{\"resourceType\":\"AuditEvent\",",
                "{\"resourceType\":\"AuditEvent\",\"id\":\"x" + run + "\","));
    assertThat(put.status()).isEqualTo(405);
    assertThat(send("DELETE", "/fhir/AuditEvent/x" + run, null).status()).isEqualTo(405);
    assertThat(
            send(
                    "PATCH",
                    "/fhir/AuditEvent/x" + run,
                    "[{\"op\":\"replace\",\"path\":\"/action\",\"value\":\"C\"}]",
                    "application/json-patch+json")
                .status())
        .isEqualTo(405);
    String tx =
        "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":"
            + event
            + ",\"request\":{\"method\":\"POST\",\"url\":\"AuditEvent\"}}]}";
    Sent transaction = send("POST", "/fhir", tx);
    assertThat(transaction.status()).isEqualTo(403);
    assertThat(transaction.body()).contains("OperationOutcome");

    // reading it works, from the log
    Sent read = send("GET", "/fhir/AuditEvent?_count=5", null);
    assertThat(read.status()).isEqualTo(200);
    JsonNode bundle = json.readTree(read.body());
    assertThat(bundle.path("entry")).isNotEmpty();
    String id = bundle.path("entry").get(0).path("resource").path("id").asText();
    Sent one = send("GET", "/fhir/AuditEvent/" + id, null);
    assertThat(one.status()).isEqualTo(200);
    assertThat(probe().countFor(one.requestId())).as("reading the log is not recorded").isZero();
  }

  @Test
  void withoutTheAccessLogNoDataLeavesAndNothingIsStored() throws Exception {
    String p = "audit-fc-" + run;
    String fnr = SyntheticFnr.next();
    assertThat(send("PUT", "/fhir/Patient/" + p, patient(p, fnr, "Lukket")).status())
        .isEqualTo(201);
    Map<String, Integer> statuses = new LinkedHashMap<>();
    Sent read;
    Sent search;
    Sent write;
    auditLog.simulateOutage(true);
    try {
      read = send("GET", "/fhir/Patient/" + p, null);
      search = send("GET", "/fhir/Patient?identifier=urn:oid:2.16.578.1.12.4.1.4.1%7C" + fnr, null);
      write = send("PUT", "/fhir/Condition/fc-" + run, condition("fc-" + run, p));
    } finally {
      auditLog.simulateOutage(false);
    }
    for (Sent s : new Sent[] {read, search, write}) {
      statuses.put(s.requestId(), s.status());
      assertThat(s.status()).as(s.body()).isEqualTo(503);
      assertThat(s.body())
          .contains("OperationOutcome")
          .contains("access log")
          .doesNotContain(fnr)
          .doesNotContain("Lukket")
          .doesNotContain("N97.9");
      assertThat(probe().countFor(s.requestId())).isZero();
    }
    assertThat(statuses).hasSize(3);
    // the write was rolled back with its record
    assertThat(send("GET", "/fhir/Condition/fc-" + run, null).status()).isEqualTo(404);
    // and the log works again
    Sent again = send("GET", "/fhir/Patient/" + p, null);
    assertThat(again.status()).isEqualTo(200);
    assertThat(probe().countFor(again.requestId())).isEqualTo(1);

    String metrics =
        http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .containsPattern("gateway_audit_failures_total(\\{[^}]*\\})? [1-9]")
        .containsPattern("gateway_audit_events_total\\{[^}]*action=\"R\"[^}]*outcome=\"0\"");
  }

  /** A health worker of another organisation with a care-relationship attestation. */
  private String doctor(String patientFnr, String purpose, String description) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", "doctor-it");
    claims.put("client_id", "epj-it");
    claims.put("scope", "user/*.rs");
    claims.put("helseid://claims/identity/pid", DOCTOR_FNR);
    claims.put("helseid://claims/hpr/hpr_number", "9144897");
    claims.put("helseid://claims/identity/security_level", "4");
    claims.put("name", "August September");
    claims.put("helseid://claims/client/claims/orgnr_parent", TestTokens.ORGNR);
    claims.put("helseid://claims/client/claims/orgnr_child", "874716782");
    claims.put(
        "attestation",
        Map.of(
            "care_relation",
            Map.of(
                "purpose_of_use",
                Map.of("code", purpose),
                "decision_ref",
                Map.of("id", "23423255", "description", description, "user_selected", true)),
            "patients",
            java.util.List.of(Map.of("identifier", Map.of("id", patientFnr))),
            "toa",
            1710830705));
    return TestTokens.with(tokenIssuer, claims);
  }

  private String patientToken(String fnr) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", "patient-it");
    claims.put("client_id", "helsenorge-it");
    claims.put("scope", "patient/*.rs");
    claims.put("helseid://claims/identity/pid", fnr);
    claims.put("helseid://claims/identity/security_level", "4");
    claims.put("name", "Pasient Test");
    return TestTokens.with(tokenIssuer, claims);
  }

  /** A synthetic health worker (never a patient here). */
  static final String DOCTOR_FNR = SyntheticFnr.next();

  @Test
  void whoPurposeAndBreakTheGlassAreRecordedAndThePatientSeesOnlyTheirOwnLog() throws Exception {
    String p1 = "audit-v1-" + run;
    String p2 = "audit-v2-" + run;
    String fnr1 = SyntheticFnr.next();
    String fnr2 = SyntheticFnr.next();
    assertThat(send("PUT", "/fhir/Patient/" + p1, patient(p1, fnr1, "Innsyn")).status())
        .isEqualTo(201);
    assertThat(send("PUT", "/fhir/Patient/" + p2, patient(p2, fnr2, "Annen")).status())
        .isEqualTo(201);

    Sent treat =
        send("GET", "/fhir/Patient/" + p1, null, null, doctor(fnr1, "TREAT", "Innlagt pasient"));
    assertThat(treat.status()).as(treat.body()).isEqualTo(200);
    Map<String, Object> row = audited(treat, "R", "read", 0);
    assertThat(row.get("AGENT_PID")).isEqualTo(DOCTOR_FNR);
    assertThat(row.get("AGENT_HPR")).isEqualTo("9144897");
    assertThat(row.get("AGENT_NAME")).isEqualTo("August September");
    assertThat(row.get("CLIENT_ID")).isEqualTo("epj-it");
    assertThat(row.get("ORGNR_PARENT")).isEqualTo(TestTokens.ORGNR);
    assertThat(row.get("ORGNR_CHILD")).isEqualTo("874716782");
    assertThat(row.get("PURPOSE")).isEqualTo("TREAT");
    assertThat(row.get("BTG")).isEqualTo(false);
    assertThat(auditEvent(row))
        .contains(
            "http://hl7.no/fhir/StructureDefinition/no-domain-Trustframework-Auditevent",
            "auditevent-carerelation-metadata-extension",
            "Innlagt pasient");

    String reason = "Bevisstløs i akuttmottak, fritekst " + run;
    Sent btg = send("GET", "/fhir/Patient/" + p1, null, null, doctor(fnr1, "BTG", reason));
    assertThat(btg.status()).as(btg.body()).isEqualTo(200);
    Map<String, Object> btgRow = audited(btg, "R", "read", 0);
    assertThat(btgRow.get("BTG")).isEqualTo(true);
    assertThat(btgRow.get("PURPOSE")).isEqualTo("BTG");
    assertThat(auditEvent(btgRow)).contains(reason); // the auditor sees the reason

    // the patient's view: their own entries, who and purpose, never the free text
    String own = patientToken(fnr1);
    Sent mine = send("GET", "/fhir/AuditEvent?patient=Patient/" + p1, null, null, own);
    assertThat(mine.status()).as(mine.body()).isEqualTo(200);
    JsonNode entries = json.readTree(mine.body()).path("entry");
    assertThat(entries.size()).isGreaterThanOrEqualTo(3); // created, read, break-the-glass read
    assertThat(mine.body())
        .contains("August September")
        .contains("\"BTG\"")
        .doesNotContain(reason)
        .doesNotContain("Innlagt pasient")
        .doesNotContain(DOCTOR_FNR)
        .doesNotContain(p2);
    Sent others = send("GET", "/fhir/AuditEvent?patient=Patient/" + p2, null, null, own);
    assertThat(others.status()).isEqualTo(200);
    assertThat(json.readTree(others.body()).path("entry")).isEmpty();
    Sent all = send("GET", "/fhir/AuditEvent", null, null, own);
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.body()).doesNotContain(p2).doesNotContain(reason);

    Sent log = send("GET", "/fhir/Patient/" + p1 + "/$access-log", null, null, own);
    assertThat(log.status()).as(log.body()).isEqualTo(200);
    JsonNode accessLog = json.readTree(log.body()).path("entries");
    assertThat(accessLog.findValuesAsText("who")).contains("August September");
    assertThat(accessLog.findValues("breakTheGlass")).anyMatch(JsonNode::asBoolean);
    assertThat(log.body()).doesNotContain(reason).doesNotContain(DOCTOR_FNR);
    assertThat(send("GET", "/fhir/Patient/" + p2 + "/$access-log", null, null, own).status())
        .isEqualTo(404);
    // a token without an AuditEvent scope does not read the log
    assertThat(send("GET", "/fhir/AuditEvent", null, null, doctor(fnr1, "TREAT", "x")).status())
        .isEqualTo(403);
  }
}
