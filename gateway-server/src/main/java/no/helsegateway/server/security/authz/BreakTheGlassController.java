package no.helsegateway.server.security.authz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import no.helsegateway.server.security.OperationsAccess;
import no.helsegateway.server.security.authz.internal.BreakTheGlassFollowUp;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /security/break-the-glass?limit=}: the break-the-glass follow-ups, newest first
 * (JSON), for the after-the-fact control; an operations endpoint (scope {@code
 * gateway/operations}).
 */
@RestController
public class BreakTheGlassController {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final BreakTheGlassFollowUp followUp;
  private final OperationsAccess operations;

  public BreakTheGlassController(BreakTheGlassFollowUp followUp, OperationsAccess operations) {
    this.followUp = followUp;
    this.operations = operations;
  }

  @GetMapping("/security/break-the-glass")
  public ResponseEntity<String> list(
      HttpServletRequest request, @RequestParam(value = "limit", defaultValue = "100") int limit)
      throws JsonProcessingException {
    ResponseEntity<String> denied = operations.deny(request);
    if (denied != null) {
      return denied;
    }
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(JSON.writeValueAsString(followUp.list(Math.max(1, Math.min(limit, 1000)))));
  }
}
