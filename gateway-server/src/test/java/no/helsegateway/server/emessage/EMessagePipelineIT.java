package no.helsegateway.server.emessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.TextMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Stream;
import no.helsegateway.server.SharedContextIT;
import no.helsegateway.server.emessage.internal.JdbcMessageLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jms.core.JmsTemplate;

/** The e-message channels and pipeline in process (HTTP, file drop, JMS), on the shared context. */
class EMessagePipelineIT extends SharedContextIT {

  @LocalServerPort int port;
  @Autowired JmsTemplate jms;
  @Autowired JdbcMessageLog messageLog;
  @Autowired GatewayEMessageProperties props;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  private String base() {
    return "http://127.0.0.1:" + port;
  }

  private HttpResponse<String> post(String path, byte[] body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base() + path))
            .header("Authorization", bearer())
            .header("Content-Type", "application/xml")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return post(path, body.getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", bearer()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode status(String trackingId) throws Exception {
    return json.readTree(get("/emessages/" + trackingId).body());
  }

  private int count(String query) throws Exception {
    HttpResponse<String> r =
        get("/fhir/" + query + (query.contains("?") ? "&" : "?") + "_summary=count");
    return json.readTree(r.body()).path("total").asInt();
  }

  /**
   * Status 1 (stored) or 3 (stored in part): today the Epikrise translation does not meet every
   * gateway profile constraint (organisation without org.nr/RESH, Composition type and sections),
   * so in enforce mode the pipeline answers 3 and leaves the failing entries out.
   */
  static final java.util.List<String> STORED = java.util.List.of("1", "3");

  static String appRecStatus(String appRec) {
    int i = appRec.indexOf("<Status ");
    int v = appRec.indexOf("V=\"", i) + 3;
    return appRec.substring(v, appRec.indexOf('"', v));
  }

  @Test
  void syncPostAnswersWithTheAppRecAndADuplicateGetsTheSameOneAndCreatesNothing() throws Exception {
    String msgId = EMessageFixtures.newMsgId();
    int patients = count("Patient");

    HttpResponse<String> first = post("/emessages", EMessageFixtures.epikrise(msgId));
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("Content-Type")).get().asString().contains("xml");
    assertThat(appRecStatus(first.body())).isIn(STORED);
    assertThat(first.body()).contains("<Id>" + msgId + "</Id>");
    String trackingId = first.headers().firstValue("X-Tracking-Id").orElseThrow();
    JsonNode s = status(trackingId);
    assertThat(s.path("state").asText()).isEqualTo("ACKNOWLEDGED");
    assertThat(s.path("outcome").asText()).isIn("ACCEPTED", "PARTIAL");
    assertThat(s.path("messageId").asText()).isEqualTo(msgId);
    assertThat(s.path("receivedAt").asText()).isNotBlank();
    assertThat(count("Patient")).isEqualTo(patients);

    HttpResponse<String> again = post("/emessages", EMessageFixtures.epikrise(msgId));
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(first.body());
    String secondId = again.headers().firstValue("X-Tracking-Id").orElseThrow();
    assertThat(secondId).isNotEqualTo(trackingId);
    assertThat(status(secondId).path("outcome").asText()).isEqualTo("DUPLICATE");
    assertThat(count("Patient")).isEqualTo(patients);
  }

  @Test
  void asyncPostAnswers202AndTheAppRecCanBeFetchedLater() throws Exception {
    String msgId = EMessageFixtures.newMsgId();
    HttpResponse<String> r = post("/emessages?mode=async", EMessageFixtures.epikrise(msgId));
    assertThat(r.statusCode()).isEqualTo(202);
    String trackingId = json.readTree(r.body()).path("trackingId").asText();
    assertThat(r.headers().firstValue("Location")).contains("/emessages/" + trackingId);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> get("/emessages/" + trackingId + "/apprec").statusCode() == 200);
    HttpResponse<String> appRec = get("/emessages/" + trackingId + "/apprec");
    assertThat(appRecStatus(appRec.body())).isIn(STORED);
    assertThat(status(trackingId).path("state").asText()).isEqualTo("ACKNOWLEDGED");
  }

  static Stream<Arguments> negativeCases() {
    return Stream.of(
        Arguments.of("not XML", "this is not xml at all", "T01"),
        Arguments.of("not well-formed", "<Message><MsgId>x</Message>", "T01"),
        Arguments.of("wrong namespace", EMessageFixtures.wrongNamespace(), "T10"),
        Arguments.of("XSD-invalid", EMessageFixtures.schemaInvalid(), "T02"),
        Arguments.of("invalid fødselsnummer", EMessageFixtures.invalidFodselsnummer(), "E31"),
        Arguments.of("XXE", EMessageFixtures.xxe(), "T01"),
        Arguments.of("billion laughs", EMessageFixtures.billionLaughs(), "T01"),
        Arguments.of("empty body", "", "T01"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("negativeCases")
  void badMessagesGetAppRecStatus2WithTheirCode(String name, String body, String code)
      throws Exception {
    HttpResponse<String> r = post("/emessages", body);
    assertThat(r.statusCode()).as(name).isEqualTo(200);
    assertThat(appRecStatus(r.body())).as(name).isEqualTo("2");
    assertThat(r.body()).as(name).contains("V=\"" + code + "\"");
    assertThat(r.body()).doesNotContain("root:");
    String trackingId = r.headers().firstValue("X-Tracking-Id").orElseThrow();
    assertThat(status(trackingId).path("outcome").asText()).isEqualTo("REJECTED");
  }

  @Test
  void aBodyOverTheLimitIs413AndNeverRead() throws Exception {
    byte[] big = new byte[50 * 1024 * 1024];
    Arrays.fill(big, (byte) 'a');
    HttpResponse<String> r;
    try {
      r = post("/emessages", big);
    } catch (java.io.IOException e) {
      throw new AssertionError("the client should read the 413 answer", e);
    }
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("OperationOutcome");
  }

  @Test
  void unknownTrackingIdsAre404() throws Exception {
    assertThat(get("/emessages/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
    assertThat(get("/emessages/not-a-uuid/apprec").statusCode()).isEqualTo(404);
  }

  @Test
  void aDroppedFileIsProcessedOnceArchivedAndAnsweredInTheOutbox() throws Exception {
    Path inbox = Path.of(props.inbox());
    Path outbox = Path.of(props.outbox());
    Files.createDirectories(inbox);
    String msgId = EMessageFixtures.newMsgId();
    String name = "epikrise-" + msgId + ".xml";
    Path tmp = inbox.resolve(name + ".tmp");
    Files.writeString(tmp, EMessageFixtures.epikrise(msgId));
    Files.move(tmp, inbox.resolve(name));
    Path reply = outbox.resolve(name + ".apprec.xml");
    await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(reply));
    String appRec = Files.readString(reply);
    assertThat(appRecStatus(appRec)).isIn(STORED);
    assertThat(appRec).contains(msgId);
    assertThat(Files.exists(inbox.resolve(name))).isFalse();
    try (Stream<Path> archived = Files.walk(Path.of(props.archive()))) {
      assertThat(archived.filter(p -> p.getFileName().toString().startsWith(name)).count())
          .isEqualTo(1);
    }
  }

  @Test
  void aJmsMessageIsAnsweredOnTheOutboundQueue() throws Exception {
    String msgId = EMessageFixtures.newMsgId();
    String correlation = "it-" + msgId;
    jms.send(
        props.inQueue(),
        s -> {
          var m = s.createBytesMessage();
          m.writeBytes(EMessageFixtures.epikrise(msgId).getBytes(StandardCharsets.UTF_8));
          m.setJMSCorrelationID(correlation);
          return m;
        });
    jms.setReceiveTimeout(60_000);
    var reply = jms.receiveSelected(props.outQueue(), "JMSCorrelationID = '" + correlation + "'");
    assertThat(reply).isNotNull();
    String body =
        reply instanceof TextMessage t
            ? t.getText()
            : new String(reply.getBody(byte[].class), StandardCharsets.UTF_8);
    assertThat(appRecStatus(body)).isIn(STORED);
    assertThat(body).contains(msgId);
  }

  @Test
  void aDeadLetteredMessageIsReplayedByTheOperationsEndpointOnly() throws Exception {
    String trackingId = UUID.randomUUID().toString();
    String msgId = EMessageFixtures.newMsgId();
    messageLog.insertReceived(
        trackingId,
        "http",
        null,
        EMessageFixtures.epikrise(msgId).getBytes(StandardCharsets.UTF_8));
    messageLog.deadLetter(trackingId, "CannotCreateTransactionException");
    assertThat(status(trackingId).path("state").asText()).isEqualTo("DEAD_LETTER");
    assertThat(status(trackingId).path("deadLetterReason").asText())
        .isEqualTo("CannotCreateTransactionException");

    HttpResponse<String> anonymous =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/emessages/" + trackingId + "/replay"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    // a valid token without the operations scope: 403
    HttpResponse<String> fhirOnly =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/emessages/" + trackingId + "/replay"))
                .header(
                    "Authorization",
                    "Bearer "
                        + no.helsegateway.server.TestTokens.with(
                            tokenIssuer, java.util.Map.of("scope", "system/*.cruds")))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(fhirOnly.statusCode()).isEqualTo(403);
    assertThat(status(trackingId).path("state").asText()).isEqualTo("DEAD_LETTER");

    HttpResponse<String> replay =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/emessages/" + trackingId + "/replay"))
                .header("Authorization", bearer())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(replay.statusCode()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> "STORED".equals(status(trackingId).path("state").asText()));

    HttpResponse<String> list =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/emessages?state=STORED&limit=5"))
                .header("Authorization", bearer())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(json.readTree(list.body()).isArray()).isTrue();
  }
}
