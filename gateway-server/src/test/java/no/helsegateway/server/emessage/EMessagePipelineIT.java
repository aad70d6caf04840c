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
import no.helsegateway.server.TestTokens;
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

  /**
   * Posts as the message's sender: the gateway accepts a message only from the organisation it
   * names as sender (ENH id); messages naming none are made to name the default test client's.
   */
  private HttpResponse<String> post(String path, byte[] body) throws Exception {
    java.util.Set<String> senders =
        no.helsegateway.server.security.authz.internal.SenderOrganisation.orgnrs(body);
    if (senders != null && senders.isEmpty()) {
      body =
          EMessageFixtures.asSender(new String(body, StandardCharsets.UTF_8), TestTokens.ORGNR)
              .getBytes(StandardCharsets.UTF_8);
    }
    String authorization =
        senders == null || senders.isEmpty() || senders.contains(TestTokens.ORGNR)
            ? bearer()
            : "Bearer "
                + TestTokens.with(
                    tokenIssuer,
                    java.util.Map.of(
                        "helseid://claims/client/claims/orgnr_parent", senders.iterator().next()));
    return http.send(
        HttpRequest.newBuilder(URI.create(base() + path))
            .header("Authorization", authorization)
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

  /** Counts as a population-wide reader: the messages' senders are several organisations. */
  private int count(String query) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        base()
                            + "/fhir/"
                            + query
                            + (query.contains("?") ? "&" : "?")
                            + "_summary=count"))
                .header("Authorization", readerBearer())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return json.readTree(r.body()).path("total").asInt();
  }

  /** Status 1: the whole Bundle met the profiles (enforce mode) and was stored. */
  static final java.util.List<String> STORED = java.util.List.of("1");

  static final String FNR = "urn:oid:2.16.578.1.12.4.1.4.1%7C" + EMessageFixtures.ORIGINAL_FNR;

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
    assertThat(s.path("outcome").asText()).isEqualTo("ACCEPTED");
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

  static Stream<String> officialEpikrise() {
    return EMessageFixtures.officialEpikrise().stream();
  }

  /** Every official Epikrise example is valid, so it is stored whole: AppRec status 1, enforce. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("officialEpikrise")
  void officialEpikriseExamplesAreAcceptedWhole(String name) throws Exception {
    HttpResponse<String> r = post("/emessages", EMessageFixtures.withFreshMsgId(name));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(appRecStatus(r.body())).as(r.body()).isEqualTo("1");
    String trackingId = r.headers().firstValue("X-Tracking-Id").orElseThrow();
    assertThat(status(trackingId).path("outcome").asText()).isEqualTo("ACCEPTED");
  }

  /**
   * A PLO report, its change and its cancellation (the official Innleggelsesrapport series) update
   * one document: the change adds only the medication it adds, the diagnosis is not duplicated, and
   * the cancellation marks the Composition entered-in-error.
   */
  @Test
  void versionsOfAPloReportUpdateOneDocumentAndCreateNoDuplicates() throws Exception {
    String conversation = EMessageFixtures.newMsgId();
    java.util.Map<String, String> ids =
        java.util.Map.of(
            "13a5da20-05c6-11e8-8f1a-0800200c9a66", conversation,
            "c5718400-0663-11e8-b566-0800200c9a66", EMessageFixtures.newMsgId(),
            "be6d23c0-0664-11e8-b566-0800200c9a66", EMessageFixtures.newMsgId());
    int conditions = count("Condition?patient.identifier=" + FNR);
    int medications = count("MedicationStatement?patient.identifier=" + FNR);
    int compositions = count("Composition?patient.identifier=" + FNR);

    String first =
        post("/emessages", EMessageFixtures.golden("plo-1.6-innleggelsesrapport-ny.input.xml", ids))
            .body();
    assertThat(appRecStatus(first)).as(first).isEqualTo("1");
    assertThat(count("Condition?patient.identifier=" + FNR)).isEqualTo(conditions + 1);
    assertThat(count("MedicationStatement?patient.identifier=" + FNR)).isEqualTo(medications + 5);
    assertThat(count("Composition?patient.identifier=" + FNR)).isEqualTo(compositions + 1);

    String change =
        post(
                "/emessages",
                EMessageFixtures.golden("plo-1.6-innleggelsesrapport-endring.input.xml", ids))
            .body();
    assertThat(appRecStatus(change)).as(change).isEqualTo("1");
    assertThat(count("Condition?patient.identifier=" + FNR)).isEqualTo(conditions + 1);
    assertThat(count("MedicationStatement?patient.identifier=" + FNR)).isEqualTo(medications + 6);
    assertThat(count("Composition?patient.identifier=" + FNR)).isEqualTo(compositions + 1);

    String cancel =
        post(
                "/emessages",
                EMessageFixtures.golden("plo-1.6-innleggelsesrapport-kansellering.input.xml", ids))
            .body();
    assertThat(appRecStatus(cancel)).as(cancel).isEqualTo("1");
    assertThat(count("Composition?patient.identifier=" + FNR)).isEqualTo(compositions + 1);
    assertThat(count("Composition?status=entered-in-error&patient.identifier=" + FNR))
        .isGreaterThanOrEqualTo(1);
    // the original of every version is kept
    assertThat(
            count(
                "DocumentReference?patient.identifier="
                    + FNR
                    + "&type=urn:oid:2.16.578.1.12.4.1.1.9602%7CA04-2"))
        .isGreaterThanOrEqualTo(3);
  }

  /** A changed Henvisning 2.0 updates the referral and its diagnosis instead of adding copies. */
  @Test
  void aChangedReferralUpdatesItsConditionsInsteadOfAddingCopies() throws Exception {
    java.util.Map<String, String> ids =
        java.util.Map.of(
            "cf4efb50-3198-11e8-b566-0800200c9a66", EMessageFixtures.newMsgId(),
            "76665c90-3198-11e8-b566-0800200c9a66", EMessageFixtures.newMsgId(),
            "0b28bfe4-c3a8-43b6-b915-7f11cfc6a093", EMessageFixtures.newMsgId());
    int conditions = count("Condition?patient.identifier=" + FNR);
    int referrals = count("ServiceRequest?patient.identifier=" + FNR);

    String first =
        post(
                "/emessages",
                EMessageFixtures.golden("henvisning-2.0-henvisning-ny-tilstand-ny.input.xml", ids))
            .body();
    assertThat(appRecStatus(first)).as(first).isEqualTo("1");
    assertThat(count("Condition?patient.identifier=" + FNR)).isEqualTo(conditions + 1);
    assertThat(count("ServiceRequest?patient.identifier=" + FNR)).isEqualTo(referrals + 1);

    String change =
        post(
                "/emessages",
                EMessageFixtures.golden(
                    "henvisning-2.0-henvisning-ny-tilstand-endring.input.xml", ids))
            .body();
    assertThat(appRecStatus(change)).as(change).isEqualTo("1");
    assertThat(count("Condition?patient.identifier=" + FNR)).isEqualTo(conditions + 1);
    assertThat(count("ServiceRequest?patient.identifier=" + FNR)).isEqualTo(referrals + 1);
  }

  /**
   * E-resept M10: an Annullering (AnnulleringsId = the MsgId of the earlier dispensing report)
   * marks the stored MedicationDispense entered-in-error; it does not create a second one.
   */
  @Test
  void aDispensingCancellationMarksTheEarlierDispenseEnteredInErrorAndAddsNone() throws Exception {
    String dispensing = EMessageFixtures.newMsgId();
    java.util.Map<String, String> ids =
        java.util.Map.of(
            "4a774ee6-94f5-48d2-bd15-1537a1b70e1c",
            dispensing,
            "5b885ff7-05a6-4e13-8e26-2648c1f96d2f",
            EMessageFixtures.newMsgId());
    String byIdentifier =
        "MedicationDispense?identifier=https://helsegateway.no/fhir/NamingSystem/eresept-utlevering%7C"
            + dispensing;

    String first =
        post(
                "/emessages",
                EMessageFixtures.golden("eresept-m10-ekspedering-og-utlevering.input.xml", ids))
            .body();
    assertThat(appRecStatus(first)).as(first).isEqualTo("1");
    assertThat(count(byIdentifier)).isEqualTo(1);
    assertThat(count(byIdentifier + "&status=completed")).isEqualTo(1);

    String cancel =
        post(
                "/emessages",
                EMessageFixtures.golden("eresept-m10-annullering-synthetic.input.xml", ids))
            .body();
    assertThat(appRecStatus(cancel)).as(cancel).isEqualTo("1");
    assertThat(count(byIdentifier)).isEqualTo(1);
    assertThat(count(byIdentifier + "&status=entered-in-error")).isEqualTo(1);
    assertThat(count(byIdentifier + "&status=completed")).isZero();
  }

  /**
   * A stored Henvisning's referral id, quoted by a later Epikrise (ServReq/Id), links the discharge
   * summary's Encounter to that ServiceRequest (basedOn, by the same identifier).
   */
  @Test
  void aDischargeSummaryQuotingAStoredReferralIsBasedOnItsServiceRequest() throws Exception {
    String referralId = EMessageFixtures.newMsgId();
    String identifier = "urn:uuid:" + referralId;
    String henvisning =
        EMessageFixtures.golden(
            "henvisning-1.1-henvisning-n.input.xml",
            java.util.Map.of(
                "02a51109-7416-4822-9742-bcd6fdfd036f",
                EMessageFixtures.newMsgId(),
                "d57160a8-7697-4724-b0e2-7807037fea47",
                referralId));
    // the sender of a Henvisning 1.x is the Requester: it names the test client's organisation
    int requester = henvisning.indexOf("<Requester>");
    int typeId = henvisning.indexOf("<TypeId", henvisning.indexOf("<Inst>", requester));
    int inst = henvisning.indexOf("/>", typeId) + 2; // AdditionalId follows the Inst's TypeId
    henvisning =
        henvisning.substring(0, inst)
            + "<AdditionalId><Id>"
            + TestTokens.ORGNR
            + "</Id><Type V=\"ENH\" DN=\"Organisasjonsnummer\"/></AdditionalId>"
            + henvisning.substring(inst);
    String referral = post("/emessages", henvisning).body();
    assertThat(appRecStatus(referral)).as(referral).isEqualTo("1");
    assertThat(count("ServiceRequest?identifier=urn:ietf:rfc:3986%7C" + identifier)).isEqualTo(1);

    String epikrise =
        post(
                "/emessages",
                EMessageFixtures.golden(
                    "epikrise-1.2-n.input.xml",
                    java.util.Map.of(
                        "f022ccd0-4567-11e7-9598-0800200c9a66",
                        EMessageFixtures.newMsgId(),
                        "fdebda50-4567-11e7-9598-0800200c9a66",
                        referralId)))
            .body();
    assertThat(appRecStatus(epikrise)).as(epikrise).isEqualTo("1");
    JsonNode encounters =
        json.readTree(
            http.send(
                    HttpRequest.newBuilder(
                            URI.create(
                                base() + "/fhir/Encounter?_count=500&patient.identifier=" + FNR))
                        .header("Authorization", readerBearer())
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    java.util.List<JsonNode> basedOn = new java.util.ArrayList<>();
    encounters.path("entry").forEach(e -> e.path("resource").path("basedOn").forEach(basedOn::add));
    assertThat(basedOn)
        .anySatisfy(
            b -> {
              assertThat(b.path("type").asText()).isEqualTo("ServiceRequest");
              assertThat(b.path("identifier").path("system").asText())
                  .isEqualTo("urn:ietf:rfc:3986");
              assertThat(b.path("identifier").path("value").asText()).isEqualTo(identifier);
            });
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
