package no.helsegateway.server.openehr.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.helsegateway.server.security.OperationsAccess;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The openEHR message log for operators: {@code GET /openehr/outbox?state=DEAD} lists items with
 * their reason (resource type, id, version, attempts; no content), {@code GET
 * /openehr/outbox/summary} the counts, and {@code POST /openehr/outbox/{id}/requeue} puts a dead
 * item back. Requires the scope {@code gateway/operations} like the other operations endpoints (see
 * {@link OperationsAccess}).
 */
@RestController
@ConditionalOnProperty(prefix = "gateway.openehr", name = "enabled", havingValue = "true")
public class OutboxController {

  private final JdbcOpenEhrOutbox outbox;
  private final OperationsAccess operations;

  public OutboxController(JdbcOpenEhrOutbox outbox, OperationsAccess operations) {
    this.outbox = outbox;
    this.operations = operations;
  }

  @GetMapping(value = "/openehr/outbox/summary", produces = "application/json")
  public ResponseEntity<?> summary(HttpServletRequest request) {
    ResponseEntity<?> denied = operations.deny(request);
    return denied != null ? denied : ResponseEntity.ok(outbox.countsByState());
  }

  /**
   * Delivery latency (outbox row to composition committed) of the items queued since {@code since}.
   */
  @GetMapping(value = "/openehr/outbox/latency", produces = "application/json")
  public ResponseEntity<?> latency(
      HttpServletRequest request, @RequestParam(value = "since", defaultValue = "0") long since) {
    ResponseEntity<?> denied = operations.deny(request);
    return denied != null ? denied : ResponseEntity.ok(outbox.deliveryStats(since));
  }

  @GetMapping(value = "/openehr/outbox", produces = "application/json")
  public ResponseEntity<?> list(
      HttpServletRequest request,
      @RequestParam(value = "state", defaultValue = "DEAD") String state,
      @RequestParam(value = "limit", defaultValue = "100") int limit) {
    ResponseEntity<?> denied = operations.deny(request);
    if (denied != null) {
      return denied;
    }
    List<JdbcOpenEhrOutbox.Item> items =
        outbox.list(state.toUpperCase(java.util.Locale.ROOT), Math.max(1, Math.min(limit, 1000)));
    return ResponseEntity.ok(items);
  }

  @PostMapping(value = "/openehr/outbox/{id}/requeue", produces = "application/json")
  public ResponseEntity<?> requeue(HttpServletRequest request, @PathVariable("id") long id) {
    ResponseEntity<?> denied = operations.deny(request);
    if (denied != null) {
      return denied;
    }
    int n = outbox.requeue(id, System.currentTimeMillis());
    return n == 0
        ? ResponseEntity.status(HttpStatus.NOT_FOUND).body(message("no dead item " + id))
        : ResponseEntity.ok(message("requeued " + id));
  }

  private static Map<String, String> message(String text) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("message", text);
    return m;
  }
}
