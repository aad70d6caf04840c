package no.helsegateway.server.security.authz;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import no.helsegateway.server.fhir.OperationOutcomes;
import no.helsegateway.server.security.Principals;
import no.helsegateway.server.security.authz.internal.BreakTheGlassFollowUp;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /security/break-the-glass?limit=}: the break-the-glass follow-ups, newest first
 * (JSON), for the after-the-fact control; needs the scope {@value #SCOPE}.
 */
@RestController
public class BreakTheGlassController {

  static final String SCOPE = "gateway/operations";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BreakTheGlassFollowUp followUp;
  private final FhirContext fhirContext;

  public BreakTheGlassController(BreakTheGlassFollowUp followUp, FhirContext fhirContext) {
    this.followUp = followUp;
    this.fhirContext = fhirContext;
  }

  @GetMapping("/security/break-the-glass")
  public ResponseEntity<String> list(
      HttpServletRequest request, @RequestParam(value = "limit", defaultValue = "100") int limit)
      throws JsonProcessingException {
    boolean allowed = Principals.of(request).map(p -> p.scopes().contains(SCOPE)).orElse(false);
    if (!allowed) {
      String body =
          fhirContext
              .newJsonParser()
              .encodeResourceToString(
                  OperationOutcomes.error(403, "The access token does not grant " + SCOPE, null));
      return ResponseEntity.status(403).contentType(MediaType.APPLICATION_JSON).body(body);
    }
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(JSON.writeValueAsString(followUp.list(Math.max(1, Math.min(limit, 1000)))));
  }
}
