package no.helsegateway.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Crash safety of the e-message pipeline: 1,000 messages are sent asynchronously by 4 senders, the
 * gateway is killed with SIGKILL in the middle and started again, and every sender resends what was
 * not acknowledged with 202 (as an ebXML sender would, with the same MsgId). Afterwards every
 * message has exactly one final state and one AppRec (copies of it carry the same one), nothing
 * stays RECEIVED or dead-lettered, and no resource exists twice.
 */
class EMessageCrashIT {

  static final int MESSAGES = Integer.getInteger("gateway.it.crash.messages", 1000);

  @Test
  void everyMessageEndsInExactlyOneFinalStateAfterAKill() throws Exception {
    GatewayProcess gateway =
        GatewayProcess.fromSystemProperties(
            "emessage-crash",
            Map.of(
                // Validate but never block: this test is about crash safety and counts stored
                // Compositions (the official Epikrise is stored whole in enforce mode as well).
                "gateway.validation.default-mode", "warn",
                "gateway.emessages.sweep-interval", "5s",
                "gateway.emessages.sweep-after", "20s"));
    ProcessBackedSuite.deleteRecursively(gateway.workDir());
    gateway.start();
    try {
      EMessageClient client = gateway.emessageClient();
      Map<String, String> fnrByMsgId = new HashMap<>();
      List<String> msgIds = new ArrayList<>();
      for (int i = 0; i < MESSAGES; i++) {
        String id = EMessageClient.newMsgId();
        msgIds.add(id);
        fnrByMsgId.put(id, SyntheticPersons.nextFodselsnummer());
      }
      Map<String, String> trackingByMsgId = new ConcurrentHashMap<>();
      AtomicInteger sent = new AtomicInteger();
      ExecutorService senders = Executors.newFixedThreadPool(4);
      List<Future<?>> work = new ArrayList<>();
      for (int s = 0; s < 4; s++) {
        int lane = s;
        work.add(
            senders.submit(
                () -> {
                  for (int i = lane; i < MESSAGES; i += 4) {
                    String msgId = msgIds.get(i);
                    try {
                      var r =
                          client.postAsync(EMessageClient.epikrise(msgId, fnrByMsgId.get(msgId)));
                      if (r.statusCode() == 202) {
                        trackingByMsgId.put(
                            msgId, r.headers().firstValue("X-Tracking-Id").orElseThrow());
                      }
                    } catch (Exception e) {
                      // the gateway is down: resent after the restart
                    }
                    sent.incrementAndGet();
                  }
                  return null;
                }));
      }
      Awaitility.await("half of the messages sent")
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> trackingByMsgId.size() >= MESSAGES / 2);
      gateway.kill();
      System.out.printf(
          "[crash] killed with %d of %d messages acknowledged%n", trackingByMsgId.size(), MESSAGES);
      for (Future<?> f : work) {
        f.get();
      }
      gateway.start();
      System.out.printf("[crash] restarted in %d ms%n", gateway.lastStartTime().toMillis());

      // Resend what did not get a 202, with the same MsgId.
      List<Future<?>> resend = new ArrayList<>();
      for (String msgId : msgIds) {
        if (!trackingByMsgId.containsKey(msgId)) {
          resend.add(
              senders.submit(
                  () -> {
                    var r = client.postAsync(EMessageClient.epikrise(msgId, fnrByMsgId.get(msgId)));
                    assertThat(r.statusCode()).isEqualTo(202);
                    trackingByMsgId.put(
                        msgId, r.headers().firstValue("X-Tracking-Id").orElseThrow());
                    return null;
                  }));
        }
      }
      for (Future<?> f : resend) {
        f.get();
      }
      senders.shutdown();
      assertThat(trackingByMsgId).hasSize(MESSAGES);

      Awaitility.await("every message final")
          .atMost(Duration.ofMinutes(8))
          .pollInterval(Duration.ofSeconds(2))
          .until(
              () ->
                  client.json("/emessages?state=RECEIVED&limit=1", null).size() == 0
                      && client.json("/emessages?state=DEAD_LETTER&limit=1", null).size() == 0);

      JsonNode rows =
          client.json("/emessages?sender=" + EMessageClient.SENDER_HER + "&limit=5000", null);
      Map<String, List<JsonNode>> byMsgId = new HashMap<>();
      for (JsonNode row : rows) {
        byMsgId.computeIfAbsent(row.path("messageId").asText(), k -> new ArrayList<>()).add(row);
      }
      Set<String> finals = Set.of("STORED", "ACKNOWLEDGED", "DUPLICATE");
      for (String msgId : msgIds) {
        List<JsonNode> copies = byMsgId.get(msgId);
        assertThat(copies).as(msgId).isNotNull();
        long originals =
            copies.stream().filter(r -> r.path("outcome").asText().equals("ACCEPTED")).count();
        assertThat(originals).as("exactly one stored copy of " + msgId).isEqualTo(1);
        Set<String> appRecs = new HashSet<>();
        for (JsonNode copy : copies) {
          assertThat(finals).contains(copy.path("state").asText());
          var appRec =
              client.get("/emessages/" + copy.path("trackingId").asText() + "/apprec", null);
          assertThat(appRec.statusCode()).isEqualTo(200);
          appRecs.add(appRec.body());
        }
        assertThat(appRecs).as("one AppRec for " + msgId).hasSize(1);
        assertThat(EMessageClient.appRecStatus(appRecs.iterator().next())).isEqualTo("1");
      }
      FhirHttp fhir = gateway.fhirClient();
      assertThat(total(fhir, "Composition")).isEqualTo(MESSAGES);
      assertThat(total(fhir, "Patient")).isEqualTo(MESSAGES);
      assertThat(
              total(
                  fhir,
                  "Organization?identifier="
                      + FhirApiSuite.enc("urn:oid:2.16.578.1.12.4.1.2|91393")))
          .isEqualTo(1);
      System.out.printf("[crash] %d log rows for %d messages, all final%n", rows.size(), MESSAGES);
    } finally {
      gateway.stop();
    }
  }

  private static int total(FhirHttp fhir, String query) {
    return fhir.get(query + (query.contains("?") ? "&" : "?") + "_summary=count")
        .json()
        .path("total")
        .asInt();
  }
}
