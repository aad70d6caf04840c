package no.helsegateway.server.security.authz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.helsegateway.server.SharedContextIT;
import no.helsegateway.server.TestTokens;
import no.helsegateway.server.security.dev.LocalTokenIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Single authorisation rules with their side effects: moving a resource between patients,
 * break-the-glass follow-up (metric, table, endpoint), writing only as one's own organisation, and
 * the e-message sender rule.
 */
class AuthorizationRulesIT extends SharedContextIT {

  static final String FNR = AuthorizationMatrixIT.FNR;
  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired LocalTokenIssuer issuer;
  @Autowired MeterRegistry meters;
  @Autowired JdbcTemplate jdbc;

  private final HttpClient http = HttpClient.newHttpClient();
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  record Answer(int status, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (Exception e) {
        throw new AssertionError(body, e);
      }
    }
  }

  Answer send(String token, String method, String path, String body, String contentType) {
    return send(token, method, path, body, contentType, Map.of());
  }

  Answer send(
      String token,
      String method,
      String path,
      String body,
      String contentType,
      Map<String, String> headers) {
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .header("Authorization", "Bearer " + token)
              .header("Accept", "application/fhir+json");
      headers.forEach(b::header);
      if (body != null) {
        b.header("Content-Type", contentType);
        b.method(method, HttpRequest.BodyPublishers.ofString(body));
      } else {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  Answer fhir(String token, String method, String path, String body) {
    return send(token, method, "/fhir/" + path, body, "application/fhir+json");
  }

  String system(String orgnr) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("scope", "system/*.cruds");
    c.put("helseid://claims/client/claims/orgnr_parent", orgnr);
    return TestTokens.with(issuer, c);
  }

  String btgUser(String orgnr, String reason, String fnr) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("sub", "btg-" + run);
    c.put("scope", "user/*.rs");
    c.put("helseid://claims/hpr/hpr_number", "9140001");
    c.put("helseid://claims/identity/pid", AuthorizationMatrixIT.fnr());
    c.put("helseid://claims/identity/security_level", "4");
    c.put("helseid://claims/client/claims/orgnr_parent", orgnr);
    Map<String, Object> relation = new LinkedHashMap<>();
    relation.put("purpose_of_use", Map.of("code", "BTG"));
    if (reason != null) {
      relation.put("decision_ref", Map.of("id", "btg-1", "description", reason));
    }
    c.put(
        "attestation",
        Map.of(
            "care_relation",
            relation,
            "patients",
            List.of(Map.of("identifier", Map.of("id", fnr)))));
    return TestTokens.with(issuer, c);
  }

  String newPatient(String token, String fnr) {
    Answer p = fhir(token, "POST", "Patient", AuthorizationMatrixIT.patientJson(fnr, "Syn" + run));
    assertThat(p.status()).as(p.body()).isEqualTo(201);
    return p.json().path("id").asText();
  }

  @Test
  void aWriteCannotMoveAResourceIntoAnotherPatientsCompartment() {
    String orgA = AuthorizationMatrixIT.orgnr("91400001");
    String orgB = AuthorizationMatrixIT.orgnr("91500001");
    String a = system(orgA);
    String b = system(orgB);
    String p1 = newPatient(a, AuthorizationMatrixIT.fnr());
    String p2 = newPatient(b, AuthorizationMatrixIT.fnr());
    String p3 = newPatient(a, AuthorizationMatrixIT.fnr());
    String ident = "move-" + run;
    assertThat(
            fhir(
                    a,
                    "POST",
                    "Observation",
                    AuthorizationMatrixIT.observationJson(p1, "c-" + run, ident))
                .status())
        .isEqualTo(201);
    String url =
        "Observation?identifier="
            + URLEncoder.encode("urn:test:obs|" + ident, StandardCharsets.UTF_8);
    // A may not move its patient's observation to B's patient
    Answer moved =
        fhir(a, "PUT", url, AuthorizationMatrixIT.observationJson(p2, "c-" + run, ident));
    assertThat(moved.status()).as(moved.body()).isEqualTo(403);
    // B cannot pull A's observation into its own patient: for B the conditional URL matches
    // nothing it may see, so B creates its own, and A's stays where it was
    Answer pulled =
        fhir(b, "PUT", url, AuthorizationMatrixIT.observationJson(p2, "c-" + run, ident));
    assertThat(pulled.status()).as(pulled.body()).isEqualTo(201);
    assertThat(fhir(a, "GET", url, null).body())
        .contains("Patient/" + p1 + "\"")
        .doesNotContain("Patient/" + p2 + "\"");
    // between two of its own patients it may
    Answer own = fhir(a, "PUT", url, AuthorizationMatrixIT.observationJson(p3, "c-" + run, ident));
    assertThat(own.status()).as(own.body()).isEqualTo(200);
    Answer check = fhir(a, "GET", url, null);
    assertThat(check.body()).contains("Patient/" + p3).doesNotContain("Patient/" + p2 + "\"");
  }

  @Test
  void aSystemClientWritesOnlyAsItsOwnOrganisation() {
    String orgA = AuthorizationMatrixIT.orgnr("91600001");
    String a = system(orgA);
    String p = newPatient(a, AuthorizationMatrixIT.fnr());
    String request =
        """
        {"resourceType":"ServiceRequest","status":"active","intent":"order",
         "code":{"text":"Blodprøve"},"reasonCode":[{"text":"Kontroll"}],"subject":{"reference":"Patient/%s"},
         "requester":{"identifier":{"system":"urn:oid:2.16.578.1.12.4.1.4.101","value":"%s"}}}""";
    Answer other =
        fhir(
            a,
            "POST",
            "ServiceRequest",
            request.formatted(p, AuthorizationMatrixIT.orgnr("91700001")));
    assertThat(other.status()).as(other.body()).isEqualTo(403);
    Answer own = fhir(a, "POST", "ServiceRequest", request.formatted(p, orgA));
    assertThat(own.status()).as(own.body()).isIn(201, 422);
  }

  @Test
  void breakTheGlassIsMarkedCountedAndRaisedAndNeedsAReason() {
    String org = AuthorizationMatrixIT.orgnr("91800001");
    String fnr = AuthorizationMatrixIT.fnr();
    String p = newPatient(system(AuthorizationMatrixIT.orgnr("91900001")), fnr);
    double before = count();
    Answer noReason = fhir(btgUser(org, null, fnr), "GET", "Patient/" + p, null);
    assertThat(noReason.status()).isEqualTo(403);
    assertThat(noReason.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
    Answer read =
        fhir(btgUser(org, "Bevisstløs i akuttmottak " + run, fnr), "GET", "Patient/" + p, null);
    assertThat(read.status()).as(read.body()).isEqualTo(200);
    assertThat(count()).isEqualTo(before + 1);
    Integer rows =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM gw_btg_followup WHERE reason = ? AND patients = ?",
            Integer.class,
            "Bevisstløs i akuttmottak " + run,
            "Patient/" + p);
    assertThat(rows).isEqualTo(1);
    Answer list =
        send(TestTokens.system(issuer), "GET", "/security/break-the-glass?limit=1000", null, null);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body())
        .contains("Bevisstløs i akuttmottak " + run)
        .contains("\"orgnr\":\"" + org + "\"");
    Map<String, Object> noOps = new LinkedHashMap<>();
    noOps.put("scope", "system/*.cruds");
    Answer refused =
        send(TestTokens.with(issuer, noOps), "GET", "/security/break-the-glass", null, null);
    assertThat(refused.status()).isEqualTo(403);
  }

  private double count() {
    var c = meters.find("gateway_security_break_the_glass").tag("channel", "fhir").counter();
    return c == null ? 0 : c.count();
  }

  /**
   * Conditional writes decide over what the caller may see: a condition that matches only a
   * resource in a compartment the caller may not see gets exactly the answer the same request gets
   * when nothing matches (direct and as transaction or batch entries: create with If-None-Exist,
   * conditional update, conditional delete), and the hidden resource is left untouched.
   */
  @Test
  void conditionalWritesDoNotRevealHiddenMatches() {
    String a = system(AuthorizationMatrixIT.orgnr("92100001"));
    String b = system(AuthorizationMatrixIT.orgnr("92200001"));
    String fnrA = AuthorizationMatrixIT.fnr();
    String pA = newPatient(a, fnrA);
    String pB = newPatient(b, AuthorizationMatrixIT.fnr());
    int n = 0;
    for (String form :
        List.of(
            "create",
            "update",
            "delete",
            "transaction create",
            "transaction update",
            "transaction delete",
            "batch create",
            "batch update",
            "batch delete")) {
      // A's observation with an identifier B knows (one per form: B's own creates are visible to
      // B afterwards)
      String hidden = "cond-" + run + "-hidden-" + n;
      Answer created =
          fhir(
              a,
              "POST",
              "Observation",
              AuthorizationMatrixIT.observationJson(pA, "c-" + run, hidden));
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      String hiddenId = created.json().path("id").asText();
      Answer onHidden = conditional(b, form, hidden, pB);
      Answer onAbsent = conditional(b, form, "cond-" + run + "-absent-" + n++, pB);
      assertThat(shape(onHidden, hidden))
          .as("%s: %s vs %s", form, onHidden.body(), onAbsent.body())
          .isEqualTo(shape(onAbsent, "cond-" + run + "-absent-" + (n - 1)));
      assertThat(onHidden.body())
          .as(form)
          .doesNotContain("\"id\":\"" + hiddenId + "\"")
          .doesNotContain("Observation/" + hiddenId + "/")
          .doesNotContain("Patient/" + pA + "\"");
      assertThat(onHidden.status()).as(form + ": " + onHidden.body()).isLessThan(300);
      // A's observation is where it was, unchanged
      Answer still = fhir(a, "GET", "Observation/" + hiddenId, null);
      assertThat(still.status()).as(form).isEqualTo(200);
      assertThat(still.json().path("meta").path("versionId").asText()).as(form).isEqualTo("1");
      assertThat(still.body()).as(form).contains("Patient/" + pA);
    }
    // a conditional create of a Patient by the national id another organisation holds creates
    // B's own record (B learns nothing of A's, and A's record stays A's alone)
    Answer patient =
        send(
            b,
            "POST",
            "/fhir/Patient",
            AuthorizationMatrixIT.patientJson(fnrA, "Syn" + run),
            "application/fhir+json",
            Map.of("If-None-Exist", "identifier=" + FNR + "|" + fnrA));
    assertThat(patient.status()).as(patient.body()).isEqualTo(201);
    assertThat(patient.json().path("id").asText()).isNotEqualTo(pA);
    assertThat(fhir(b, "GET", "Patient/" + pA, null).status()).isEqualTo(404);
    Answer again =
        send(
            b,
            "POST",
            "/fhir/Patient",
            AuthorizationMatrixIT.patientJson(fnrA, "Syn" + run),
            "application/fhir+json",
            Map.of("If-None-Exist", "identifier=" + FNR + "|" + fnrA));
    assertThat(again.status()).as("B's own record matches: %s", again.body()).isEqualTo(200);
    assertThat(again.json().path("id").asText()).isEqualTo(patient.json().path("id").asText());
  }

  /**
   * A direct conditional patch whose condition matches only a resource the caller may not see gets
   * what the same patch gets when nothing matches (not a refusal), and the resource is untouched;
   * the caller's own match is patched as usual.
   */
  @Test
  void aConditionalPatchDoesNotRevealHiddenMatches() {
    String a = system(AuthorizationMatrixIT.orgnr("92100001"));
    String b = system(AuthorizationMatrixIT.orgnr("92200001"));
    String pA = newPatient(a, AuthorizationMatrixIT.fnr());
    String pB = newPatient(b, AuthorizationMatrixIT.fnr());
    String hidden = "patch-" + run + "-hidden";
    String absent = "patch-" + run + "-absent";
    String own = "patch-" + run + "-own";
    Answer created =
        fhir(
            a,
            "POST",
            "Observation",
            AuthorizationMatrixIT.observationJson(pA, "p-" + run, hidden));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String hiddenId = created.json().path("id").asText();
    Answer mine =
        fhir(b, "POST", "Observation", AuthorizationMatrixIT.observationJson(pB, "p-" + run, own));
    assertThat(mine.status()).as(mine.body()).isEqualTo(201);
    String patch = "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"amended\"}]";

    Answer onHidden = patchWhere(b, hidden, patch);
    Answer onAbsent = patchWhere(b, absent, patch);

    assertThat(shape(onHidden, hidden))
        .as("%s vs %s", onHidden.body(), onAbsent.body())
        .isEqualTo(shape(onAbsent, absent));
    assertThat(onHidden.status()).as(onHidden.body()).isNotEqualTo(403);
    assertThat(onHidden.body()).doesNotContain(hiddenId).doesNotContain("Patient/" + pA + "\"");
    Answer still = fhir(a, "GET", "Observation/" + hiddenId, null);
    assertThat(still.json().path("meta").path("versionId").asText()).isEqualTo("1");
    assertThat(still.json().path("status").asText()).isNotEqualTo("amended");
    Answer ownPatched = patchWhere(b, own, patch);
    assertThat(ownPatched.status()).as(ownPatched.body()).isEqualTo(200);
    assertThat(ownPatched.json().path("status").asText()).isEqualTo("amended");
  }

  private Answer patchWhere(String token, String identifier, String patch) {
    return send(
        token,
        "PATCH",
        "/fhir/Observation?identifier="
            + URLEncoder.encode("urn:test:obs|" + identifier, StandardCharsets.UTF_8),
        patch,
        "application/json-patch+json");
  }

  private Answer conditional(String token, String form, String identifier, String patientId) {
    String query =
        "identifier=" + URLEncoder.encode("urn:test:obs|" + identifier, StandardCharsets.UTF_8);
    String body = AuthorizationMatrixIT.observationJson(patientId, "c-" + run, identifier);
    String[] parts = form.split(" ");
    String what = parts[parts.length - 1];
    if (parts.length == 1) {
      return switch (what) {
        case "create" ->
            send(
                token,
                "POST",
                "/fhir/Observation",
                body,
                "application/fhir+json",
                Map.of("If-None-Exist", query));
        case "update" -> fhir(token, "PUT", "Observation?" + query, body);
        default -> fhir(token, "DELETE", "Observation?" + query, null);
      };
    }
    String entry =
        switch (what) {
          case "create" ->
              "{\"fullUrl\":\"urn:uuid:"
                  + UUID.randomUUID()
                  + "\",\"resource\":"
                  + body
                  + ",\"request\":{\"method\":\"POST\",\"url\":\"Observation\",\"ifNoneExist\":\""
                  + query
                  + "\"}}";
          case "update" ->
              "{\"fullUrl\":\"urn:uuid:"
                  + UUID.randomUUID()
                  + "\",\"resource\":"
                  + body
                  + ",\"request\":{\"method\":\"PUT\",\"url\":\"Observation?"
                  + query
                  + "\"}}";
          default -> "{\"request\":{\"method\":\"DELETE\",\"url\":\"Observation?" + query + "\"}}";
        };
    return fhir(token, "POST", "", AuthorizationMatrixIT.bundle(parts[0], entry));
  }

  /** What a client can tell apart: status, and per entry its status (ids and times left out). */
  private static String shape(Answer a, String identifier) {
    StringBuilder s = new StringBuilder().append(a.status());
    JsonNode json = a.json();
    s.append(' ').append(json.path("resourceType").asText());
    for (JsonNode e : json.path("entry")) {
      s.append(" [").append(e.path("response").path("status").asText()).append(']');
    }
    for (JsonNode i : json.path("issue")) {
      s.append(" {")
          .append(i.path("code").asText())
          .append(' ')
          .append(
              i.path("diagnostics")
                  .asText()
                  .replace(identifier, "<ident>")
                  .replaceAll("[0-9]+", "#"))
          .append('}');
    }
    return s.toString();
  }

  /**
   * A sender named by HER-id only: the register (gateway.security.her-organisations, test entry
   * 94866 -> HER_ORGNR) says which organisation it is; a token of another organisation is refused.
   */
  @Test
  void anEMessageFromASenderNamedByHerIdOnlyIsCheckedThroughTheRegister() throws Exception {
    String example =
        java.nio.file.Files.readString(
            java.nio.file.Path.of(
                "../mappings/src/test/resources/golden/emessage/epikrise-1.2-c.input.xml"));
    assertThat(example).doesNotContain("V=\"ENH\"").contains("<Id>94866</Id>");
    String msgId = "89da1760-456e-11e7-9598-0800200c9a66";
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("helseid://claims/client/claims/orgnr_parent", TestTokens.HER_ORGNR);
    String herOrg = TestTokens.with(issuer, claims);
    Map<String, Object> otherClaims = new LinkedHashMap<>();
    otherClaims.put("helseid://claims/client/claims/orgnr_parent", TestTokens.ORGNR);
    String otherOrg = TestTokens.with(issuer, otherClaims);
    // another organisation's token: refused before receipt
    Answer wrongOrg =
        send(
            otherOrg,
            "POST",
            "/emessages",
            example.replace(msgId, UUID.randomUUID().toString()),
            "application/xml");
    assertThat(wrongOrg.status()).as(wrongOrg.body()).isEqualTo(403);
    assertThat(wrongOrg.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
    // a HER-id that is not in the register names nobody, not even the organisation's token
    Answer unknown =
        send(
            herOrg,
            "POST",
            "/emessages",
            example.replace(msgId, UUID.randomUUID().toString()).replace("94866", "94867"),
            "application/xml");
    assertThat(unknown.status()).as(unknown.body()).isEqualTo(403);
    // the organisation the register names: received and processed
    Answer own =
        send(
            herOrg,
            "POST",
            "/emessages",
            example.replace(msgId, UUID.randomUUID().toString()),
            "application/xml");
    assertThat(own.status()).as(own.body()).isEqualTo(200);
  }

  @Test
  void anEMessageIsAcceptedOnlyFromTheSenderOrganisation() throws Exception {
    String msg =
        no.helsegateway.server.emessage.EMessageFixtures.epikrise(UUID.randomUUID().toString());
    Map<String, Object> other = new LinkedHashMap<>();
    other.put(
        "helseid://claims/client/claims/orgnr_parent", AuthorizationMatrixIT.orgnr("92000001"));
    Answer wrongOrg =
        send(TestTokens.with(issuer, other), "POST", "/emessages", msg, "application/xml");
    assertThat(wrongOrg.status()).as(wrongOrg.body()).isEqualTo(403);
    assertThat(wrongOrg.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
    Map<String, Object> readOnly = new LinkedHashMap<>();
    readOnly.put("scope", "system/*.rs");
    Answer noScope =
        send(TestTokens.with(issuer, readOnly), "POST", "/emessages", msg, "application/xml");
    assertThat(noScope.status()).isEqualTo(403);
    Answer own = send(TestTokens.system(issuer), "POST", "/emessages", msg, "application/xml");
    assertThat(own.status()).as(own.body()).isEqualTo(200);
  }
}
