package no.helsegateway.server.security;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import no.helsegateway.server.config.GatewaySecurityProperties;
import no.helsegateway.server.fhir.OperationOutcomes;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Access to the operations endpoints (e-message log and replay, unmapped-code report, openEHR
 * outbox). With security on: the authenticated principal needs the scope {@value #SCOPE} (else 403
 * with an OperationOutcome). With security off (overhead benchmarks only): the legacy static
 * operations token ({@code GATEWAY_SECURITY_OPERATIONSTOKEN}), 503 while none is configured.
 */
public final class OperationsAccess {

  /** The scope that opens the operations endpoints. */
  public static final String SCOPE = "gateway/operations";

  private final GatewaySecurityProperties security;
  private final FhirContext fhirContext;

  public OperationsAccess(GatewaySecurityProperties security, FhirContext fhirContext) {
    this.security = security;
    this.fhirContext = fhirContext;
  }

  /** Null when the request may use the operations endpoints, else the answer to send. */
  public ResponseEntity<String> deny(HttpServletRequest request) {
    if (security.enabled()) {
      boolean allowed = Principals.of(request).map(p -> p.scopes().contains(SCOPE)).orElse(false);
      if (allowed) {
        return null;
      }
      return error(
          HttpStatus.FORBIDDEN,
          "The access token does not grant the scope " + SCOPE,
          "Bearer error=\"insufficient_scope\", scope=\"" + SCOPE + "\"");
    }
    if (!security.operationsTokenConfigured()) {
      return error(
          HttpStatus.SERVICE_UNAVAILABLE,
          "The operations endpoints are disabled: no operations token is configured",
          null);
    }
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null
        || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        || !MessageDigest.isEqual(
            authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8),
            security.operationsToken().getBytes(StandardCharsets.UTF_8))) {
      return error(HttpStatus.UNAUTHORIZED, "Missing or invalid access token", "Bearer");
    }
    return null;
  }

  private ResponseEntity<String> error(HttpStatus status, String message, String challenge) {
    String body =
        fhirContext
            .newJsonParser()
            .encodeResourceToString(OperationOutcomes.error(status.value(), message, null));
    ResponseEntity.BodyBuilder b =
        ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
    if (challenge != null) {
      b.header(HttpHeaders.WWW_AUTHENTICATE, challenge);
    }
    return b.body(body);
  }
}
