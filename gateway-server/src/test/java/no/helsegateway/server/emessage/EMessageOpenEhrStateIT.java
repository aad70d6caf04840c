package no.helsegateway.server.emessage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import no.helsegateway.server.SharedContextIT;
import no.helsegateway.server.openehr.internal.JdbcOpenEhrOutbox;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 8: the openEHR mirror's state of what an e-message stored is part of its message log entry.
 * The outbox items of the pipeline's write carry the tracking id; an item that fails for good (the
 * consumer's dead letter: here set as the consumer sets it, the CDR of the test context being
 * unreachable) shows as {@code OPENEHR_FAILED} with its reason, and the message keeps its own final
 * state.
 */
class EMessageOpenEhrStateIT extends SharedContextIT {

  @LocalServerPort int port;
  @Autowired JdbcOpenEhrOutbox outbox;
  @Autowired JdbcTemplate jdbc;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  /** {@code authorization} null: the default test client (system scopes, gateway/operations). */
  private HttpResponse<String> send(String method, String path, String body, String token)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/xml")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    b.header("Authorization", token == null ? bearer() : token);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void deadLettersOfTheMirrorShowInTheMessageLogWithoutChangingItsFinalState() throws Exception {
    HttpResponse<String> posted =
        send(
            "POST",
            "/emessages",
            EMessageFixtures.epikriseWithDiagnoses(EMessageFixtures.newMsgId()),
            null);
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
    String trackingId = posted.headers().firstValue("X-Tracking-Id").orElseThrow();

    List<Map<String, Object>> items =
        jdbc.queryForList(
            "SELECT id FROM " + JdbcOpenEhrOutbox.OUTBOX + " WHERE tracking_id = ? ORDER BY id",
            trackingId);
    assertThat(items).as("the Epikrise stores clinical content the mapping handles").isNotEmpty();

    JsonNode pending = json.readTree(send("GET", "/emessages/" + trackingId, null, null).body());
    assertThat(pending.path("openehr").path("state").asText()).isEqualTo("PENDING");
    assertThat(pending.path("openehr").path("items").path("PENDING").asInt())
        .isEqualTo(items.size());
    assertThat(pending.path("openehr").path("deadLetters")).isEmpty();

    long dead = ((Number) items.get(0).get("ID")).longValue();
    outbox.finish(dead, "DEAD", "CDR: 422 composition violates the template", 1L);

    JsonNode failed = json.readTree(send("GET", "/emessages/" + trackingId, null, null).body());
    assertThat(failed.path("state").asText()).isIn("STORED", "ACKNOWLEDGED");
    assertThat(failed.path("outcome").asText()).isIn("ACCEPTED", "PARTIAL");
    assertThat(failed.path("openehr").path("state").asText()).isEqualTo("OPENEHR_FAILED");
    assertThat(failed.path("openehr").path("items").path("DEAD").asInt()).isEqualTo(1);
    JsonNode letter = failed.path("openehr").path("deadLetters").get(0);
    assertThat(letter.path("outboxId").asLong()).isEqualTo(dead);
    assertThat(letter.path("reason").asText()).contains("violates the template");
    assertThat(letter.path("resource").asText()).contains("/_history/");

    HttpResponse<String> list = send("GET", "/emessages?openehr=failed&limit=1000", null, null);
    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
    assertThat(json.readTree(list.body()).findValuesAsText("trackingId")).contains(trackingId);
  }

  @Test
  void everyTrackingIdInTheOutboxNamesALoggedMessage() {
    Integer withTracking =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM "
                + JdbcOpenEhrOutbox.OUTBOX
                + " WHERE tracking_id IS NOT NULL AND tracking_id NOT IN (SELECT tracking_id FROM"
                + " gw_message_log)",
            Integer.class);
    assertThat(withTracking).isZero();
  }
}
