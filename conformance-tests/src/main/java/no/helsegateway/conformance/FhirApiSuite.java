package no.helsegateway.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import no.helsegateway.conformance.FhirHttp.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The FHIR REST API contract of the gateway, tested from outside over HTTP. Subclasses say where
 * the gateway is (a process started on H2 or PostgreSQL, or any endpoint given on the command
 * line). Every test makes its own data with unique identifiers, so tests are independent and the
 * suite can run against a server that already holds data.
 */
public abstract class FhirApiSuite {

  static final String FNR = "urn:oid:2.16.578.1.12.4.1.4.1";

  /** Nothing internal may leak in a response: class names, stack frames, SQL. */
  static final Pattern INTERNALS =
      Pattern.compile(
          "(java\\.|javax\\.|jakarta\\.|org\\.hibernate|org\\.springframework|ca\\.uhn\\.fhir\\.jpa"
              + "|Exception|\\tat |\\bSQL|JDBC|select .* from )");

  protected abstract FhirHttp fhir();

  // ---- helpers ---------------------------------------------------------------------------

  protected static String patientJson(String fnr, String family) {
    return """
        {"resourceType":"Patient",
         "identifier":[{"system":"%s","value":"%s"}],
         "name":[{"family":"%s","given":["Test"]}],
         "gender":"female","birthDate":"1980-03-13"}"""
        .formatted(FNR, fnr, family);
  }

  protected static String uniqueFamily() {
    return "Syn" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  protected static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  protected static String idFromLocation(Answer a) {
    String location = a.header("Location").orElseThrow(() -> new AssertionError("no Location"));
    String[] parts = location.split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      if (parts[i].equals("Patient") || parts[i].equals("Observation")) {
        return parts[i + 1];
      }
    }
    throw new AssertionError("Location has no id: " + location);
  }

  protected Answer createPatient(String fnr, String family) {
    Answer a = fhir().postJson("Patient", patientJson(fnr, family));
    assertThat(a.status()).as("create %s", a).isEqualTo(201);
    return a;
  }

  protected int count(String query) {
    Answer a = fhir().get(query + (query.contains("?") ? "&" : "?") + "_summary=count");
    assertThat(a.status()).as("count %s", a).isEqualTo(200);
    return a.json().path("total").asInt(-1);
  }

  /** The answer is a safe OperationOutcome with the expected status. */
  protected static void assertOutcome(Answer a, int status) {
    assertThat(a.status()).as("status of %s", a).isEqualTo(status);
    JsonNode outcome = a.json();
    assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
    JsonNode issue = outcome.path("issue").path(0);
    assertThat(issue.path("severity").asText()).isIn("error", "fatal");
    assertThat(issue.path("code").asText()).isNotBlank();
    assertThat(issue.path("diagnostics").asText()).isNotBlank();
    assertThat(a.body()).doesNotContainPattern(INTERNALS);
  }

  // ---- capability ------------------------------------------------------------------------

  @Test
  void capabilityStatementDescribesAnR4ServerWithTheSupportedInteractions() {
    Answer a = fhir().get("metadata");
    assertThat(a.status()).isEqualTo(200);
    JsonNode cs = a.json();
    assertThat(cs.path("resourceType").asText()).isEqualTo("CapabilityStatement");
    assertThat(cs.path("fhirVersion").asText()).isEqualTo("4.0.1");
    assertThat(cs.path("format").toString()).contains("json").contains("xml");
    JsonNode rest = cs.path("rest").path(0);
    assertThat(rest.path("mode").asText()).isEqualTo("server");
    Set<String> systemInteractions = new HashSet<>();
    rest.path("interaction").forEach(i -> systemInteractions.add(i.path("code").asText()));
    assertThat(systemInteractions).contains("transaction", "batch");
    JsonNode patient = null;
    for (JsonNode r : rest.path("resource")) {
      if (r.path("type").asText().equals("Patient")) {
        patient = r;
      }
    }
    assertThat(patient).as("Patient in CapabilityStatement").isNotNull();
    Set<String> interactions = new HashSet<>();
    patient.path("interaction").forEach(i -> interactions.add(i.path("code").asText()));
    assertThat(interactions)
        .contains(
            "create",
            "read",
            "vread",
            "update",
            "patch",
            "delete",
            "history-instance",
            "search-type");
    assertThat(patient.path("conditionalCreate").asBoolean()).isTrue();
    Set<String> params = new HashSet<>();
    patient.path("searchParam").forEach(p -> params.add(p.path("name").asText()));
    assertThat(params).contains("identifier", "family", "birthdate");
  }

  // ---- CRUD, versions, history -----------------------------------------------------------

  @Test
  void createReadVreadUpdatePatchHistoryDelete() {
    String fnr = SyntheticPersons.nextFodselsnummer();
    Answer created = createPatient(fnr, uniqueFamily());
    String id = idFromLocation(created);
    assertThat(created.header("ETag")).contains("W/\"1\"");

    Answer read = fhir().get("Patient/" + id);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().path("identifier").path(0).path("value").asText()).isEqualTo(fnr);

    String updatedBody = patientJson(fnr, "Updated").replaceFirst("\\{", "{\"id\":\"" + id + "\",");
    Answer updated = fhir().put("Patient/" + id, updatedBody);
    assertThat(updated.status()).as("%s", updated).isEqualTo(200);
    assertThat(updated.json().path("meta").path("versionId").asText()).isEqualTo("2");

    Answer patched =
        fhir()
            .patch(
                "Patient/" + id,
                "[{\"op\":\"replace\",\"path\":\"/gender\",\"value\":\"male\"}]",
                "application/json-patch+json");
    assertThat(patched.status()).as("%s", patched).isEqualTo(200);
    assertThat(patched.json().path("gender").asText()).isEqualTo("male");
    assertThat(patched.json().path("meta").path("versionId").asText()).isEqualTo("3");

    Answer v1 = fhir().get("Patient/" + id + "/_history/1");
    assertThat(v1.status()).isEqualTo(200);
    assertThat(v1.json().path("name").path(0).path("family").asText()).startsWith("Syn");
    assertThat(v1.json().path("gender").asText()).isEqualTo("female");

    Answer history = fhir().get("Patient/" + id + "/_history");
    assertThat(history.status()).isEqualTo(200);
    assertThat(history.json().path("type").asText()).isEqualTo("history");
    assertThat(history.json().path("entry").size()).isEqualTo(3);

    Answer deleted = fhir().delete("Patient/" + id);
    assertThat(deleted.status()).isIn(200, 204);
    assertOutcome(fhir().get("Patient/" + id), 410);
    assertOutcome(fhir().get("Patient/" + id + "-does-not-exist"), 404);
  }

  // ---- search ----------------------------------------------------------------------------

  @Test
  void searchPagesThroughAllMatchesWithoutDuplicates() {
    String family = uniqueFamily();
    for (int i = 0; i < 25; i++) {
      createPatient(SyntheticPersons.nextFodselsnummer(), family);
    }
    Answer page = fhir().get("Patient?family=" + family + "&_count=10");
    assertThat(page.status()).isEqualTo(200);
    Set<String> ids = new HashSet<>();
    int pages = 0;
    while (true) {
      pages++;
      for (JsonNode e : page.json().path("entry")) {
        assertThat(ids.add(e.path("resource").path("id").asText())).isTrue();
      }
      String next = null;
      for (JsonNode link : page.json().path("link")) {
        if (link.path("relation").asText().equals("next")) {
          next = link.path("url").asText();
        }
      }
      if (next == null) {
        break;
      }
      page = fhir().getAbsolute(next);
      assertThat(page.status()).isEqualTo(200);
    }
    assertThat(ids).hasSize(25);
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void searchByIdentifierFindsExactlyThatPatient() {
    String fnr = SyntheticPersons.nextFodselsnummer();
    String id = idFromLocation(createPatient(fnr, uniqueFamily()));
    // _total=accurate: with authorisation on, a total is given only on request (counted over what
    // the caller may see)
    Answer found = fhir().get("Patient?identifier=" + enc(FNR + "|" + fnr) + "&_total=accurate");
    assertThat(found.status()).isEqualTo(200);
    assertThat(found.json().path("total").asInt()).isEqualTo(1);
    assertThat(found.json().path("entry").path(0).path("resource").path("id").asText())
        .isEqualTo(id);
  }

  @Test
  void includeReturnsTheReferencedPatient() {
    String id = idFromLocation(createPatient(SyntheticPersons.nextFodselsnummer(), uniqueFamily()));
    String code = "code-" + UUID.randomUUID();
    Answer obs =
        fhir()
            .postJson(
                "Observation",
                """
                {"resourceType":"Observation","status":"final",
                 "code":{"coding":[{"system":"urn:test","code":"%s"}]},
                 "subject":{"reference":"Patient/%s"},"effectiveDateTime":"2026-01-05T10:00:00+01:00",
                 "valueQuantity":{"value":72,"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"}}"""
                    .formatted(code, id));
    assertThat(obs.status()).as("%s", obs).isEqualTo(201);
    Answer search =
        fhir().get("Observation?code=" + enc("urn:test|" + code) + "&_include=Observation:subject");
    assertThat(search.status()).isEqualTo(200);
    List<String> modes = new ArrayList<>();
    String includedPatient = null;
    for (JsonNode e : search.json().path("entry")) {
      modes.add(e.path("search").path("mode").asText());
      if (e.path("resource").path("resourceType").asText().equals("Patient")) {
        includedPatient = e.path("resource").path("id").asText();
      }
    }
    assertThat(modes).containsExactlyInAnyOrder("match", "include");
    assertThat(includedPatient).isEqualTo(id);
  }

  // ---- transaction and batch -------------------------------------------------------------

  @Test
  void transactionCommitsAllEntriesAndResolvesTemporaryReferences() {
    String family = uniqueFamily();
    String pid = "urn:uuid:" + UUID.randomUUID();
    String bundle =
        """
        {"resourceType":"Bundle","type":"transaction","entry":[
          {"fullUrl":"%s","resource":%s,"request":{"method":"POST","url":"Patient"}},
          {"resource":{"resourceType":"Observation","status":"final","code":{"text":"Puls"},
            "subject":{"reference":"%s"},"effectiveDateTime":"2026-01-05T10:00:00+01:00"},"request":{"method":"POST","url":"Observation"}}]}"""
            .formatted(pid, patientJson(SyntheticPersons.nextFodselsnummer(), family), pid);
    Answer a = fhir().postJson("", bundle);
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    JsonNode entries = a.json().path("entry");
    assertThat(entries.size()).isEqualTo(2);
    assertThat(entries.path(0).path("response").path("status").asText()).startsWith("201");
    String obsLocation = entries.path(1).path("response").path("location").asText();
    Answer obs = fhir().get(obsLocation.replaceFirst("/_history/.*", ""));
    String patientLocation = entries.path(0).path("response").path("location").asText();
    assertThat(obs.json().path("subject").path("reference").asText())
        .isEqualTo(patientLocation.replaceFirst("/_history/.*", ""));
    assertThat(count("Patient?family=" + family)).isEqualTo(1);
  }

  @Test
  void transactionWithOneBadEntryStoresNothing() {
    String family = uniqueFamily();
    String bundle =
        """
        {"resourceType":"Bundle","type":"transaction","entry":[
          {"resource":%s,"request":{"method":"POST","url":"Patient"}},
          {"resource":{"resourceType":"Observation","status":"final","code":{"text":"x"},
            "subject":{"reference":"Patient/does-not-exist-%s"},
            "effectiveDateTime":"2026-01-05T10:00:00+01:00"},
           "request":{"method":"POST","url":"Observation"}}]}"""
            .formatted(
                patientJson(SyntheticPersons.nextFodselsnummer(), family), UUID.randomUUID());
    Answer a = fhir().postJson("", bundle);
    assertThat(a.status()).isBetween(400, 499);
    assertOutcome(a, a.status());
    assertThat(count("Patient?family=" + family)).isZero();
  }

  @Test
  void batchEntriesSucceedOrFailIndependently() {
    String family = uniqueFamily();
    String bundle =
        """
        {"resourceType":"Bundle","type":"batch","entry":[
          {"resource":%s,"request":{"method":"POST","url":"Patient"}},
          {"request":{"method":"GET","url":"Patient/does-not-exist-%s"}}]}"""
            .formatted(
                patientJson(SyntheticPersons.nextFodselsnummer(), family), UUID.randomUUID());
    Answer a = fhir().postJson("", bundle);
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    assertThat(a.json().path("type").asText()).isEqualTo("batch-response");
    JsonNode entries = a.json().path("entry");
    assertThat(entries.path(0).path("response").path("status").asText()).startsWith("201");
    assertThat(entries.path(1).path("response").path("status").asText()).startsWith("404");
    assertThat(count("Patient?family=" + family)).isEqualTo(1);
  }

  // ---- conditional create and concurrency ------------------------------------------------

  @Test
  void conditionalCreateReturnsTheExistingResource() {
    String fnr = SyntheticPersons.nextFodselsnummer();
    String condition = "identifier=" + enc(FNR + "|" + fnr);
    Answer first =
        fhir().postJson("Patient", patientJson(fnr, uniqueFamily()), "If-None-Exist", condition);
    assertThat(first.status()).isEqualTo(201);
    Answer second =
        fhir().postJson("Patient", patientJson(fnr, uniqueFamily()), "If-None-Exist", condition);
    assertThat(second.status()).isEqualTo(200);
    assertThat(idFromLocation(second)).isEqualTo(idFromLocation(first));
    assertThat(count("Patient?identifier=" + enc(FNR + "|" + fnr))).isEqualTo(1);
  }

  @Test
  void twentyParallelIdenticalConditionalCreatesGiveExactlyOneResource() throws Exception {
    String fnr = SyntheticPersons.nextFodselsnummer();
    String condition = "identifier=" + enc(FNR + "|" + fnr);
    String body = patientJson(fnr, uniqueFamily());
    int clients = 20;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Answer>> answers = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return fhir().postJson("Patient", body, "If-None-Exist", condition);
                }));
      }
      start.countDown();
      Set<String> ids = new HashSet<>();
      int created = 0;
      for (Future<Answer> f : answers) {
        Answer a = f.get(120, TimeUnit.SECONDS);
        assertThat(a.status()).as("%s", a).isIn(200, 201);
        created += a.status() == 201 ? 1 : 0;
        ids.add(idFromLocation(a));
      }
      assertThat(created).isEqualTo(1);
      assertThat(ids).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(count("Patient?identifier=" + enc(FNR + "|" + fnr))).isEqualTo(1);
  }

  // ---- optimistic locking ----------------------------------------------------------------

  @Test
  void ifMatchWithTheCurrentVersionUpdatesAndAStaleVersionGives412() {
    String fnr = SyntheticPersons.nextFodselsnummer();
    String id = idFromLocation(createPatient(fnr, uniqueFamily()));
    String body = patientJson(fnr, "Locked").replaceFirst("\\{", "{\"id\":\"" + id + "\",");

    Answer ok = fhir().put("Patient/" + id, body, "If-Match", "W/\"1\"");
    assertThat(ok.status()).as("%s", ok).isEqualTo(200);
    assertThat(ok.header("ETag")).contains("W/\"2\"");

    Answer stale = fhir().put("Patient/" + id, body, "If-Match", "W/\"1\"");
    assertOutcome(stale, 412);
    assertThat(fhir().get("Patient/" + id).json().path("meta").path("versionId").asText())
        .isEqualTo("2");
  }

  // ---- validation against the Norwegian profiles ------------------------------------------

  static final String GW_PATIENT = "http://helsegateway.no/fhir/StructureDefinition/gw-Patient";

  /** A fødselsnummer with its last control digit changed, so it fails the mod-11 check. */
  static String withBadCheckDigit(String fnr) {
    char last = fnr.charAt(10);
    return fnr.substring(0, 10) + (char) ('0' + (last - '0' + 1) % 10);
  }

  private static List<String> errorExpressions(Answer a) {
    List<String> expressions = new ArrayList<>();
    for (JsonNode issue : a.json().path("issue")) {
      if (issue.path("severity").asText().matches("error|fatal")) {
        issue.path("expression").forEach(e -> expressions.add(e.asText()));
      }
    }
    return expressions;
  }

  @Test
  void aPatientWithABadFodselsnummerIsRefusedWith422AtThatIdentifier() {
    String family = uniqueFamily();
    String bad = withBadCheckDigit(SyntheticPersons.nextFodselsnummer());
    Answer a = fhir().postJson("Patient", patientJson(bad, family));
    assertOutcome(a, 422);
    assertThat(errorExpressions(a)).contains("Patient.identifier[0].value");
    assertThat(a.body()).contains("control digit").doesNotContain(bad);
    assertThat(count("Patient?family=" + family)).isZero();
  }

  @Test
  void aPatientWithoutANorwegianIdentifierIsRefused() {
    Answer a =
        fhir()
            .postJson(
                "Patient",
                "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\""
                    + uniqueFamily()
                    + "\"}]}");
    assertOutcome(a, 422);
    assertThat(a.body()).contains("gw-Patient");
  }

  @Test
  void aTransactionWithAnInvalidEntryIsRefusedAtThatEntryAndStoresNothing() {
    String family = uniqueFamily();
    String bundle =
        """
        {"resourceType":"Bundle","type":"transaction","entry":[
          {"resource":%s,"request":{"method":"POST","url":"Patient"}},
          {"resource":%s,"request":{"method":"POST","url":"Patient"}}]}"""
            .formatted(
                patientJson(SyntheticPersons.nextFodselsnummer(), family),
                patientJson(withBadCheckDigit(SyntheticPersons.nextFodselsnummer()), family));
    Answer a = fhir().postJson("", bundle);
    assertOutcome(a, 422);
    assertThat(errorExpressions(a)).contains("Bundle.entry[1].resource.identifier[0].value");
    assertThat(count("Patient?family=" + family)).isZero();
  }

  @Test
  void validateOperationReportsWhatAWriteWouldRefuse() {
    Answer bad =
        fhir()
            .postJson(
                "Patient/$validate",
                patientJson(
                    withBadCheckDigit(SyntheticPersons.nextFodselsnummer()), uniqueFamily()));
    assertThat(bad.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(bad.body()).contains("control digit");

    Answer good =
        fhir()
            .postJson(
                "Patient/$validate",
                patientJson(SyntheticPersons.nextFodselsnummer(), uniqueFamily()));
    assertThat(good.status()).as("%s", good).isEqualTo(200);
    assertThat(errorExpressions(good)).isEmpty();
  }

  @Test
  void theProfilesAreReadableAndListedInTheCapabilityStatement() {
    Answer sd = fhir().get("StructureDefinition?url=" + enc(GW_PATIENT));
    assertThat(sd.status()).isEqualTo(200);
    assertThat(sd.json().path("total").asInt()).isEqualTo(1);
    JsonNode profile = sd.json().path("entry").path(0).path("resource");
    assertThat(profile.path("snapshot").path("element").size()).isGreaterThan(10);

    JsonNode rest = fhir().get("metadata").json().path("rest").path(0);
    List<String> supported = new ArrayList<>();
    for (JsonNode r : rest.path("resource")) {
      if (r.path("type").asText().equals("Patient")) {
        r.path("supportedProfile").forEach(p -> supported.add(p.asText()));
      }
    }
    assertThat(supported).contains(GW_PATIENT);
  }

  // ---- client errors ---------------------------------------------------------------------

  static Stream<Arguments> clientErrors() {
    return Stream.of(
        Arguments.of(
            "malformed JSON",
            "POST",
            "Patient",
            "{\"resourceType\":\"Patient\",",
            "application/fhir+json",
            400),
        Arguments.of(
            "malformed XML",
            "POST",
            "Patient",
            "<Patient xmlns=\"http://hl7.org/fhir\"><name>",
            "application/fhir+xml",
            400),
        Arguments.of(
            "JSON that is not FHIR", "POST", "Patient", "[1,2,3]", "application/fhir+json", 400),
        Arguments.of(
            "wrong resource type for the endpoint",
            "POST",
            "Patient",
            "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"}}",
            "application/fhir+json",
            400),
        Arguments.of(
            "invalid date in a resource",
            "POST",
            "Patient",
            "{\"resourceType\":\"Patient\",\"birthDate\":\"13.03.1980\"}",
            "application/fhir+json",
            400),
        Arguments.of("unknown resource type", "GET", "NoSuchType/1", null, null, 404),
        Arguments.of("unknown search parameter", "GET", "Patient?no-such-param=1", null, null, 400),
        Arguments.of("invalid search date", "GET", "Patient?birthdate=not-a-date", null, null, 400),
        Arguments.of("unsupported media type", "POST", "Patient", "name=Test", "text/plain", 415),
        Arguments.of(
            "binary media type on update",
            "PUT",
            "Patient/abc",
            "hello",
            "application/octet-stream",
            415));
  }

  @ParameterizedTest(name = "{0} -> {5}")
  @MethodSource("clientErrors")
  void clientMistakesGetA4xxOperationOutcomeWithoutInternals(
      String name, String method, String path, String body, String contentType, int status) {
    Answer a = fhir().exchange(method, path, body, contentType);
    assertOutcome(a, status);
  }
}
