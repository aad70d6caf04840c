package no.helsegateway.terminology.internal.snowstorm;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import no.helsegateway.terminology.CodeSystems;
import no.helsegateway.terminology.CodeValidation;
import no.helsegateway.terminology.Concept;
import no.helsegateway.terminology.ConceptTranslator;
import no.helsegateway.terminology.SnowstormConfig;
import no.helsegateway.terminology.Translation;
import no.helsegateway.terminology.TranslationOutcome;
import no.helsegateway.terminology.TranslationRequest;
import no.helsegateway.terminology.internal.map.ExtendedMapIndex;
import no.helsegateway.terminology.internal.map.ExtendedMapRow;
import no.helsegateway.terminology.internal.map.ExtendedMapTranslations;
import no.helsegateway.terminology.internal.map.MapRuleParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ConceptTranslator} on Snowstorm: SNOMED CT look-up and validation through the FHIR
 * operations {@code CodeSystem/$lookup} and {@code CodeSystem/$validate-code}; SNOMED CT to ICD-10
 * through the native members API (or {@code ConceptMap/$translate}), with module precedence and
 * rule evaluation done here, as Snowstorm does not evaluate rules. Other systems, and every call
 * Snowstorm cannot answer, go to the fallback. Logs never contain codes.
 */
public final class SnowstormConceptTranslator implements ConceptTranslator {

  public static final String NAME = "snowstorm";
  private static final Logger LOG = LoggerFactory.getLogger(SnowstormConceptTranslator.class);
  private static final String FHIR_JSON = "application/fhir+json";

  private final SnowstormConfig config;
  private final SnowstormHttp http;
  private final ConceptTranslator fallback;
  private final MemberRows memberRows = new MemberRows(new MapRuleParser());

  public SnowstormConceptTranslator(
      SnowstormConfig config, SnowstormHttp http, ConceptTranslator fallback) {
    this.config = config;
    this.http = http;
    this.fallback = fallback;
  }

  private static boolean isSnomed(String system) {
    return CodeSystems.SNOMED_CT.equals(CodeSystems.canonical(system));
  }

  private <T> T orFallback(String operation, Supplier<T> snowstorm, Supplier<T> embedded) {
    try {
      return snowstorm.get();
    } catch (SnowstormUnavailableException e) {
      LOG.warn("Snowstorm {} failed ({}); answering from fallback", operation, e.getMessage());
      return embedded.get();
    }
  }

  private URI fhir(String operation, Map<String, String> query) {
    return http.uri(config.fhirPath() + "/" + operation, query);
  }

  @Override
  public Optional<Concept> lookup(String system, String code) {
    if (!isSnomed(system)) {
      return fallback.lookup(system, code);
    }
    return orFallback(
        "$lookup", () -> snowstormLookup(code.trim()), () -> fallback.lookup(system, code));
  }

  private Optional<Concept> snowstormLookup(String code) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("system", CodeSystems.SNOMED_CT);
    q.put("code", code);
    q.put("version", config.snomedVersion());
    FhirParameters p = FhirParameters.of(http.getJson(fhir("CodeSystem/$lookup", q), FHIR_JSON));
    String display = p.text("display");
    if (display == null) {
      throw new SnowstormUnavailableException("$lookup answer without display", null);
    }
    return Optional.of(new Concept(CodeSystems.SNOMED_CT, code, display));
  }

  @Override
  public CodeValidation validateCode(String system, String code, String display) {
    if (!isSnomed(system)) {
      return fallback.validateCode(system, code, display);
    }
    return orFallback(
        "$validate-code",
        () -> snowstormValidate(code.trim(), display),
        () -> fallback.validateCode(system, code, display));
  }

  private CodeValidation snowstormValidate(String code, String display) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("url", CodeSystems.SNOMED_CT);
    q.put("code", code);
    q.put("display", display == null || display.isBlank() ? null : display);
    q.put("version", config.snomedVersion());
    FhirParameters p =
        FhirParameters.of(http.getJson(fhir("CodeSystem/$validate-code", q), FHIR_JSON));
    String result = p.text("result");
    if (result == null) {
      throw new SnowstormUnavailableException("$validate-code answer without result", null);
    }
    return new CodeValidation(Boolean.parseBoolean(result), p.text("display"), p.text("message"));
  }

  @Override
  public List<Translation> translate(TranslationRequest request) {
    return translateWithDetails(request).translations();
  }

  @Override
  public TranslationOutcome translateWithDetails(TranslationRequest request) {
    if (!isSnomed(request.system()) || !CodeSystems.isIcd10(request.targetSystem())) {
      return fallback.translateWithDetails(request);
    }
    String conceptId = request.code().trim();
    try {
      List<ExtendedMapRow> rows =
          config.translateMode() == SnowstormConfig.TranslateMode.MEMBERS
              ? membersOf(conceptId)
              : translateRows(conceptId);
      List<ExtendedMapRow> sorted =
          ExtendedMapIndex.build(rows, config.preferredModules()).rows(conceptId);
      String targetSystem = CodeSystems.canonical(request.targetSystem());
      return ExtendedMapTranslations.outcome(
          sorted,
          request,
          target -> fallback.lookup(targetSystem, target).map(Concept::display).orElse(null),
          NAME);
    } catch (SnowstormUnavailableException e) {
      LOG.warn("Snowstorm translate failed ({}); answering from fallback", e.getMessage());
      TranslationOutcome answer = fallback.translateWithDetails(request);
      return answer.withNote(
          "Snowstorm unavailable (" + e.getMessage() + "); answered by fallback.",
          answer.answeredBy() + " (fallback)");
    }
  }

  private List<ExtendedMapRow> membersOf(String conceptId) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("referenceSet", CodeSystems.ICD10_EXTENDED_MAP_REFSET);
    q.put("referencedComponentId", conceptId);
    q.put("active", "true");
    q.put("limit", "100");
    JsonNode page =
        http.getJson(http.uri("/" + config.branch() + "/members", q), "application/json");
    return memberRows.fromMembers(page, conceptId);
  }

  private List<ExtendedMapRow> translateRows(String conceptId) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("url", ExtendedMapTranslations.ICD10_MAP_ID);
    q.put("system", CodeSystems.SNOMED_CT);
    q.put("code", conceptId);
    q.put("version", config.snomedVersion());
    q.put("targetsystem", CodeSystems.ICD10_WHO);
    FhirParameters p = FhirParameters.of(http.getJson(fhir("ConceptMap/$translate", q), FHIR_JSON));
    if (!"true".equals(p.text("result"))) {
      return List.of();
    }
    return memberRows.fromTranslate(p, conceptId);
  }
}
