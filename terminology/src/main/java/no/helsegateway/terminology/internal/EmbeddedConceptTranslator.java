package no.helsegateway.terminology.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import no.helsegateway.terminology.CodeSystems;
import no.helsegateway.terminology.CodeValidation;
import no.helsegateway.terminology.Concept;
import no.helsegateway.terminology.ConceptTranslator;
import no.helsegateway.terminology.Translation;
import no.helsegateway.terminology.TranslationOutcome;
import no.helsegateway.terminology.TranslationRequest;
import no.helsegateway.terminology.internal.codesystem.CodeList;
import no.helsegateway.terminology.internal.map.CsvConceptMap;
import no.helsegateway.terminology.internal.map.CsvMapRow;
import no.helsegateway.terminology.internal.map.ExtendedMapRow;
import no.helsegateway.terminology.internal.map.ExtendedMapTranslations;
import no.helsegateway.terminology.internal.snomed.SnomedConcept;
import no.helsegateway.terminology.internal.snomed.SnomedData;

/**
 * The embedded translator: answers from immutable in-memory indexes loaded once, so it is
 * thread-safe without locks. SNOMED CT to ICD-10 goes through the RF2 extended map with rule
 * evaluation; other pairs through CSV maps.
 */
public final class EmbeddedConceptTranslator implements ConceptTranslator {

  public static final String NAME = "embedded";
  public static final String ICD10_MAP_ID = ExtendedMapTranslations.ICD10_MAP_ID;

  private final SnomedData snomed;
  private final Map<String, CodeList> codeLists;
  private final List<CsvConceptMap> csvMaps;

  public EmbeddedConceptTranslator(
      SnomedData snomed, List<CodeList> codeLists, List<CsvConceptMap> csvMaps) {
    this.snomed = snomed;
    Map<String, CodeList> bySystem = new java.util.HashMap<>();
    for (CodeList list : codeLists) {
      bySystem.put(list.system(), list);
    }
    this.codeLists = Map.copyOf(bySystem);
    this.csvMaps = List.copyOf(csvMaps);
  }

  @Override
  public Optional<Concept> lookup(String system, String code) {
    String canonical = CodeSystems.canonical(system);
    String normalised = CodeSystems.normaliseCode(canonical, code);
    if (CodeSystems.SNOMED_CT.equals(canonical)) {
      return snomed
          .concept(normalised)
          .map(c -> new Concept(CodeSystems.SNOMED_CT, c.conceptId(), c.display()));
    }
    return codeList(canonical)
        .flatMap(list -> list.display(normalised))
        .map(display -> new Concept(canonical, normalised, display));
  }

  private Optional<CodeList> codeList(String canonical) {
    CodeList list = codeLists.get(canonical);
    if (list == null && CodeSystems.ICD10_WHO.equals(canonical)) {
      list = codeLists.get(CodeSystems.ICD10_NO);
    }
    return Optional.ofNullable(list);
  }

  @Override
  public CodeValidation validateCode(String system, String code, String display) {
    String canonical = CodeSystems.canonical(system);
    if (!CodeSystems.SNOMED_CT.equals(canonical) && codeList(canonical).isEmpty()) {
      return new CodeValidation(false, null, "Code system not supported: " + system);
    }
    if (CodeSystems.SNOMED_CT.equals(canonical)) {
      Optional<SnomedConcept> concept = snomed.concept(CodeSystems.normaliseCode(canonical, code));
      if (concept.isEmpty()) {
        return notFound(code, system);
      }
      SnomedConcept c = concept.get();
      if (display != null
          && !display.isBlank()
          && !matchesAny(display, c.preferredTerm(), c.fsn())) {
        return new CodeValidation(
            false, c.display(), "Code exists, but the display term is not recognised.");
      }
      return new CodeValidation(true, c.display(), c.active() ? null : "Concept is inactive.");
    }
    Optional<Concept> found = lookup(canonical, code);
    if (found.isEmpty()) {
      return notFound(code, system);
    }
    String known = found.get().display();
    if (display != null && !display.isBlank() && !matchesAny(display, known)) {
      return new CodeValidation(
          false, known, "Code exists, but the display term is not recognised.");
    }
    return new CodeValidation(true, known, null);
  }

  private static CodeValidation notFound(String code, String system) {
    return new CodeValidation(
        false, null, "The code '" + code + "' was not found in code system " + system + ".");
  }

  private static boolean matchesAny(String display, String... known) {
    for (String k : known) {
      if (k != null && k.trim().equalsIgnoreCase(display.trim())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public List<Translation> translate(TranslationRequest request) {
    return translateWithDetails(request).translations();
  }

  @Override
  public TranslationOutcome translateWithDetails(TranslationRequest request) {
    String source = CodeSystems.canonical(request.system());
    String target = CodeSystems.canonical(request.targetSystem());
    String code = CodeSystems.normaliseCode(source, request.code());
    if (CodeSystems.SNOMED_CT.equals(source) && CodeSystems.isIcd10(target)) {
      return snomedToIcd10(code, request, snomed.icd10Map().rows(code), NAME);
    }
    for (CsvConceptMap map : csvMaps) {
      if (map.sourceSystem().equals(source) && sameTarget(map.targetSystem(), target)) {
        List<CsvMapRow> rows = map.rows(code);
        if (!rows.isEmpty()) {
          return csvOutcome(map, rows, request);
        }
      }
    }
    return TranslationOutcome.unmapped(NAME, List.of("No map has this code."));
  }

  private static boolean sameTarget(String mapTarget, String requested) {
    return mapTarget.equals(requested)
        || (CodeSystems.isIcd10(mapTarget) && CodeSystems.isIcd10(requested));
  }

  private TranslationOutcome csvOutcome(
      CsvConceptMap map, List<CsvMapRow> rows, TranslationRequest request) {
    String targetSystem = CodeSystems.canonical(request.targetSystem());
    List<Translation> translations = new ArrayList<>(rows.size());
    for (CsvMapRow row : rows) {
      String display =
          row.targetDisplay().isEmpty()
              ? lookup(targetSystem, row.targetCode()).map(Concept::display).orElse(null)
              : row.targetDisplay();
      translations.add(
          new Translation(
              new Concept(targetSystem, row.targetCode(), display),
              row.equivalence(),
              map.mapId(),
              map.mapVersion(),
              row.advice().isEmpty() ? null : row.advice(),
              null,
              null,
              null,
              null,
              Set.of(),
              map.authoritative()));
    }
    List<String> notes =
        map.authoritative()
            ? List.of()
            : List.of("Candidates from a reversed one-way map; not authoritative.");
    return new TranslationOutcome(translations, true, Set.of(), notes, NAME);
  }

  /**
   * Evaluates extended map rows for the request's patient; target displays come from the loaded
   * ICD-10 code list. Shared with the Snowstorm client, which reads the same rows from Snowstorm.
   */
  public TranslationOutcome snomedToIcd10(
      String conceptId, TranslationRequest request, List<ExtendedMapRow> rows, String answeredBy) {
    String targetSystem = CodeSystems.canonical(request.targetSystem());
    return ExtendedMapTranslations.outcome(
        rows,
        request,
        code -> lookup(targetSystem, code).map(Concept::display).orElse(null),
        answeredBy);
  }

  /** Sizes for load reports: SNOMED concepts, mapped concepts, code list sizes. */
  public Map<String, Integer> sizes() {
    Map<String, Integer> sizes = new java.util.LinkedHashMap<>();
    sizes.put("snomedConcepts", snomed.concepts().size());
    sizes.put("icd10MappedConcepts", snomed.icd10Map().conceptCount());
    codeLists.forEach((system, list) -> sizes.put(system, list.size()));
    for (CsvConceptMap map : csvMaps) {
      sizes.put(map.mapId(), map.rowsBySource().size());
    }
    return sizes;
  }

  public String snomedVersion() {
    return snomed.version();
  }
}
