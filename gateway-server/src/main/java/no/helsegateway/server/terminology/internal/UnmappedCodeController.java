package no.helsegateway.server.terminology.internal;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import no.helsegateway.server.config.GatewaySecurityProperties;
import no.helsegateway.server.fhir.OperationOutcomes;
import no.helsegateway.terminology.UnmappedCodeRecorder;
import no.helsegateway.terminology.UnmappedCodeReport;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /terminology/unmapped}: the unmapped-code report as JSON (default) or CSV ({@code
 * Accept: text/csv} or {@code ?format=csv}). Requires {@code Authorization: Bearer <token>} with
 * the configured operations token: 401 without or with a wrong token, 503 when no token is
 * configured (the endpoint is then disabled rather than open). Errors are OperationOutcome JSON.
 */
@RestController
public class UnmappedCodeController {

  static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
  static final MediaType JSON = MediaType.APPLICATION_JSON;

  private final UnmappedCodeRecorder recorder;
  private final GatewaySecurityProperties security;
  private final FhirContext fhirContext;

  public UnmappedCodeController(
      UnmappedCodeRecorder recorder, GatewaySecurityProperties security, FhirContext fhirContext) {
    this.recorder = recorder;
    this.security = security;
    this.fhirContext = fhirContext;
  }

  @GetMapping("/terminology/unmapped")
  public ResponseEntity<String> report(
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
      @RequestParam(value = "format", required = false) String format) {
    if (!security.operationsTokenConfigured()) {
      return error(
          HttpStatus.SERVICE_UNAVAILABLE,
          "The operations endpoints are disabled: no operations token is configured");
    }
    if (!authorised(authorization, security.operationsToken())) {
      return error(HttpStatus.UNAUTHORIZED, "A valid bearer token is required");
    }
    UnmappedCodeReport report = recorder.report();
    if (wantsCsv(accept, format)) {
      return ResponseEntity.ok()
          .contentType(CSV)
          .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"unmapped-codes.csv\"")
          .body(report.toCsv());
    }
    return ResponseEntity.ok().contentType(JSON).body(report.toJson());
  }

  static boolean wantsCsv(String accept, String format) {
    if (format != null && !format.isBlank()) {
      return format.trim().equalsIgnoreCase("csv");
    }
    return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/csv");
  }

  /** Constant-time comparison of the presented bearer token with the configured one. */
  static boolean authorised(String authorization, String token) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] presented = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(presented, token.getBytes(StandardCharsets.UTF_8));
  }

  private ResponseEntity<String> error(HttpStatus status, String message) {
    String body =
        fhirContext
            .newJsonParser()
            .encodeResourceToString(OperationOutcomes.error(status.value(), message, null));
    ResponseEntity.BodyBuilder builder = ResponseEntity.status(status).contentType(JSON);
    if (status == HttpStatus.UNAUTHORIZED) {
      builder.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
    return builder.body(body);
  }
}
