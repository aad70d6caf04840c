package no.helsegateway.server.terminology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import java.util.Set;
import no.helsegateway.server.config.GatewaySecurityProperties;
import no.helsegateway.server.security.GatewayPrincipal;
import no.helsegateway.server.security.OperationsAccess;
import no.helsegateway.server.security.Principals;
import no.helsegateway.terminology.UnmappedCode;
import no.helsegateway.terminology.UnmappedCodeRecorder;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

class UnmappedCodeControllerTest {

  private final UnmappedCodeRecorder recorder = UnmappedCodeRecorder.inMemory();

  /** Security off: the legacy static operations token. */
  private UnmappedCodeController legacy(String token) {
    return new UnmappedCodeController(
        recorder,
        new OperationsAccess(
            new GatewaySecurityProperties(false, null, null, null, null, null, token),
            FhirContext.forR4Cached()));
  }

  /** Security on: the principal's scopes decide. */
  private UnmappedCodeController secured() {
    return new UnmappedCodeController(
        recorder,
        new OperationsAccess(
            new GatewaySecurityProperties(true, null, null, null, null, null, "ignored"),
            FhirContext.forR4Cached()));
  }

  private static MockHttpServletRequest withAuth(String authorization) {
    MockHttpServletRequest r = new MockHttpServletRequest("GET", "/terminology/unmapped");
    if (authorization != null) {
      r.addHeader("Authorization", authorization);
    }
    return r;
  }

  private static MockHttpServletRequest withScopes(String... scopes) {
    MockHttpServletRequest r = new MockHttpServletRequest("GET", "/terminology/unmapped");
    Principals.set(
        r,
        new GatewayPrincipal(
            "c", "c", Set.of(scopes), null, null, null, 0, "999999999", null, null, null));
    return r;
  }

  @Test
  void answersJsonByDefaultAndCsvOnRequest() {
    recorder.record(
        new UnmappedCode("urn:oid:2.16.578.1.12.4.1.1.7110", "R51", "her:1", Instant.EPOCH));
    UnmappedCodeController c = secured();
    ResponseEntity<String> json = c.report(withScopes(OperationsAccess.SCOPE), "*/*", null);
    assertThat(json.getStatusCode().value()).isEqualTo(200);
    assertThat(json.getHeaders().getContentType().toString()).contains("application/json");
    assertThat(json.getBody()).contains("\"R51\"");
    ResponseEntity<String> csv = c.report(withScopes(OperationsAccess.SCOPE), "text/csv", null);
    assertThat(csv.getHeaders().getContentType().toString()).startsWith("text/csv");
    assertThat(csv.getBody()).startsWith("code,system,count").contains("R51,");
    assertThat(c.report(withScopes(OperationsAccess.SCOPE), "application/json", "csv").getBody())
        .startsWith("code,system");
  }

  @Test
  void securedNeedsTheOperationsScope() {
    UnmappedCodeController c = secured();
    for (MockHttpServletRequest r :
        new MockHttpServletRequest[] {
          withScopes(), withScopes("system/*.cruds"), withAuth("Bearer ignored")
        }) {
      ResponseEntity<String> answer = c.report(r, null, null);
      assertThat(answer.getStatusCode().value()).isEqualTo(403);
      assertThat(answer.getHeaders().getFirst("WWW-Authenticate")).contains("insufficient_scope");
      assertThat(answer.getBody()).contains("\"resourceType\":\"OperationOutcome\"");
    }
  }

  @Test
  void legacyRejectsMissingAndWrongTokensWithoutInternals() {
    UnmappedCodeController c = legacy("secret");
    assertThat(c.report(withAuth("bearer secret"), null, null).getStatusCode().value())
        .isEqualTo(200);
    for (String auth : new String[] {null, "", "Bearer", "Bearer wrong", "Basic secret"}) {
      ResponseEntity<String> r = c.report(withAuth(auth), null, null);
      assertThat(r.getStatusCode().value()).isEqualTo(401);
      assertThat(r.getHeaders().getFirst("WWW-Authenticate")).isEqualTo("Bearer");
      assertThat(r.getBody()).contains("\"resourceType\":\"OperationOutcome\"").contains("login");
      assertThat(r.getBody()).doesNotContain("Exception").doesNotContain("secret");
    }
  }

  @Test
  void legacyIsDisabledWithoutAConfiguredToken() {
    for (String token : new String[] {null, "", "  "}) {
      ResponseEntity<String> r = legacy(token).report(withAuth("Bearer "), null, null);
      assertThat(r.getStatusCode().value()).isEqualTo(503);
      assertThat(r.getBody()).contains("no operations token is configured");
    }
  }
}
