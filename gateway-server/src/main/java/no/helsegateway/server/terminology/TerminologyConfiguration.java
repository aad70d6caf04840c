package no.helsegateway.server.terminology;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.validation.JpaValidationSupportChain;
import java.nio.file.Path;
import javax.sql.DataSource;
import no.helsegateway.server.fhir.FhirServerCustomizer;
import no.helsegateway.server.terminology.internal.CodingEnricher;
import no.helsegateway.server.terminology.internal.CodingEnrichmentInterceptor;
import no.helsegateway.server.terminology.internal.JdbcUnmappedCodeRecorder;
import no.helsegateway.server.terminology.internal.JpaTerminologyOperationsRemover;
import no.helsegateway.server.terminology.internal.LocalFirstConceptTranslator;
import no.helsegateway.server.terminology.internal.TerminologyOperationProvider;
import no.helsegateway.terminology.ConceptTranslator;
import no.helsegateway.terminology.ConceptTranslators;
import no.helsegateway.terminology.CsvMapSource;
import no.helsegateway.terminology.DataLocation;
import no.helsegateway.terminology.LoadProgressListener;
import no.helsegateway.terminology.SnowstormConfig;
import no.helsegateway.terminology.TerminologyConfig;
import no.helsegateway.terminology.UnmappedCodeRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The terminology feature of the server: one {@link ConceptTranslator} loaded at start-up, the FHIR
 * terminology operations answering from it, a validation-support adapter for the validator,
 * enrichment of coded diagnoses on write, and the database-backed unmapped-code report.
 */
@Configuration
public class TerminologyConfiguration {

  private static final Logger log = LoggerFactory.getLogger(TerminologyConfiguration.class);

  /**
   * Loads the embedded data once; with Snowstorm configured, the embedded data answers first and
   * Snowstorm (itself falling back to the embedded data when it is down) is asked for the rest.
   */
  @Bean
  public ConceptTranslator conceptTranslator(GatewayTerminologyProperties props) {
    TerminologyConfig config = terminologyConfig(props.data());
    long start = System.nanoTime();
    log.info(
        "Loading terminology ({})",
        props.data().useShippedTestData() ? "shipped test data" : "configured releases");
    ConceptTranslator embedded = ConceptTranslators.embedded(config, progressLogger());
    log.info("Terminology loaded in {} ms", (System.nanoTime() - start) / 1_000_000);
    if (!props.snowstorm().enabled()) {
      return embedded;
    }
    GatewayTerminologyProperties.Snowstorm s = props.snowstorm();
    SnowstormConfig snowstorm =
        SnowstormConfig.defaults(s.baseUrl())
            .withTimeouts(s.connectTimeout(), s.requestTimeout())
            .withRetries(s.maxAttempts(), s.initialBackoff(), s.maxBackoff());
    snowstorm =
        new SnowstormConfig(
            snowstorm.baseUrl(),
            s.branch(),
            snowstorm.fhirPath(),
            snowstorm.snomedVersion(),
            snowstorm.connectTimeout(),
            snowstorm.requestTimeout(),
            snowstorm.maxAttempts(),
            snowstorm.initialBackoff(),
            snowstorm.maxBackoff(),
            snowstorm.failureThreshold(),
            snowstorm.openDuration(),
            snowstorm.translateMode(),
            snowstorm.preferredModules());
    log.info("Terminology: embedded data first, then Snowstorm for what it does not know");
    return new LocalFirstConceptTranslator(
        embedded, ConceptTranslators.snowstorm(snowstorm, embedded));
  }

  static TerminologyConfig terminologyConfig(GatewayTerminologyProperties.Data data) {
    if (data.useShippedTestData()) {
      return TerminologyConfig.testData();
    }
    TerminologyConfig.Builder builder = TerminologyConfig.builder();
    data.snomedReleases().forEach(r -> builder.snomedRelease(location(r)));
    if (data.icd10Codes() != null && !data.icd10Codes().isBlank()) {
      builder.icd10Codes(location(data.icd10Codes()));
    }
    if (data.icpc2Codes() != null && !data.icpc2Codes().isBlank()) {
      builder.icpc2Codes(location(data.icpc2Codes()));
    }
    for (GatewayTerminologyProperties.CsvMap map : data.csvMaps()) {
      builder.csvMap(
          new CsvMapSource(
              map.sourceSystem(),
              map.targetSystem(),
              location(map.location()),
              map.authoritative()));
    }
    return builder.build();
  }

  static DataLocation location(String value) {
    String v = value.trim();
    if (v.startsWith("classpath:")) {
      String resource = v.substring("classpath:".length());
      return DataLocation.classpath(resource.startsWith("/") ? resource.substring(1) : resource);
    }
    return DataLocation.file(Path.of(v));
  }

  private static LoadProgressListener progressLogger() {
    return progress -> {
      if (progress.finished()) {
        log.info(
            "Terminology file {}: {} rows read, {} kept",
            progress.file(),
            progress.rowsRead(),
            progress.rowsKept());
      } else {
        log.info("Terminology file {}: {} rows read so far", progress.file(), progress.rowsRead());
      }
    };
  }

  /**
   * The validator's adapter over the translator. Also put in front of HAPI's JPA validation chain
   * so that {@code $validate} and the JPA terminology services see the same data.
   */
  @Bean
  public ConceptTranslatorValidationSupport conceptTranslatorValidationSupport(
      FhirContext fhirContext,
      ConceptTranslator translator,
      GatewayTerminologyProperties props,
      JpaValidationSupportChain jpaChain) {
    ConceptTranslatorValidationSupport support =
        new ConceptTranslatorValidationSupport(fhirContext, translator, props.codeSystemVersions());
    jpaChain.addValidationSupport(0, support);
    return support;
  }

  @Bean
  public UnmappedCodeRecorder unmappedCodeRecorder(DataSource dataSource) {
    return new JdbcUnmappedCodeRecorder(new JdbcTemplate(dataSource));
  }

  /** Registers the operations and removes HAPI JPA's bindings of the same operations. */
  @Bean
  public FhirServerCustomizer terminologyOperations(
      FhirContext fhirContext,
      ConceptTranslator translator,
      GatewayTerminologyProperties props,
      JpaValidationSupportChain jpaChain) {
    return server -> {
      TerminologyOperationProvider provider =
          new TerminologyOperationProvider(
              fhirContext, translator, props.codeSystemVersions(), (IValidationSupport) jpaChain);
      server.registerInterceptor(new JpaTerminologyOperationsRemover(provider));
      server.registerProvider(provider);
    };
  }

  /**
   * Enrichment on the JPA interceptor service, so that REST writes and in-process writes (the
   * pipeline) are both covered.
   */
  @Bean
  public CodingEnrichmentInterceptor codingEnrichmentInterceptor(
      IInterceptorService interceptorService,
      ConceptTranslator translator,
      UnmappedCodeRecorder recorder,
      GatewayTerminologyProperties props) {
    CodingEnrichmentInterceptor interceptor =
        new CodingEnrichmentInterceptor(new CodingEnricher(translator), recorder);
    if (props.enrichment().enabled()) {
      interceptorService.registerInterceptor(interceptor);
    } else {
      log.info("Terminology enrichment is off (gateway.terminology.enrichment.enabled=false)");
    }
    return interceptor;
  }
}
