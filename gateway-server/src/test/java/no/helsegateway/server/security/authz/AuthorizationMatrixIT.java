package no.helsegateway.server.security.authz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import no.helsegateway.server.SharedContextIT;
import no.helsegateway.server.TestTokens;
import no.helsegateway.server.security.audit.AuditProbe;
import no.helsegateway.server.security.dev.LocalTokenIssuer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The authorisation matrix: 3 organisations, 3 principals of each (a system client, a health worker
 * with a care-relationship attestation, one without), 3 patients (each with their own token), plus
 * break-the-glass and shielded pairs, against every interaction type in a small table of probes.
 * For every (principal, patient, probe): allowed accesses succeed and show the patient's data;
 * refused ones look exactly like missing data; and no response ever carries a marker (Patient id,
 * Observation id, national id, unique code) of a patient the principal may not see, including
 * counts and totals.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixIT extends SharedContextIT {

  static final String FNR = "urn:oid:2.16.578.1.12.4.1.4.1";
  static final String HPR = "urn:oid:2.16.578.1.12.4.1.4.4";
  static final String ORGNR = "urn:oid:2.16.578.1.12.4.1.4.101";
  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired LocalTokenIssuer issuer;
  @Autowired JdbcTemplate jdbc;
  @Autowired no.helsegateway.server.security.audit.internal.AuditJournal journal;
  private AuditProbe audit;

  private final HttpClient http = HttpClient.newHttpClient();
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  /** A patient of the test world and the markers that betray their data in a response. */
  record Pat(String name, String fnr, String id, String obsId, String code) {
    Pattern marker() {
      return Pattern.compile(
          "Patient/"
              + id
              + "\\b|\"id\":\""
              + id
              + "\"|\"id\":\""
              + obsId
              + "\"|Observation/"
              + obsId
              + "\\b|"
              + fnr
              + "|"
              + code);
    }
  }

  /** A principal: its token, which patients it may see and which it may write. */
  record Actor(String name, String token, Set<String> sees, Set<String> writes) {}

  final Map<String, String> orgs = new LinkedHashMap<>();
  final Map<String, Pat> patients = new LinkedHashMap<>();
  final List<Actor> actors = new ArrayList<>();

  // ---- synthetic identifiers ---------------------------------------------------------------

  static String fnr() {
    int[] k1 = {3, 7, 6, 1, 8, 9, 4, 5, 2};
    int[] k2 = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
    while (true) {
      LocalDate birth =
          LocalDate.of(1940, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(20000));
      String base =
          String.format(
              "%02d%02d%02d%03d",
              birth.getDayOfMonth(),
              birth.getMonthValue(),
              birth.getYear() % 100,
              ThreadLocalRandom.current().nextInt(500));
      int c1 = control(base, k1);
      if (c1 < 0) {
        continue;
      }
      int c2 = control(base + c1, k2);
      if (c2 >= 0) {
        return base + c1 + c2;
      }
    }
  }

  static String orgnr(String base8) {
    int[] w = {3, 2, 7, 6, 5, 4, 3, 2};
    for (long b = Long.parseLong(base8); ; b++) {
      String s = Long.toString(b);
      int sum = 0;
      for (int i = 0; i < 8; i++) {
        sum += (s.charAt(i) - '0') * w[i];
      }
      int c = (11 - sum % 11) % 11;
      if (c < 10) {
        return s + c;
      }
    }
  }

  private static int control(String digits, int[] weights) {
    int sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += (digits.charAt(i) - '0') * weights[i];
    }
    int k = 11 - sum % 11;
    return k == 11 ? 0 : k == 10 ? -1 : k;
  }

  // ---- HTTP --------------------------------------------------------------------------------

  record Answer(int status, String body, String requestId) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  Answer send(String token, String method, String path, String body, Map<String, String> headers) {
    try {
      String requestId = AuditProbe.newRequestId();
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/fhir/" + path))
              .header("X-Request-ID", requestId)
              .header("Authorization", "Bearer " + token)
              .header("Accept", "application/fhir+json");
      headers.forEach(b::header);
      if (body != null) {
        b.header(
            "Content-Type",
            method.equals("PATCH") ? "application/json-patch+json" : "application/fhir+json");
        b.method(method, HttpRequest.BodyPublishers.ofString(body));
      } else {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body(), requestId);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  Answer get(String token, String path) {
    return send(token, "GET", path, null, Map.of());
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  // ---- tokens ------------------------------------------------------------------------------

  /** Who a token names, as the access log must record it. */
  record Agent(String pid, String hpr, String orgnr) {}

  final Map<String, Agent> agents = new java.util.HashMap<>();

  String system(String orgnr) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("scope", "system/*.cruds");
    c.put("helseid://claims/client/claims/orgnr_parent", orgnr);
    String token = TestTokens.with(issuer, c);
    agents.put(token, new Agent(null, null, orgnr));
    return token;
  }

  String user(String orgnr, String hpr, String purpose, String reason, List<String> fnrs) {
    Map<String, Object> c = new LinkedHashMap<>();
    String pid = fnr();
    c.put("sub", "user-" + hpr);
    c.put("scope", "user/*.cruds");
    c.put("helseid://claims/identity/pid", pid);
    c.put("helseid://claims/hpr/hpr_number", hpr);
    c.put("helseid://claims/identity/security_level", "4");
    c.put("helseid://claims/client/claims/orgnr_parent", orgnr);
    if (purpose != null) {
      Map<String, Object> relation = new LinkedHashMap<>();
      relation.put(
          "purpose_of_use",
          Map.of("code", purpose, "system", "urn:oid:2.16.840.1.113883.1.11.20448"));
      if (reason != null) {
        relation.put("decision_ref", Map.of("id", "d-1", "description", reason));
      }
      List<Object> pats = new ArrayList<>();
      for (String f : fnrs) {
        pats.add(Map.of("identifier", Map.of("id", f, "system", FNR)));
      }
      c.put("attestation", Map.of("care_relation", relation, "patients", pats));
    }
    String token = TestTokens.with(issuer, c);
    agents.put(token, new Agent(pid, hpr, orgnr));
    return token;
  }

  String patientToken(String fnr) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("sub", "patient-" + fnr);
    c.put("scope", "patient/*.rs");
    c.put("helseid://claims/identity/pid", fnr);
    c.put("helseid://claims/identity/security_level", "4");
    c.remove("helseid://claims/client/claims/orgnr_parent");
    String token = TestTokens.with(issuer, c);
    // the patient's app is a client of the test organisation (TestTokens' default orgnr_parent)
    agents.put(token, new Agent(fnr, null, TestTokens.ORGNR));
    return token;
  }

  // ---- the world ---------------------------------------------------------------------------

  static String patientJson(String fnr, String family) {
    return """
        {"resourceType":"Patient","identifier":[{"system":"%s","value":"%s"}],
         "name":[{"family":"%s","given":["Test"]}],"gender":"female","birthDate":"1980-03-13"}"""
        .formatted(FNR, fnr, family);
  }

  static String observationJson(String patientId, String code, String identifier) {
    return """
        {"resourceType":"Observation","status":"final",
         "identifier":[{"system":"urn:test:obs","value":"%s"}],
         "code":{"coding":[{"system":"urn:test","code":"%s"}],"text":"Puls"},
         "subject":{"reference":"Patient/%s"},"effectiveDateTime":"2026-01-02T10:00:00+01:00",
         "valueQuantity":{"value":72,"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"}}"""
        .formatted(identifier, code, patientId);
  }

  static String idOf(Answer created) {
    return created.json().path("id").asText();
  }

  @BeforeAll
  void buildTheWorld() {
    audit = new AuditProbe(jdbc, journal::flush);
    orgs.put("A", orgnr("91100001"));
    orgs.put("B", orgnr("91200001"));
    orgs.put("C", orgnr("91300001"));
    List<String> names = List.of("A", "B", "C");
    for (int i = 0; i < 3; i++) {
      String org = orgs.get(names.get(i));
      String sys = system(org);
      String fnr = fnr();
      Answer p =
          send(
              sys,
              "POST",
              "Patient",
              patientJson(fnr, "Syn" + run + i),
              Map.of("Prefer", "return=representation"));
      assertThat(p.status()).as("create patient %s", p).isEqualTo(201);
      String code = "code-" + run + "-" + i;
      Answer o =
          send(
              sys,
              "POST",
              "Observation",
              observationJson(idOf(p), code, "obs-" + run + "-" + i),
              Map.of("Prefer", "return=representation"));
      assertThat(o.status()).as("create observation %s", o).isEqualTo(201);
      patients.put("P" + (i + 1), new Pat("P" + (i + 1), fnr, idOf(p), idOf(o), code));
    }
    Pat p1 = patients.get("P1");
    Pat p2 = patients.get("P2");
    Pat p3 = patients.get("P3");
    // P3 shields their record from the health worker C2 (by HPR) and from organisation B
    String hprC2 = "9130002";
    for (String[] actor : new String[][] {{HPR, hprC2}, {ORGNR, orgs.get("B")}}) {
      String consent =
          """
          {"resourceType":"Consent","status":"active",
           "scope":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"patient-privacy"}]},
           "category":[{"coding":[{"system":"http://loinc.org","code":"59284-0"}]}],
           "patient":{"reference":"Patient/%s"},
           "provision":{"type":"deny","actor":[{"role":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ParticipationType","code":"PRCP"}]},
             "reference":{"identifier":{"system":"%s","value":"%s"}}}]}}"""
              .formatted(p3.id(), actor[0], actor[1]);
      Answer c = send(system(orgs.get("C")), "POST", "Consent", consent, Map.of());
      assertThat(c.status()).as("create consent %s", c).isEqualTo(201);
    }
    Set<String> none = Set.of();
    // the system clients: their organisation's patient
    actors.add(new Actor("sysA", system(orgs.get("A")), Set.of("P1"), Set.of("P1")));
    actors.add(new Actor("sysB", system(orgs.get("B")), Set.of("P2"), Set.of("P2")));
    actors.add(new Actor("sysC", system(orgs.get("C")), Set.of("P3"), Set.of("P3")));
    // health workers with need-to-know (TREAT/COC/ETREAT) for attested patients
    actors.add(
        new Actor(
            "A1-treat",
            user(orgs.get("A"), "9110001", "TREAT", null, List.of(p1.fnr())),
            Set.of("P1"),
            Set.of("P1")));
    actors.add(
        new Actor(
            "B1-coc",
            user(orgs.get("B"), "9120001", "COC", null, List.of(p1.fnr(), p2.fnr())),
            Set.of("P1", "P2"),
            Set.of("P1", "P2")));
    // C2 attests P2 and P3, but P3 shields their record from C2
    actors.add(
        new Actor(
            "C2-shielded",
            user(orgs.get("C"), hprC2, "ETREAT", null, List.of(p2.fnr(), p3.fnr())),
            Set.of("P2"),
            Set.of("P2")));
    // health workers without a usable attestation see nobody
    actors.add(
        new Actor("A3-none", user(orgs.get("A"), "9110003", null, null, List.of()), none, none));
    actors.add(
        new Actor(
            "B3-research",
            user(orgs.get("B"), "9120003", "HRESCH", null, List.of(p2.fnr())),
            none,
            none));
    actors.add(
        new Actor("C3-none", user(orgs.get("C"), "9130003", null, null, List.of()), none, none));
    actors.add(
        new Actor(
            "C1-treat",
            user(orgs.get("C"), "9130001", "TREAT", null, List.of(p3.fnr())),
            Set.of("P3"),
            Set.of("P3")));
    actors.add(
        new Actor(
            "A2-treat-other",
            user(orgs.get("A"), "9110002", "TREAT", null, List.of(p2.fnr())),
            Set.of("P2"),
            Set.of("P2")));
    actors.add(
        new Actor(
            "B2-treat",
            user(orgs.get("B"), "9120002", "TREAT", null, List.of(p2.fnr())),
            Set.of("P2"),
            Set.of("P2")));
    // break-the-glass with a reason: the attested patient, unless shielded from the organisation
    actors.add(
        new Actor(
            "A-btg",
            user(
                orgs.get("A"),
                "9110004",
                "BTG",
                "Bevisstløs pasient i akuttmottak",
                List.of(p2.fnr())),
            Set.of("P2"),
            Set.of("P2")));
    actors.add(
        new Actor(
            "B-btg-shielded",
            user(orgs.get("B"), "9120004", "BTG", "Akutt", List.of(p3.fnr())),
            none,
            none));
    // patients see themselves (read-only scopes)
    actors.add(new Actor("patient1", patientToken(p1.fnr()), Set.of("P1"), none));
    actors.add(new Actor("patient2", patientToken(p2.fnr()), Set.of("P2"), none));
    actors.add(new Actor("patient3", patientToken(p3.fnr()), Set.of("P3"), none));
  }

  // ---- the probes --------------------------------------------------------------------------

  /** What a probe shows when allowed, and what it must look like when refused. */
  enum Kind {
    /** By id: allowed 200 with the data; refused exactly like a missing id. */
    READ_BY_ID,
    /** A search: allowed 200 with the data; refused 200 without it (or a 403 for the form). */
    SEARCH,
    /** A count: never a total above what the caller may see. */
    COUNT,
    /** A write by id: allowed 2xx; refused like a missing id or 403. */
    WRITE_BY_ID,
    /** A write: allowed 2xx; refused 403 and nothing stored. */
    WRITE
  }

  interface Call {
    Answer run(AuthorizationMatrixIT t, Actor a, Pat p, String id);
  }

  /**
   * One interaction type: {@code id} picks the id it addresses (for the missing-id twin), {@code
   * call} performs it.
   */
  record Probe(String name, Kind kind, java.util.function.Function<Pat, String> id, Call call) {}

  static final String MISSING_ID = "1999999999";

  static final List<Probe> PROBES =
      List.of(
          new Probe(
              "read Patient",
              Kind.READ_BY_ID,
              Pat::id,
              (t, a, p, id) -> t.get(a.token(), "Patient/" + id)),
          new Probe(
              "read Observation",
              Kind.READ_BY_ID,
              Pat::obsId,
              (t, a, p, id) -> t.get(a.token(), "Observation/" + id)),
          new Probe(
              "vread Observation",
              Kind.READ_BY_ID,
              Pat::obsId,
              (t, a, p, id) -> t.get(a.token(), "Observation/" + id + "/_history/1")),
          new Probe(
              "history Observation",
              Kind.SEARCH,
              Pat::obsId,
              (t, a, p, id) -> t.get(a.token(), "Observation/" + id + "/_history")),
          new Probe(
              "history type",
              Kind.SEARCH,
              null,
              (t, a, p, id) -> t.get(a.token(), "Observation/_history?_count=200")),
          new Probe(
              "search by patient",
              Kind.SEARCH,
              null,
              (t, a, p, id) -> t.get(a.token(), "Observation?subject=Patient/" + p.id())),
          new Probe(
              "search by code",
              Kind.SEARCH,
              null,
              (t, a, p, id) -> t.get(a.token(), "Observation?code=" + enc("urn:test|" + p.code()))),
          new Probe(
              "_include",
              Kind.SEARCH,
              null,
              (t, a, p, id) ->
                  t.get(
                      a.token(),
                      "Observation?code="
                          + enc("urn:test|" + p.code())
                          + "&_include=Observation:subject")),
          new Probe(
              "_revinclude",
              Kind.SEARCH,
              null,
              (t, a, p, id) ->
                  t.get(a.token(), "Patient?_id=" + p.id() + "&_revinclude=Observation:subject")),
          new Probe(
              "_include:iterate",
              Kind.SEARCH,
              null,
              (t, a, p, id) ->
                  t.get(
                      a.token(),
                      "Observation?code="
                          + enc("urn:test|" + p.code())
                          + "&_include:iterate=Observation:subject&_revinclude:iterate=Observation:subject")),
          new Probe(
              "chained",
              Kind.SEARCH,
              null,
              (t, a, p, id) ->
                  t.get(a.token(), "Observation?subject.identifier=" + enc(FNR + "|" + p.fnr()))),
          new Probe(
              "_has",
              Kind.SEARCH,
              null,
              (t, a, p, id) ->
                  t.get(
                      a.token(),
                      "Patient?_has:Observation:subject:code=" + enc("urn:test|" + p.code()))),
          new Probe(
              "$everything",
              Kind.SEARCH,
              null,
              (t, a, p, id) -> t.get(a.token(), "Patient/" + p.id() + "/$everything")),
          new Probe(
              "_summary=count",
              Kind.COUNT,
              null,
              (t, a, p, id) ->
                  t.get(
                      a.token(),
                      "Observation?code=" + enc("urn:test|" + p.code()) + "&_summary=count")),
          new Probe(
              "_total=accurate",
              Kind.COUNT,
              null,
              (t, a, p, id) ->
                  t.get(
                      a.token(),
                      "Observation?code=" + enc("urn:test|" + p.code()) + "&_total=accurate")),
          new Probe(
              "patient by identifier count",
              Kind.COUNT,
              null,
              (t, a, p, id) ->
                  t.get(
                      a.token(),
                      "Patient?identifier=" + enc(FNR + "|" + p.fnr()) + "&_total=accurate")),
          new Probe(
              "batch GET",
              Kind.SEARCH,
              null,
              (t, a, p, id) ->
                  t.send(
                      a.token(),
                      "POST",
                      "",
                      bundle(
                          "batch",
                          getEntry("Patient/" + p.id()),
                          getEntry("Observation?subject=Patient/" + p.id())),
                      Map.of())),
          new Probe(
              "transaction GET",
              Kind.SEARCH,
              null,
              (t, a, p, id) ->
                  t.send(
                      a.token(),
                      "POST",
                      "",
                      bundle("transaction", getEntry("Observation/" + p.obsId())),
                      Map.of())),
          new Probe(
              "create",
              Kind.WRITE,
              null,
              (t, a, p, id) ->
                  t.send(
                      a.token(),
                      "POST",
                      "Observation",
                      observationJson(p.id(), p.code() + "-new", "new-" + UUID.randomUUID()),
                      Map.of())),
          new Probe(
              "update",
              Kind.WRITE_BY_ID,
              Pat::obsId,
              (t, a, p, id) ->
                  t.send(
                      a.token(),
                      "PUT",
                      "Observation/" + id,
                      withId(observationJson(p.id(), p.code(), "obs-" + p.code().substring(5)), id),
                      Map.of())),
          new Probe(
              "patch",
              Kind.WRITE_BY_ID,
              Pat::obsId,
              (t, a, p, id) ->
                  t.send(
                      a.token(),
                      "PATCH",
                      "Observation/" + id,
                      "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"final\"}]",
                      Map.of())),
          new Probe("delete", Kind.WRITE_BY_ID, null, null),
          new Probe(
              "transaction PUT",
              Kind.WRITE,
              null,
              (t, a, p, id) ->
                  t.send(
                      a.token(),
                      "POST",
                      "",
                      bundle(
                          "transaction",
                          putEntry(
                              "Observation?identifier=" + enc("urn:test:obs|tx-" + p.code()),
                              observationJson(p.id(), p.code() + "-tx", "tx-" + p.code()))),
                      Map.of())),
          new Probe(
              "batch PUT",
              Kind.WRITE,
              null,
              (t, a, p, id) ->
                  t.send(
                      a.token(),
                      "POST",
                      "",
                      bundle(
                          "batch",
                          putEntry(
                              "Observation?identifier=" + enc("urn:test:obs|bx-" + p.code()),
                              observationJson(p.id(), p.code() + "-bx", "bx-" + p.code()))),
                      Map.of())));

  static String withId(String json, String id) {
    return json.replaceFirst(
        "\\{\"resourceType\":\"Observation\",",
        "{\"resourceType\":\"Observation\",\"id\":\"" + id + "\",");
  }

  static String getEntry(String url) {
    return "{\"request\":{\"method\":\"GET\",\"url\":\"" + url + "\"}}";
  }

  static String putEntry(String url, String resource) {
    return "{\"fullUrl\":\"urn:uuid:"
        + UUID.randomUUID()
        + "\",\"resource\":"
        + resource
        + ",\"request\":{\"method\":\"PUT\",\"url\":\""
        + url
        + "\"}}";
  }

  static String bundle(String type, String... entries) {
    return "{\"resourceType\":\"Bundle\",\"type\":\""
        + type
        + "\",\"entry\":["
        + String.join(",", entries)
        + "]}";
  }

  // ---- the matrix ----------------------------------------------------------------------------

  @Test
  void everyPrincipalSeesAndWritesExactlyItsPatients() {
    List<String> failures = new ArrayList<>();
    int cases = 0;
    for (Actor a : actors) {
      for (Pat p : patients.values()) {
        for (Probe probe : PROBES) {
          cases++;
          try {
            check(a, p, probe);
          } catch (AssertionError e) {
            failures.add(
                a.name() + " x " + p.name() + " x " + probe.name() + ": " + e.getMessage());
          }
        }
      }
    }
    assertThat(cases).isGreaterThanOrEqualTo(3 * 3 * 3 * PROBES.size());
    assertThat(failures).as("%d of %d cases failed", failures.size(), cases).isEmpty();
  }

  private void check(Actor a, Pat p, Probe probe) {
    boolean sees = a.sees().contains(p.name());
    boolean writes = a.writes().contains(p.name());
    Answer answer;
    String id = null;
    if (probe.name().equals("delete")) {
      // a fresh victim written by the patient's own organisation
      String owner =
          system(orgs.get(List.of("A", "B", "C").get(Integer.parseInt(p.name().substring(1)) - 1)));
      Answer victim =
          send(
              owner,
              "POST",
              "Observation",
              observationJson(p.id(), p.code() + "-victim", "victim-" + UUID.randomUUID()),
              Map.of("Prefer", "return=representation"));
      assertThat(victim.status()).as("victim %s", victim.body()).isEqualTo(201);
      id = idOf(victim);
      answer = send(a.token(), "DELETE", "Observation/" + id, null, Map.of());
    } else {
      id = probe.id() == null ? null : probe.id().apply(p);
      answer = probe.call().run(this, a, p, id);
    }
    assertNoLeak(a, answer, id, probe);
    boolean allowed =
        probe.kind() == Kind.WRITE || probe.kind() == Kind.WRITE_BY_ID ? writes : sees;
    assertAudited(a, p, probe, answer, allowed);
    switch (probe.kind()) {
      case READ_BY_ID -> {
        if (allowed) {
          assertThat(answer.status()).as("allowed read: %s", answer.body()).isEqualTo(200);
          assertThat(p.marker().matcher(answer.body()).find()).isTrue();
        } else {
          assertLikeMissing(a, p, probe, id, answer);
        }
      }
      case SEARCH -> {
        if (allowed) {
          assertThat(answer.status()).as("allowed search: %s", answer.body()).isEqualTo(200);
          if (!probe.name().equals("history type")) {
            assertThat(p.marker().matcher(answer.body()).find())
                .as("shows the data: %s", answer.body())
                .isTrue();
          }
        } else {
          assertThat(answer.status()).as("refused search: %s", answer.body()).isIn(200, 403);
        }
      }
      case COUNT -> {
        assertThat(answer.status()).as("count: %s", answer.body()).isIn(200, 403);
        JsonNode total = answer.json().path("total");
        if (!allowed && total.isNumber()) {
          assertThat(total.asInt()).as("count of a hidden patient's data").isZero();
        }
        if (allowed && total.isNumber()) {
          assertThat(total.asInt()).isPositive();
        }
      }
      case WRITE -> {
        if (allowed) {
          assertThat(answer.status()).as("allowed write: %s", answer.body()).isIn(200, 201);
          assertThat(answer.body()).doesNotContain("\"status\":\"4");
        } else {
          boolean refused =
              answer.status() == 403
                  || answer.status() == 404
                  || (answer.status() == 200 && answer.body().contains("\"status\":\"4"));
          assertThat(refused).as("refused write: %s %s", answer.status(), answer.body()).isTrue();
        }
      }
      case WRITE_BY_ID -> {
        if (allowed) {
          assertThat(answer.status()).as("allowed write: %s", answer.body()).isIn(200, 201, 204);
        } else if (a.sees().contains(p.name())) {
          // may read but not write (patient tokens): a scope refusal, independent of the data
          assertThat(answer.status()).as("refused write: %s", answer.body()).isEqualTo(403);
        } else {
          assertLikeMissing(a, p, probe, id, answer);
        }
      }
    }
  }

  /**
   * Audit completeness: the request left exactly one access-log record, with the outcome its status
   * says (0 success, 4 refused or hidden, 8 error), the token's agent (national id, HPR number,
   * organisation), the patient when the caller was allowed to reach their data, and no patient the
   * caller may not see on a successful record.
   */
  private void assertAudited(Actor a, Pat p, Probe probe, Answer answer, boolean allowed) {
    int rows = audit.countFor(answer.requestId());
    assertThat(rows).as("audit records of the request (status %s)", answer.status()).isEqualTo(1);
    Map<String, Object> row = audit.rowFor(answer.requestId());
    int outcome = ((Number) row.get("OUTCOME")).intValue();
    // a delete of a hidden resource is answered like a missing one (200) but recorded as denied
    boolean hiddenDelete = probe.name().equals("delete") && !allowed && answer.status() == 200;
    int expected = answer.status() >= 500 ? 8 : answer.status() >= 400 || hiddenDelete ? 4 : 0;
    assertThat(outcome).as("audit outcome of a %s", answer.status()).isEqualTo(expected);
    Agent agent = agents.get(a.token());
    assertThat(row.get("AGENT_PID")).as("audited agent pid").isEqualTo(agent.pid());
    assertThat(row.get("AGENT_HPR")).as("audited HPR number").isEqualTo(agent.hpr());
    assertThat(row.get("ORGNR_PARENT")).as("audited organisation").isEqualTo(agent.orgnr());
    List<String> audited =
        audit.patientsFor(answer.requestId()).stream()
            .filter(ref -> ref.startsWith("Patient/"))
            .toList();
    boolean showsData = probe.kind() != Kind.COUNT || answer.json().path("entry").size() > 0;
    if (allowed && answer.status() < 300 && showsData && !probe.name().equals("history type")) {
      assertThat(audited).as("audited patients").contains("Patient/" + p.id());
    }
    if (outcome == 0) {
      for (Pat other : patients.values()) {
        boolean reachable =
            a.sees().contains(other.name())
                || (probe.kind() == Kind.WRITE || probe.kind() == Kind.WRITE_BY_ID)
                    && a.writes().contains(other.name());
        if (!reachable) {
          assertThat(audited)
              .as("a successful record names a patient the caller may not see")
              .doesNotContain("Patient/" + other.id());
        }
      }
    }
  }

  /** The refusal is exactly what the same request to an id that does not exist gets. */
  private void assertLikeMissing(Actor a, Pat p, Probe probe, String id, Answer answer) {
    if (answer.status() == 403) {
      // a refusal that depends on the token only (scope): no oracle, same for any id
      return;
    }
    Answer missing =
        probe.name().equals("delete")
            ? send(a.token(), "DELETE", "Observation/" + MISSING_ID, null, Map.of())
            : probe.call().run(this, a, p, MISSING_ID);
    assertThat(answer.status())
        .as("status like a missing id: %s vs %s", answer.body(), missing.body())
        .isEqualTo(missing.status());
    assertThat(normalise(answer.body(), id)).isEqualTo(normalise(missing.body(), MISSING_ID));
  }

  private static String normalise(String body, String id) {
    return body.replace(id, "<id>").replaceAll("\"lastUpdated\":\"[^\"]*\"", "");
  }

  /** No marker of a patient the actor may not see, beyond the id the request itself named. */
  private void assertNoLeak(Actor a, Answer answer, String requestedId, Probe probe) {
    // what the response only echoes of the request: links (self URLs carry the query) and "not
    // known" texts naming the id asked for
    String body =
        answer
            .body()
            .replaceAll("\"url\":\"[^\"]*\"", "")
            .replaceAll("Resource \\w+/\\d+(/_history/\\d+)? is not known", "")
            .replaceAll("resource \\w+/\\d+ does not exist", "");
    if (requestedId != null) {
      body = body.replace("Observation/" + requestedId, "").replace("Patient/" + requestedId, "");
    }
    for (Pat other : patients.values()) {
      if (a.sees().contains(other.name())) {
        continue;
      }
      if (probe.kind() == Kind.WRITE && a.writes().contains(other.name())) {
        continue;
      }
      assertThat(other.marker().matcher(body).find())
          .as("%s leaks %s: %s", probe.name(), other.name(), answer.body())
          .isFalse();
    }
  }
}
