package no.helsegateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jms.core.JmsTemplate;

/**
 * The server in-process, one shared Spring context: management endpoints on their own port, the
 * database and the broker in readiness, and the embedded broker carrying persistent messages.
 */
class GatewayServerIT extends SharedContextIT {

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;
  @Autowired JmsTemplate jms;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void readinessIncludesTheDatabaseTheBrokerAndTheProfileWarmUp() throws Exception {
    HttpResponse<String> r =
        get("http://127.0.0.1:" + managementPort + "/actuator/health/readiness");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("\"db\"")
        .contains("\"jms\"")
        .contains("\"profileWarmUp\"")
        .contains("\"status\":\"UP\"");
    assertThat(get("http://127.0.0.1:" + managementPort + "/actuator/health/liveness").statusCode())
        .isEqualTo(200);
  }

  @Test
  void prometheusMetricsAreOnTheManagementPortOnly() throws Exception {
    HttpResponse<String> r = get("http://127.0.0.1:" + managementPort + "/actuator/prometheus");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("jvm_memory_used_bytes").contains("hikaricp_connections");
    assertThat(get("http://127.0.0.1:" + port + "/actuator/prometheus").statusCode())
        .isEqualTo(404);
  }

  @Test
  void infoShowsTheBuild() throws Exception {
    HttpResponse<String> r = get("http://127.0.0.1:" + managementPort + "/actuator/info");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("gateway-server");
  }

  @Test
  void theEmbeddedBrokerDeliversPersistentMessages() throws Exception {
    String queue = "gateway.it.roundtrip";
    jms.setReceiveTimeout(10_000);
    jms.send(
        queue,
        session -> {
          TextMessage m = session.createTextMessage("ping");
          m.setJMSDeliveryMode(jakarta.jms.DeliveryMode.PERSISTENT);
          return m;
        });
    Message received = jms.receive(queue);
    assertThat(received).isInstanceOf(TextMessage.class);
    assertThat(((TextMessage) received).getText()).isEqualTo("ping");
    assertThat(received.getJMSDeliveryMode()).isEqualTo(jakarta.jms.DeliveryMode.PERSISTENT);
  }

  @Test
  void errorsOutsideFhirNeverCarryStackTraces() throws Exception {
    HttpResponse<String> r = get("http://127.0.0.1:" + port + "/no-such-page");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("at org.");
  }
}
