package no.helsegateway.server.openehr.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.helsegateway.mappings.openehr.OpenEhrMapper;
import no.helsegateway.server.openehr.GatewayOpenEhrProperties;
import org.h2.jdbcx.JdbcDataSource;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The consumer against WireMock answering like EHRbase 2.16 does (status codes, ETag/Location
 * headers; gzip off, since WireMock's gzip rewrites ETags).
 */
class OutboxConsumerTest {

  static final String API = "/ehrbase/rest/openehr/v1";
  static final String EHR = "7d44b88c-4199-4bad-97dc-d78268e01398";
  static final FhirContext FHIR = FhirContext.forR4Cached();
  static OpenEhrMapper mapper;

  WireMockServer cdr;
  JdbcOpenEhrOutbox outbox;
  OutboxConsumer consumer;
  MutableClock clock = new MutableClock();
  Map<String, Resource> store = new HashMap<>();
  static int db;

  @BeforeAll
  static void mapper() {
    mapper = new OpenEhrMapper();
  }

  @BeforeEach
  void setUp() {
    cdr = new WireMockServer(options().dynamicPort().gzipDisabled(true));
    cdr.start();
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:outbox" + (db++) + ";DB_CLOSE_DELAY=-1");
    outbox = new JdbcOpenEhrOutbox(new JdbcTemplate(ds));
    GatewayOpenEhrProperties props =
        new GatewayOpenEhrProperties(
            true,
            URI.create("http://localhost:" + cdr.port() + "/ehrbase"),
            "gw",
            "secret",
            null,
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            10,
            1,
            Duration.ofMillis(100),
            Duration.ofSeconds(1),
            Duration.ofSeconds(30),
            "local.ehrbase.org",
            List.of("urn:oid:2.16.578.1.12.4.1.4.1"),
            true);
    FhirSource source =
        new FhirSource() {
          @Override
          public Optional<Resource> read(String type, String id, long version) {
            return Optional.ofNullable(store.get(type + "/" + id + "/" + version));
          }

          @Override
          public Optional<Subject> subject(Resource resource) {
            return Optional.of(new Subject("13116900216", "no-fnr"));
          }
        };
    consumer =
        new OutboxConsumer(
            outbox,
            new OpenEhrRestClient(props),
            mapper,
            source,
            props,
            clock,
            new SimpleMeterRegistry());
    cdr.stubFor(
        get(urlPathEqualTo(API + "/definition/template/adl1.4"))
            .willReturn(okJson("[{\"template_id\":\"IDCR - Problem List.v1\"}]")));
    cdr.stubFor(
        post(urlPathEqualTo(API + "/definition/template/adl1.4"))
            .willReturn(aResponse().withStatus(201)));
    cdr.stubFor(
        get(urlPathEqualTo(API + "/ehr"))
            .withQueryParam("subject_id", equalTo("13116900216"))
            .willReturn(aResponse().withStatus(404)));
    cdr.stubFor(
        post(urlEqualTo(API + "/ehr"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("ETag", "\"" + EHR + "\"")
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"ehr_id\":{\"value\":\"" + EHR + "\"}}")));
  }

  @AfterEach
  void tearDown() {
    cdr.stop();
  }

  @Test
  void uploadsMissingTemplatesCreatesEhrCommitsAndIgnoresReplay() {
    stubCreate("11111111-1111-3111-8111-111111111111::local.ehrbase.org::1");
    store("Condition", "c1", 1);
    outbox.enqueue("Condition", "c1", 1, "UPSERT", clock.millis());
    outbox.enqueue("Condition", "c1", 1, "UPSERT", clock.millis()); // replay: no second row

    consumer.poll();

    assertThat(outbox.countsByState()).containsEntry("DONE", 1L).containsEntry("PENDING", 0L);
    cdr.verify(3, postRequestedFor(urlPathEqualTo(API + "/definition/template/adl1.4")));
    cdr.verify(
        postRequestedFor(urlEqualTo(API + "/ehr"))
            .withRequestBody(
                matchingJsonPath("$.subject.external_ref.namespace", equalTo("no-fnr")))
            .withHeader("Authorization", containing("Basic ")));
    cdr.verify(
        1,
        postRequestedFor(urlEqualTo(API + "/ehr/" + EHR + "/composition"))
            .withRequestBody(matchingJsonPath("$.uid.value", containing("::local.ehrbase.org::1")))
            .withRequestBody(
                matchingJsonPath(
                    "$.archetype_details.template_id.value", equalTo("IDCR - Problem List.v1"))));
    assertThat(outbox.link("Condition", "c1"))
        .get()
        .satisfies(
            l -> {
              assertThat(l.versionUid())
                  .isEqualTo("11111111-1111-3111-8111-111111111111::local.ehrbase.org::1");
              assertThat(l.ehrId()).isEqualTo(EHR);
            });

    // the same version once more through the consumer path: nothing is sent
    consumer.poll();
    cdr.verify(1, postRequestedFor(urlEqualTo(API + "/ehr/" + EHR + "/composition")));
  }

  @Test
  void updateBecomesCompositionUpdateAndDeleteACompositionDelete() {
    String v1 = "22222222-2222-3222-8222-222222222222::local.ehrbase.org::1";
    String v2 = "22222222-2222-3222-8222-222222222222::local.ehrbase.org::2";
    stubCreate(v1);
    cdr.stubFor(
        put(urlEqualTo(API + "/ehr/" + EHR + "/composition/22222222-2222-3222-8222-222222222222"))
            .withHeader("If-Match", equalTo(v1))
            .willReturn(aResponse().withStatus(204).withHeader("ETag", "\"" + v2 + "\"")));
    cdr.stubFor(
        delete(urlEqualTo(API + "/ehr/" + EHR + "/composition/" + v2))
            .willReturn(aResponse().withStatus(204)));
    store("Condition", "c2", 1);
    store("Condition", "c2", 2);
    outbox.enqueue("Condition", "c2", 1, "UPSERT", clock.millis());
    outbox.enqueue("Condition", "c2", 2, "UPSERT", clock.millis());
    outbox.enqueue("Condition", "c2", 3, "DELETE", clock.millis());

    consumer.poll();
    consumer.poll();
    consumer.poll();

    assertThat(outbox.countsByState()).containsEntry("DONE", 3L);
    cdr.verify(
        putRequestedFor(urlPathMatching(API + "/ehr/" + EHR + "/composition/2222.*"))
            .withRequestBody(matchingJsonPath("$.uid", absent())));
    cdr.verify(deleteRequestedFor(urlEqualTo(API + "/ehr/" + EHR + "/composition/" + v2)));
    assertThat(outbox.link("Condition", "c2").orElseThrow().deleted()).isTrue();
  }

  @Test
  void cdrDownRetriesWithBackoffAndCatchesUp() {
    cdr.stubFor(
        post(urlEqualTo(API + "/ehr/" + EHR + "/composition"))
            .willReturn(aResponse().withStatus(503)));
    store("Condition", "c3", 1);
    outbox.enqueue("Condition", "c3", 1, "UPSERT", clock.millis());

    consumer.poll();
    assertThat(outbox.list("PENDING", 10))
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.attempts()).isEqualTo(1);
              assertThat(i.lastError()).contains("503");
            });
    consumer.poll(); // not due yet: back-off of 1 s
    cdr.verify(1, postRequestedFor(urlEqualTo(API + "/ehr/" + EHR + "/composition")));

    stubCreate("33333333-3333-3333-8333-333333333333::local.ehrbase.org::1");
    clock.advance(Duration.ofSeconds(1));
    consumer.poll();
    assertThat(outbox.countsByState()).containsEntry("DONE", 1L).containsEntry("PENDING", 0L);
  }

  @Test
  void backoffDoublesUpToTheCeiling() {
    assertThat(consumer.backoff(1)).isEqualTo(1000);
    assertThat(consumer.backoff(2)).isEqualTo(2000);
    assertThat(consumer.backoff(5)).isEqualTo(16000);
    assertThat(consumer.backoff(6)).isEqualTo(30000);
    assertThat(consumer.backoff(40)).isEqualTo(30000);
  }

  @Test
  void compositionTheCdrRejectsGoesToTheDeadLetterWithTheReason() {
    cdr.stubFor(
        post(urlEqualTo(API + "/ehr/" + EHR + "/composition"))
            .willReturn(
                aResponse()
                    .withStatus(422)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":\"Unprocessable Entity\",\"message\":\"/content[openEHR-EHR-SECTION"
                            + ".problems_issues_rcp.v1]: Invariant Is_archetype_root failed\"}")));
    store("Condition", "c4", 1);
    outbox.enqueue("Condition", "c4", 1, "UPSERT", clock.millis());

    consumer.poll();

    assertThat(outbox.list("DEAD", 10))
        .singleElement()
        .satisfies(i -> assertThat(i.lastError()).contains("HTTP 422").contains("Invariant"));
  }

  @Test
  void templateViolationFoundByTheValidatorGoesToTheDeadLetter() {
    org.hl7.fhir.r4.model.Observation pulse =
        (org.hl7.fhir.r4.model.Observation)
            FHIR.newJsonParser()
                .parseResource(
                    "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":"
                        + "[{\"system\":\"http://loinc.org\",\"code\":\"8867-4\"}]},"
                        + "\"effectiveDateTime\":\"2026-03-02T08:15:00+01:00\","
                        + "\"valueQuantity\":{\"value\":-5,\"code\":\"/min\"}}");
    store.put("Observation/o1/1", pulse);
    outbox.enqueue("Observation", "o1", 1, "UPSERT", clock.millis());

    consumer.poll();

    assertThat(outbox.list("DEAD", 10))
        .singleElement()
        .satisfies(i -> assertThat(i.lastError()).startsWith("mapping:"));
    cdr.verify(0, postRequestedFor(urlPathMatching(API + "/ehr/.*/composition")));
  }

  @Test
  void resourceWithNothingToMirrorIsSkipped() {
    org.hl7.fhir.r4.model.Observation lab = new org.hl7.fhir.r4.model.Observation();
    lab.getCode().addCoding().setSystem("http://loinc.org").setCode("1988-5");
    store.put("Observation/o2/1", lab);
    outbox.enqueue("Observation", "o2", 1, "UPSERT", clock.millis());
    consumer.poll();
    assertThat(outbox.countsByState()).containsEntry("SKIPPED", 1L);
  }

  private void stubCreate(String versionUid) {
    cdr.stubFor(
        post(urlEqualTo(API + "/ehr/" + EHR + "/composition"))
            .willReturn(
                aResponse()
                    .withStatus(204)
                    .withHeader("ETag", "\"" + versionUid + "\"")
                    .withHeader(
                        "Location",
                        "http://localhost/ehrbase/rest/openehr/v1/ehr/"
                            + EHR
                            + "/composition/"
                            + versionUid)));
  }

  private void store(String type, String id, long version) {
    String json =
        "{\"resourceType\":\"Condition\",\"id\":\""
            + id
            + "\",\"code\":{\"coding\":[{\"system\":\"urn:oid:2.16.578.1.12.4.1.1.7110\","
            + "\"code\":\"E11.9\",\"display\":\"Diabetes mellitus type 2\"}]},"
            + "\"subject\":{\"reference\":\"Patient/p1\"},"
            + "\"recordedDate\":\"2026-03-0"
            + version
            + "T09:00:00+01:00\"}";
    store.put(type + "/" + id + "/" + version, (Resource) FHIR.newJsonParser().parseResource(json));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okJson(
      String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-03-02T10:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
