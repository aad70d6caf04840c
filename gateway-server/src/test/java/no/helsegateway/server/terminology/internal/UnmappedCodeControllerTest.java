package no.helsegateway.server.terminology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import no.helsegateway.server.config.GatewaySecurityProperties;
import no.helsegateway.terminology.UnmappedCode;
import no.helsegateway.terminology.UnmappedCodeRecorder;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

class UnmappedCodeControllerTest {

  private final UnmappedCodeRecorder recorder = UnmappedCodeRecorder.inMemory();

  private UnmappedCodeController controller(String token) {
    return new UnmappedCodeController(
        recorder,
        new GatewaySecurityProperties(false, null, null, null, null, null, token),
        FhirContext.forR4Cached());
  }

  @Test
  void answersJsonByDefaultAndCsvOnRequest() {
    recorder.record(
        new UnmappedCode("urn:oid:2.16.578.1.12.4.1.1.7110", "R51", "her:1", Instant.EPOCH));
    UnmappedCodeController c = controller("secret");
    ResponseEntity<String> json = c.report("Bearer secret", "*/*", null);
    assertThat(json.getStatusCode().value()).isEqualTo(200);
    assertThat(json.getHeaders().getContentType().toString()).contains("application/json");
    assertThat(json.getBody()).contains("\"R51\"");
    ResponseEntity<String> csv = c.report("bearer secret", "text/csv", null);
    assertThat(csv.getHeaders().getContentType().toString()).startsWith("text/csv");
    assertThat(csv.getBody()).startsWith("code,system,count").contains("R51,");
    assertThat(c.report("Bearer secret", "application/json", "csv").getBody())
        .startsWith("code,system");
  }

  @Test
  void rejectsMissingAndWrongTokensWithoutInternals() {
    UnmappedCodeController c = controller("secret");
    for (String auth : new String[] {null, "", "Bearer", "Bearer wrong", "Basic secret"}) {
      ResponseEntity<String> r = c.report(auth, null, null);
      assertThat(r.getStatusCode().value()).isEqualTo(401);
      assertThat(r.getHeaders().getFirst("WWW-Authenticate")).isEqualTo("Bearer");
      assertThat(r.getBody()).contains("\"resourceType\":\"OperationOutcome\"").contains("login");
      assertThat(r.getBody()).doesNotContain("Exception").doesNotContain("secret");
    }
  }

  @Test
  void isDisabledWithoutAConfiguredToken() {
    for (String token : new String[] {null, "", "  "}) {
      ResponseEntity<String> r = controller(token).report("Bearer ", null, null);
      assertThat(r.getStatusCode().value()).isEqualTo(503);
      assertThat(r.getBody()).contains("no operations token is configured");
    }
  }
}
