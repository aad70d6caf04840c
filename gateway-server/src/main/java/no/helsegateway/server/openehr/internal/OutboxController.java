package no.helsegateway.server.openehr.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.helsegateway.server.config.GatewaySecurityProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The openEHR message log for operators: {@code GET /openehr/outbox?state=DEAD} lists items with
 * their reason (resource type, id, version, attempts; no content), {@code GET
 * /openehr/outbox/summary} the counts, and {@code POST /openehr/outbox/{id}/requeue} puts a dead
 * item back. Requires the operations bearer token like the other operations endpoints; 503 when
 * none is configured.
 */
@RestController
@ConditionalOnProperty(prefix = "gateway.openehr", name = "enabled", havingValue = "true")
public class OutboxController {

  private final JdbcOpenEhrOutbox outbox;
  private final GatewaySecurityProperties security;

  public OutboxController(JdbcOpenEhrOutbox outbox, GatewaySecurityProperties security) {
    this.outbox = outbox;
    this.security = security;
  }

  @GetMapping(value = "/openehr/outbox/summary", produces = "application/json")
  public ResponseEntity<?> summary(
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
    ResponseEntity<?> denied = deny(authorization);
    return denied != null ? denied : ResponseEntity.ok(outbox.countsByState());
  }

  /**
   * Delivery latency (outbox row to composition committed) of the items queued since {@code since}.
   */
  @GetMapping(value = "/openehr/outbox/latency", produces = "application/json")
  public ResponseEntity<?> latency(
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @RequestParam(value = "since", defaultValue = "0") long since) {
    ResponseEntity<?> denied = deny(authorization);
    return denied != null ? denied : ResponseEntity.ok(outbox.deliveryStats(since));
  }

  @GetMapping(value = "/openehr/outbox", produces = "application/json")
  public ResponseEntity<?> list(
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @RequestParam(value = "state", defaultValue = "DEAD") String state,
      @RequestParam(value = "limit", defaultValue = "100") int limit) {
    ResponseEntity<?> denied = deny(authorization);
    if (denied != null) {
      return denied;
    }
    List<JdbcOpenEhrOutbox.Item> items =
        outbox.list(state.toUpperCase(java.util.Locale.ROOT), Math.max(1, Math.min(limit, 1000)));
    return ResponseEntity.ok(items);
  }

  @PostMapping(value = "/openehr/outbox/{id}/requeue", produces = "application/json")
  public ResponseEntity<?> requeue(
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @PathVariable("id") long id) {
    ResponseEntity<?> denied = deny(authorization);
    if (denied != null) {
      return denied;
    }
    int n = outbox.requeue(id, System.currentTimeMillis());
    return n == 0
        ? ResponseEntity.status(HttpStatus.NOT_FOUND).body(message("no dead item " + id))
        : ResponseEntity.ok(message("requeued " + id));
  }

  private ResponseEntity<?> deny(String authorization) {
    if (!security.operationsTokenConfigured()) {
      return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
          .body(
              message("The operations endpoints are disabled: no operations token is configured"));
    }
    if (authorization == null
        || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        || !MessageDigest.isEqual(
            authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8),
            security.operationsToken().getBytes(StandardCharsets.UTF_8))) {
      return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
          .body(message("A valid bearer token is required"));
    }
    return null;
  }

  private static Map<String, String> message(String text) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("message", text);
    return m;
  }
}
