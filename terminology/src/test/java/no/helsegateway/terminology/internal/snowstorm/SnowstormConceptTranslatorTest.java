package no.helsegateway.terminology.internal.snowstorm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.okForContentType;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import no.helsegateway.terminology.CodeSystems;
import no.helsegateway.terminology.CodeValidation;
import no.helsegateway.terminology.Concept;
import no.helsegateway.terminology.ConceptTranslator;
import no.helsegateway.terminology.PatientContext;
import no.helsegateway.terminology.PatientFact;
import no.helsegateway.terminology.SnowstormConfig;
import no.helsegateway.terminology.TestData;
import no.helsegateway.terminology.Translation;
import no.helsegateway.terminology.TranslationOutcome;
import no.helsegateway.terminology.TranslationRequest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Snowstorm client against WireMock stubs with Snowstorm's documented response shapes. */
class SnowstormConceptTranslatorTest {

  @RegisterExtension
  static WireMockExtension snowstorm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String MEMBERS = "/MAIN/SNOMEDCT-NO/members";
  private static final String LOOKUP = "/fhir/CodeSystem/$lookup";
  private static final String VALIDATE = "/fhir/CodeSystem/$validate-code";
  private static final String TRANSLATE = "/fhir/ConceptMap/$translate";

  private final List<Duration> waits = new CopyOnWriteArrayList<>();
  private final MutableClock clock = new MutableClock();

  private static String body(String name) {
    try (InputStream in =
        Objects.requireNonNull(
            SnowstormConceptTranslatorTest.class.getResourceAsStream("/snowstorm/" + name))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private SnowstormConfig config(URI base) {
    return SnowstormConfig.defaults(base)
        .withTimeouts(Duration.ofMillis(1_000), Duration.ofMillis(2_000))
        .withRetries(3, Duration.ofMillis(100), Duration.ofMillis(250))
        .withCircuit(100, Duration.ofSeconds(30));
  }

  private ConceptTranslator client(SnowstormConfig config) {
    return new SnowstormConceptTranslator(
        config, new SnowstormHttp(config, waits::add, clock), TestData.embedded());
  }

  private ConceptTranslator client() {
    return client(config(URI.create(snowstorm.baseUrl())));
  }

  private static TranslationRequest toIcd10(String conceptId, PatientContext patient) {
    return TestData.toIcd10(conceptId, patient);
  }

  @Nested
  class Answers {
    @Test
    void membersApiRowsAreEvaluatedHereWithNorwegianPrecedence() {
      snowstorm.stubFor(
          get(urlPathEqualTo(MEMBERS))
              .withQueryParam("referenceSet", equalTo("447562003"))
              .withQueryParam("referencedComponentId", equalTo("8619003"))
              .withQueryParam("active", equalTo("true"))
              .willReturn(okJson(body("members-8619003.json"))));
      ConceptTranslator client = client();

      TranslationOutcome male = client.translateWithDetails(toIcd10("8619003", TestData.male()));
      assertThat(male.answeredBy()).isEqualTo("snowstorm");
      assertThat(male.translations()).extracting(t -> t.target().code()).containsExactly("N46");
      assertThat(male.translations().get(0).target().display()).isEqualTo("Male infertility");

      TranslationOutcome unknown =
          client.translateWithDetails(toIcd10("8619003", PatientContext.UNKNOWN));
      Translation t = unknown.translations().get(0);
      assertThat(t.target().code()).isEqualTo("N97.9");
      assertThat(t.mapVersion()).isEqualTo("http://snomed.info/sct/51000202101/version/20240415");
      assertThat(t.missingContext()).containsExactly(PatientFact.SEX);
    }

    @Test
    void lookupUsesFhirOperationWithNorwegianEdition() {
      snowstorm.stubFor(
          get(urlPathEqualTo(LOOKUP))
              .withQueryParam("code", equalTo("32398004"))
              .withQueryParam("version", equalTo("http://snomed.info/sct/51000202101"))
              .willReturn(okForContentType("application/fhir+json", body("lookup-32398004.json"))));
      assertThat(client().lookup(CodeSystems.SNOMED_CT, "32398004"))
          .contains(new Concept(CodeSystems.SNOMED_CT, "32398004", "Bronkitt"));
    }

    @Test
    void validateCodeReportsSnowstormsMessage() {
      snowstorm.stubFor(
          get(urlPathEqualTo(VALIDATE))
              .withQueryParam("url", equalTo(CodeSystems.SNOMED_CT))
              .withQueryParam("code", equalTo("1234"))
              .willReturn(okJson(body("validate-invalid.json"))));
      CodeValidation result = client().validateCode(CodeSystems.SNOMED_CT, "1234", null);
      assertThat(result.valid()).isFalse();
      assertThat(result.message())
          .isEqualTo("The code was not found in the specified code system.");
    }

    @Test
    void fhirTranslateModeParsesRulesFromMessages() {
      snowstorm.stubFor(
          get(urlPathEqualTo(TRANSLATE))
              .withQueryParam("code", equalTo("767146004"))
              .withQueryParam("url", equalTo("http://snomed.info/sct?fhir_cm=447562003"))
              .willReturn(okJson(body("translate-767146004.json"))));
      snowstorm.stubFor(
          get(urlPathEqualTo(TRANSLATE))
              .withQueryParam("code", equalTo("32398004"))
              .willReturn(okJson(body("translate-32398004.json"))));
      ConceptTranslator client =
          client(
              config(URI.create(snowstorm.baseUrl()))
                  .withTranslateMode(SnowstormConfig.TranslateMode.FHIR_TRANSLATE));

      List<Translation> poisoning = client.translate(toIcd10("767146004", PatientContext.UNKNOWN));
      assertThat(poisoning)
          .extracting(t -> t.target().code() + "/" + t.mapGroup())
          .containsExactly("T57.0/1", "X48/2");
      assertThat(poisoning.get(0).mapVersion())
          .isEqualTo("http://snomed.info/sct/51000202101/version/20240415");

      assertThat(client.translate(toIcd10("32398004", TestData.age(8))))
          .extracting(t -> t.target().code())
          .containsExactly("J20.9");
      TranslationOutcome unknownAge =
          client.translateWithDetails(toIcd10("32398004", PatientContext.UNKNOWN));
      assertThat(unknownAge.translations())
          .extracting(t -> t.target().code())
          .containsExactly("J40");
      assertThat(unknownAge.missingContext()).containsExactly(PatientFact.AGE);
    }

    @Test
    void otherSystemsGoStraightToTheEmbeddedTranslator() {
      ConceptTranslator client = client();
      assertThat(client.lookup(CodeSystems.ICD10_NO, "N979")).map(Concept::code).contains("N97.9");
      assertThat(
              client
                  .translateWithDetails(
                      new TranslationRequest(
                          CodeSystems.ICPC2_NO, "K86", CodeSystems.ICD10_NO, null))
                  .translations())
          .extracting(t -> t.target().code())
          .containsExactly("I10");
      snowstorm.verify(0, getRequestedFor(urlPathMatching(".*")));
    }
  }

  @Nested
  class ErrorPathsFallBack {
    @Test
    void notFoundFallsBackWithoutRetry() {
      snowstorm.stubFor(
          get(urlPathEqualTo(LOOKUP))
              .willReturn(
                  aResponse()
                      .withStatus(404)
                      .withHeader("Content-Type", "application/fhir+json")
                      .withBody(body("operation-outcome-not-found.json"))));
      assertThat(client().lookup(CodeSystems.SNOMED_CT, "32398004"))
          .map(Concept::display)
          .contains("Bronchitis (disorder)");
      snowstorm.verify(1, getRequestedFor(urlPathEqualTo(LOOKUP)));
      assertThat(waits).isEmpty();
    }

    @Test
    void serverErrorsAreRetriedWithBackoffThenFallBack() {
      snowstorm.stubFor(get(urlPathEqualTo(MEMBERS)).willReturn(serverError()));
      TranslationOutcome outcome =
          client().translateWithDetails(toIcd10("767146004", PatientContext.UNKNOWN));
      assertThat(outcome.answeredBy()).isEqualTo("embedded (fallback)");
      assertThat(outcome.notes()).anyMatch(n -> n.contains("HTTP 500"));
      assertThat(outcome.translations())
          .extracting(t -> t.target().code())
          .containsExactly("T57.0", "X48");
      snowstorm.verify(3, getRequestedFor(urlPathEqualTo(MEMBERS)));
      assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void aRetryThatSucceedsIsSnowstormsAnswer() {
      snowstorm.stubFor(
          get(urlPathEqualTo(LOOKUP))
              .inScenario("flaky")
              .whenScenarioStateIs(Scenario.STARTED)
              .willReturn(serviceUnavailable())
              .willSetStateTo("up"));
      snowstorm.stubFor(
          get(urlPathEqualTo(LOOKUP))
              .inScenario("flaky")
              .whenScenarioStateIs("up")
              .willReturn(okJson(body("lookup-32398004.json"))));
      assertThat(client().lookup(CodeSystems.SNOMED_CT, "32398004"))
          .map(Concept::display)
          .contains("Bronkitt");
      assertThat(waits).hasSize(1);
    }

    @Test
    void timeoutFallsBack() {
      snowstorm.stubFor(
          get(urlPathEqualTo(VALIDATE))
              .willReturn(okJson(body("validate-invalid.json")).withFixedDelay(3_000)));
      SnowstormConfig oneAttempt =
          config(URI.create(snowstorm.baseUrl()))
              .withTimeouts(Duration.ofMillis(1_000), Duration.ofMillis(300))
              .withRetries(1, Duration.ZERO, Duration.ZERO);
      CodeValidation result =
          client(oneAttempt).validateCode(CodeSystems.SNOMED_CT, "32398004", null);
      assertThat(result.valid()).isTrue();
      assertThat(result.display()).isEqualTo("Bronchitis (disorder)");
    }

    @Test
    void malformedJsonFallsBackWithoutRetry() {
      snowstorm.stubFor(
          get(urlPathEqualTo(MEMBERS))
              .willReturn(aResponse().withStatus(200).withBody("{\"items\": [ {\"memberId\": ")));
      TranslationOutcome outcome =
          client().translateWithDetails(toIcd10("32398004", TestData.age(40)));
      assertThat(outcome.answeredBy()).isEqualTo("embedded (fallback)");
      assertThat(outcome.notes()).anyMatch(n -> n.contains("malformed JSON"));
      assertThat(outcome.translations()).extracting(t -> t.target().code()).containsExactly("J40");
      snowstorm.verify(1, getRequestedFor(urlPathEqualTo(MEMBERS)));
    }

    @Test
    void wellFormedJsonOfTheWrongShapeFallsBack() {
      snowstorm.stubFor(get(urlPathEqualTo(LOOKUP)).willReturn(okJson("{\"status\":\"UP\"}")));
      snowstorm.stubFor(get(urlPathEqualTo(MEMBERS)).willReturn(okJson("{\"total\":0}")));
      ConceptTranslator client = client();
      assertThat(client.lookup(CodeSystems.SNOMED_CT, "32398004"))
          .map(Concept::display)
          .contains("Bronchitis (disorder)");
      assertThat(client.translateWithDetails(toIcd10("6738008", null)).answeredBy())
          .isEqualTo("embedded (fallback)");
    }

    @Test
    void connectionRefusedFallsBackForEveryOperation() throws IOException {
      int closedPort;
      try (ServerSocket socket = new ServerSocket(0)) {
        closedPort = socket.getLocalPort();
      }
      ConceptTranslator client = client(config(URI.create("http://127.0.0.1:" + closedPort)));
      assertThat(client.lookup(CodeSystems.SNOMED_CT, "6738008"))
          .map(Concept::display)
          .contains("Female infertility (disorder)");
      assertThat(client.validateCode(CodeSystems.SNOMED_CT, "6738008", null).valid()).isTrue();
      TranslationOutcome outcome = client.translateWithDetails(toIcd10("6738008", null));
      assertThat(outcome.translations())
          .extracting(t -> t.target().code())
          .containsExactly("N97.9");
      assertThat(outcome.notes()).anyMatch(n -> n.contains("ConnectException"));
    }

    @Test
    void circuitOpensAfterRepeatedFailuresAndClosesAfterItsDuration() {
      snowstorm.stubFor(get(urlPathEqualTo(LOOKUP)).willReturn(notFound()));
      SnowstormConfig config =
          config(URI.create(snowstorm.baseUrl())).withCircuit(2, Duration.ofSeconds(30));
      ConceptTranslator client = client(config);
      for (int i = 0; i < 5; i++) {
        assertThat(client.lookup(CodeSystems.SNOMED_CT, "32398004")).isPresent();
      }
      snowstorm.verify(2, getRequestedFor(urlPathEqualTo(LOOKUP)));
      clock.advance(Duration.ofSeconds(31));
      assertThat(client.lookup(CodeSystems.SNOMED_CT, "32398004")).isPresent();
      snowstorm.verify(3, getRequestedFor(urlPathEqualTo(LOOKUP)));
    }
  }

  /** A clock the test moves by hand. */
  static final class MutableClock extends Clock {
    private volatile Instant now = Instant.parse("2025-01-01T00:00:00Z");

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
