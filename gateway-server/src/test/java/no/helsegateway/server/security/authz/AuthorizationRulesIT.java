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
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .header("Authorization", "Bearer " + token)
              .header("Accept", "application/fhir+json");
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
