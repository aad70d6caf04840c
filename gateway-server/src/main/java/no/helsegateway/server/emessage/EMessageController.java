package no.helsegateway.server.emessage;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import no.helsegateway.routes.emessage.LoggedMessage;
import no.helsegateway.routes.emessage.MessageState;
import no.helsegateway.server.config.GatewaySecurityProperties;
import no.helsegateway.server.emessage.internal.CompletionWaiters;
import no.helsegateway.server.emessage.internal.JdbcMessageLog;
import no.helsegateway.server.emessage.internal.JmsMessageReceiver;
import no.helsegateway.server.fhir.OperationOutcomes;
import no.helsegateway.server.openehr.MessageMirrorStatus;
import no.helsegateway.server.security.OperationsAccess;
import no.helsegateway.server.security.authz.EMessageAuthorization;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP channel for e-messages.
 *
 * <ul>
 *   <li>{@code POST /emessages}: the body is the message (any content type). Synchronous by
 *       default: 200 with the AppRec ({@code application/xml}) once the message is final, or 202
 *       with the tracking id when that takes longer than {@code gateway.emessages.sync-timeout}.
 *       {@code ?mode=async} or {@code Prefer: respond-async}: 202 at once, after receipt is
 *       durable. Bodies over {@code gateway.emessages.max-message-size}: 413.
 *   <li>{@code GET /emessages/{id}}: the state of one message (JSON, no content); with openEHR
 *       mirroring on, {@code openehr} says whether what it stored reached the CDR ({@code
 *       OPENEHR_FAILED} and the dead letters with their reasons when not).
 *   <li>{@code GET /emessages/{id}/apprec}: its AppRec once final, else 404.
 *   <li>{@code GET /emessages?sender=&state=&limit=}: the log (scope gateway/operations); {@code
 *       ?openehr=failed}: the messages with openEHR dead letters.
 *   <li>{@code POST /emessages/{id}/replay}: a dead-lettered message again (scope
 *       gateway/operations).
 * </ul>
 *
 * Errors are OperationOutcome JSON; a client's mistake is never a 5xx.
 */
@RestController
public class EMessageController {

  static final MediaType XML = new MediaType("application", "xml", StandardCharsets.UTF_8);
  static final String TRACKING_HEADER = "X-Tracking-Id";
  private static final Pattern UUID =
      Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

  private final JmsMessageReceiver receiver;
  private final JdbcMessageLog messageLog;
  private final CompletionWaiters waiters;
  private final GatewayEMessageProperties props;
  private final OperationsAccess operations;
  private final FhirContext fhirContext;
  private final EMessageAuthorization senderCheck;
  private final ObjectProvider<MessageMirrorStatus> mirror;

  public EMessageController(
      JmsMessageReceiver receiver,
      JdbcMessageLog messageLog,
      CompletionWaiters waiters,
      GatewayEMessageProperties props,
      OperationsAccess operations,
      FhirContext fhirContext,
      ObjectProvider<MessageMirrorStatus> mirror,
      GatewaySecurityProperties security) {
    this.senderCheck = new EMessageAuthorization(security.herOrganisations());
    this.receiver = receiver;
    this.messageLog = messageLog;
    this.waiters = waiters;
    this.props = props;
    this.operations = operations;
    this.fhirContext = fhirContext;
    this.mirror = mirror;
  }

  @PostMapping("/emessages")
  public ResponseEntity<String> receive(
      HttpServletRequest request, @RequestHeader(value = "Prefer", required = false) String prefer)
      throws IOException, InterruptedException {
    long max = props.maxMessageSize().toBytes();
    if (request.getContentLengthLong() > max) {
      return tooLarge(max);
    }
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
    }
    if (body.length > max) {
      return tooLarge(max);
    }
    EMessageAuthorization.Denial denial = senderCheck.check(request, body);
    if (denial != null) {
      return error(HttpStatus.valueOf(denial.status()), denial.message());
    }
    boolean async = wantsAsync(request.getQueryString(), prefer);
    String trackingId = receiver.receive("http", body, null);
    if (!async) {
      Optional<LoggedMessage> done =
          waiters.await(trackingId, props.syncTimeout(), () -> messageLog.find(trackingId));
      if (done.isPresent()) {
        LoggedMessage m = done.get();
        if (m.appRecXml() == null) {
          return ResponseEntity.noContent()
              .header(TRACKING_HEADER, trackingId)
              .location(URI.create("/emessages/" + trackingId))
              .build();
        }
        messageLog.acknowledge(trackingId);
        return ResponseEntity.ok()
            .contentType(XML)
            .header(TRACKING_HEADER, trackingId)
            .location(URI.create("/emessages/" + trackingId))
            .body(m.appRecXml());
      }
    }
    Map<String, Object> accepted = new LinkedHashMap<>();
    accepted.put("trackingId", trackingId);
    accepted.put("status", "/emessages/" + trackingId);
    accepted.put("apprec", "/emessages/" + trackingId + "/apprec");
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .contentType(MediaType.APPLICATION_JSON)
        .header(TRACKING_HEADER, trackingId)
        .location(URI.create("/emessages/" + trackingId))
        .body(Json.write(accepted));
  }

  @GetMapping("/emessages/{id}")
  public ResponseEntity<String> status(@PathVariable("id") String id) {
    Optional<LoggedMessage> m = lookup(id);
    if (m.isEmpty()) {
      return error(HttpStatus.NOT_FOUND, "No message with this tracking id");
    }
    Map<String, Object> v = view(m.get());
    MessageMirrorStatus status = mirror.getIfAvailable();
    if (status != null) {
      v.put("openehr", status.forMessage(id).map(EMessageController::mirrorView).orElse(null));
    }
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(Json.write(v));
  }

  /**
   * The openEHR mirror of what the message stored: {@code state} ({@code OPENEHR_FAILED} when an
   * item went to the dead letter: the message keeps its own final state), counts per outbox state,
   * and the dead letters with their reasons.
   */
  static Map<String, Object> mirrorView(MessageMirrorStatus.Summary s) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("state", s.state().name());
    v.put("items", s.items());
    List<Map<String, Object>> dead = new ArrayList<>();
    for (MessageMirrorStatus.DeadLetter d : s.deadLetters()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("resource", d.resource());
      row.put("operation", d.operation());
      row.put("outboxId", d.outboxId());
      row.put("reason", d.reason());
      dead.add(row);
    }
    v.put("deadLetters", dead);
    return v;
  }

  @GetMapping("/emessages/{id}/apprec")
  public ResponseEntity<String> appRec(@PathVariable("id") String id) {
    Optional<LoggedMessage> m = lookup(id);
    if (m.isEmpty()) {
      return error(HttpStatus.NOT_FOUND, "No message with this tracking id");
    }
    if (!m.get().isFinal() || m.get().appRecXml() == null) {
      return error(
          HttpStatus.NOT_FOUND,
          m.get().isFinal()
              ? "This message is a receipt and gets no AppRec"
              : "No AppRec yet: the message is " + m.get().state());
    }
    messageLog.acknowledge(id);
    return ResponseEntity.ok()
        .contentType(XML)
        .header(TRACKING_HEADER, id)
        .body(m.get().appRecXml());
  }

  @GetMapping("/emessages")
  public ResponseEntity<String> query(HttpServletRequest request) {
    ResponseEntity<String> denied = operations.deny(request);
    if (denied != null) {
      return denied;
    }
    Map<String, String> q = queryParameters(request.getQueryString());
    MessageState state = null;
    if (q.containsKey("state")) {
      try {
        state = MessageState.valueOf(q.get("state").toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        return error(
            HttpStatus.BAD_REQUEST, "Unknown state; use one of " + List.of(MessageState.values()));
      }
    }
    int limit = 100;
    if (q.containsKey("limit")) {
      try {
        limit = Math.max(1, Math.min(10000, Integer.parseInt(q.get("limit"))));
      } catch (NumberFormatException e) {
        return error(HttpStatus.BAD_REQUEST, "limit must be a number");
      }
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    if (q.containsKey("openehr")) {
      // the messages whose clinical content failed to reach the CDR for good
      MessageMirrorStatus status = mirror.getIfAvailable();
      if (!"failed".equalsIgnoreCase(q.get("openehr"))) {
        return error(HttpStatus.BAD_REQUEST, "openehr takes the value failed");
      }
      if (status != null) {
        for (String id : status.failedMessages(limit)) {
          messageLog
              .find(id)
              .ifPresent(
                  m -> {
                    Map<String, Object> v = view(m);
                    v.put(
                        "openehr",
                        status.forMessage(id).map(EMessageController::mirrorView).orElse(null));
                    rows.add(v);
                  });
        }
      }
      return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(Json.write(rows));
    }
    for (LoggedMessage m : messageLog.query(q.get("sender"), state, limit)) {
      rows.add(view(m));
    }
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(Json.write(rows));
  }

  @PostMapping("/emessages/{id}/replay")
  public ResponseEntity<String> replay(HttpServletRequest request, @PathVariable("id") String id) {
    ResponseEntity<String> denied = operations.deny(request);
    if (denied != null) {
      return denied;
    }
    Optional<LoggedMessage> m = lookup(id);
    if (m.isEmpty()) {
      return error(HttpStatus.NOT_FOUND, "No message with this tracking id");
    }
    if (!receiver.replay(id)) {
      return error(
          HttpStatus.CONFLICT,
          "Only dead-lettered messages are replayed; this one is " + m.get().state());
    }
    return ResponseEntity.accepted()
        .contentType(MediaType.APPLICATION_JSON)
        .body(Json.write(Map.of("trackingId", id, "state", MessageState.RECEIVED.name())));
  }

  private Optional<LoggedMessage> lookup(String id) {
    if (id == null || !UUID.matcher(id).matches()) {
      return Optional.empty();
    }
    return messageLog.find(id);
  }

  static Map<String, Object> view(LoggedMessage m) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("trackingId", m.trackingId());
    v.put("channel", m.channel());
    v.put("state", m.state().name());
    v.put("outcome", m.outcome() == null ? null : m.outcome().name());
    v.put("sender", m.sender());
    v.put("messageId", m.messageId());
    v.put("messageType", m.messageType());
    v.put("errorCodes", m.errorCodes());
    v.put("hasAppRec", m.appRecXml() != null);
    v.put("receivedAt", str(m.receivedAt()));
    v.put("processedAt", str(m.processedAt()));
    v.put("acknowledgedAt", str(m.acknowledgedAt()));
    v.put("deadLetterAt", str(m.deadLetterAt()));
    v.put("deadLetterReason", m.deadLetterReason());
    return v;
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }

  static boolean wantsAsync(String query, String prefer) {
    String mode = queryParameters(query).get("mode");
    if (mode != null) {
      return mode.equalsIgnoreCase("async");
    }
    return prefer != null && prefer.toLowerCase(Locale.ROOT).contains("respond-async");
  }

  /** Parses the query string by hand: reading parameters could consume a form-encoded body. */
  static Map<String, String> queryParameters(String query) {
    Map<String, String> out = new LinkedHashMap<>();
    if (query == null) {
      return out;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private ResponseEntity<String> tooLarge(long max) {
    return error(
        HttpStatus.PAYLOAD_TOO_LARGE, "The message is larger than the limit of " + max + " bytes");
  }

  private ResponseEntity<String> error(HttpStatus status, String message) {
    String body =
        fhirContext
            .newJsonParser()
            .encodeResourceToString(OperationOutcomes.error(status.value(), message, null));
    ResponseEntity.BodyBuilder b =
        ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
    if (status == HttpStatus.UNAUTHORIZED) {
      b.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
    if (status == HttpStatus.PAYLOAD_TOO_LARGE) {
      b.header(HttpHeaders.CONNECTION, "close");
    }
    return b.body(body);
  }

  /** Tiny JSON writer over Jackson's default mapper. */
  static final class Json {
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
        new com.fasterxml.jackson.databind.ObjectMapper();

    private Json() {}

    static String write(Object o) {
      try {
        return MAPPER.writeValueAsString(o);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
