package no.helsegateway.server.openehr.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import no.helsegateway.server.SharedContextIT;
import no.helsegateway.server.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The outbox in the running server: rows written at the JPA pre-commit pointcuts inside the FHIR
 * write's own transaction (a rolled-back transaction Bundle leaves none), one per version, delete
 * as its own version, resource types without a mapping ignored; the operations endpoint shows the
 * log.
 */
class OpenEhrOutboxIT extends SharedContextIT {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired OutboxInterceptor interceptor;

  private final HttpClient http = HttpClient.newHttpClient();

  /** The IT database survives runs: ids unique per run. */
  private final String run = Long.toString(System.currentTimeMillis(), 36);

  private HttpResponse<String> send(String method, String path, String json) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", bearer())
            .header("Content-Type", "application/fhir+json");
    b.method(
        method,
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private List<Map<String, Object>> rows(String type, String id) {
    return jdbc.queryForList(
        "SELECT resource_version, operation, state FROM "
            + JdbcOpenEhrOutbox.OUTBOX
            + " WHERE resource_type = ? AND resource_id = ? ORDER BY resource_version",
        type,
        id);
  }

  private String patient() throws Exception {
    HttpResponse<String> r =
        send(
            "PUT",
            "/fhir/Patient/it-openehr-patient",
            "{\"resourceType\":\"Patient\",\"id\":\"it-openehr-patient\","
                + "\"identifier\":[{\"system\":\"urn:oid:2.16.578.1.12.4.1.4.1\","
                + "\"value\":\"13031353453\"}],\"name\":[{\"family\":\"Test\"}]}");
    assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
    return "Patient/it-openehr-patient";
  }

  private String condition(String id) throws Exception {
    return "{\"resourceType\":\"Condition\","
        + (id == null ? "" : "\"id\":\"" + id + "\",")
        + "\"code\":{\"coding\":[{\"system\":\"urn:oid:2.16.578.1.12.4.1.1.7110\","
        + "\"code\":\"N97.9\",\"display\":\"Infertilitet hos kvinne\"}]},"
        + "\"subject\":{\"reference\":\""
        + patient()
        + "\"},\"recordedDate\":\"2026-03-02T09:00:00+01:00\"}";
  }

  @Test
  void createUpdateDeleteEachQueueOneRowInTheWritesTransaction() throws Exception {
    long unjoinedBefore = interceptor.unjoinedWrites();
    HttpResponse<String> created =
        send("PUT", "/fhir/Condition/it-openehr-c1-" + run, condition("it-openehr-c1-" + run));
    assertThat(created.statusCode()).as(created.body()).isIn(200, 201);
    HttpResponse<String> updated =
        send(
            "PUT",
            "/fhir/Condition/it-openehr-c1-" + run,
            condition("it-openehr-c1-" + run).replace("2026-03-02", "2026-03-03"));
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    assertThat(send("DELETE", "/fhir/Condition/it-openehr-c1-" + run, null).statusCode())
        .isEqualTo(200);

    assertThat(rows("Condition", "it-openehr-c1-" + run))
        .extracting(
            r -> r.get("RESOURCE_VERSION") + " " + r.get("OPERATION") + " " + r.get("STATE"))
        .containsExactly("1 UPSERT PENDING", "2 UPSERT PENDING", "3 DELETE PENDING");
    assertThat(interceptor.unjoinedWrites()).isEqualTo(unjoinedBefore);
    // Patient has no mapping: no row
    assertThat(rows("Patient", "it-openehr-patient")).isEmpty();
  }

  @Test
  void rolledBackTransactionLeavesNoOutboxRow() throws Exception {
    assertThat(
            send(
                    "PUT",
                    "/fhir/Condition/it-openehr-existing-" + run,
                    condition("it-openehr-existing-" + run))
                .statusCode())
        .isIn(200, 201);
    String bundle =
        "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
            + "{\"resource\":"
            + condition("it-openehr-rollback-" + run)
            + ",\"request\":{\"method\":\"PUT\",\"url\":\"Condition/it-openehr-rollback-"
            + run
            + "\"}},"
            + "{\"resource\":"
            + condition("it-openehr-existing-" + run)
            + ",\"request\":{\"method\":\"PUT\",\"url\":\"Condition/it-openehr-existing-"
            + run
            + "\","
            + "\"ifMatch\":\"W/\\\"7\\\"\"}}]}";
    HttpResponse<String> r = send("POST", "/fhir", bundle);
    assertThat(r.statusCode()).as(r.body()).isGreaterThanOrEqualTo(400);
    assertThat(send("GET", "/fhir/Condition/it-openehr-rollback-" + run, null).statusCode())
        .isEqualTo(404);
    assertThat(rows("Condition", "it-openehr-rollback-" + run)).isEmpty();
  }

  @Test
  void outboxLogNeedsTheOperationsScope() throws Exception {
    URI summary = URI.create("http://127.0.0.1:" + port + "/openehr/outbox/summary");
    assertThat(
            http.send(HttpRequest.newBuilder(summary).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(401);
    String fhirOnly =
        "Bearer " + TestTokens.with(tokenIssuer, java.util.Map.of("scope", "system/*.cruds"));
    assertThat(
            http.send(
                    HttpRequest.newBuilder(summary).header("Authorization", fhirOnly).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(403);
    HttpResponse<String> ok =
        http.send(
            HttpRequest.newBuilder(summary).header("Authorization", bearer()).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("PENDING").contains("DEAD");
  }
}
