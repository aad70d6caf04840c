package no.helsegateway.server.terminology.internal;

import java.util.ArrayList;
import java.util.List;
import no.helsegateway.terminology.CodeSystems;
import no.helsegateway.terminology.ConceptTranslator;
import no.helsegateway.terminology.Translation;
import no.helsegateway.terminology.TranslationOutcome;
import no.helsegateway.terminology.TranslationRequest;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;

/**
 * Adds the other code system's coding to a coded diagnosis: an ICD-10 coding gets its SNOMED CT
 * coding(s) when a map has them, a SNOMED CT coding its ICD-10 (Norwegian edition) coding(s). An
 * added coding carries the {@link #DERIVED_CODING} extension (map, version, equivalence,
 * authoritative) and {@code userSelected=false}. Existing codings are never changed or reordered, a
 * coding already present is not added again (so an update does not duplicate), and derived codings
 * are not translated again.
 */
public final class CodingEnricher {

  /** Marks a coding added by the gateway. */
  public static final String DERIVED_CODING =
      "http://helsegateway.no/fhir/StructureDefinition/derived-coding";

  private final ConceptTranslator translator;

  public CodingEnricher(ConceptTranslator translator) {
    this.translator = translator;
  }

  /** A source coding with no map: to be recorded in the unmapped-code report. */
  public record Unmapped(String system, String code) {}

  /**
   * Enriches one CodeableConcept in place.
   *
   * @return the codings that no map has
   */
  public List<Unmapped> enrich(CodeableConcept concept) {
    if (concept == null || concept.getCoding().isEmpty()) {
      return List.of();
    }
    List<Coding> originals = List.copyOf(concept.getCoding());
    List<Unmapped> unmapped = new ArrayList<>();
    for (Coding coding : originals) {
      if (!coding.hasSystem() || !coding.hasCode() || isDerived(coding)) {
        continue;
      }
      String target = targetFor(coding.getSystem());
      if (target == null) {
        continue;
      }
      TranslationOutcome outcome =
          translator.translateWithDetails(
              new TranslationRequest(coding.getSystem(), coding.getCode(), target, null));
      if (!outcome.mapFound()) {
        unmapped.add(
            new Unmapped(
                CodeSystems.canonical(coding.getSystem()),
                CodeSystems.normaliseCode(coding.getSystem(), coding.getCode())));
        continue;
      }
      for (Translation t : outcome.translations()) {
        if (!present(concept, t.target().system(), t.target().code())) {
          concept.addCoding(derived(t));
        }
      }
    }
    return unmapped;
  }

  /** ICD-10 goes to SNOMED CT and SNOMED CT to ICD-10 (Norwegian edition); others are left. */
  static String targetFor(String system) {
    if (CodeSystems.isIcd10(system)) {
      return CodeSystems.SNOMED_CT;
    }
    if (CodeSystems.SNOMED_CT.equals(CodeSystems.canonical(system))) {
      return CodeSystems.ICD10_NO;
    }
    return null;
  }

  public static boolean isDerived(Coding coding) {
    return coding.hasExtension(DERIVED_CODING);
  }

  private static boolean present(CodeableConcept concept, String system, String code) {
    String canonical = CodeSystems.canonical(system);
    String normalised = CodeSystems.normaliseCode(canonical, code);
    for (Coding c : concept.getCoding()) {
      if (c.hasSystem()
          && c.hasCode()
          && sameSystem(canonical, CodeSystems.canonical(c.getSystem()))
          && normalised.equals(CodeSystems.normaliseCode(canonical, c.getCode()))) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameSystem(String a, String b) {
    return a.equals(b) || (CodeSystems.isIcd10(a) && CodeSystems.isIcd10(b));
  }

  static Coding derived(Translation t) {
    Coding coding = new Coding(t.target().system(), t.target().code(), t.target().display());
    coding.setUserSelected(false);
    Extension ext = new Extension(DERIVED_CODING);
    ext.addExtension("map", new UriType(t.mapId()));
    if (t.mapVersion() != null) {
      ext.addExtension("mapVersion", new StringType(t.mapVersion()));
    }
    if (t.equivalence() != null) {
      ext.addExtension("equivalence", new CodeType(t.equivalence()));
    }
    ext.addExtension("authoritative", new BooleanType(t.authoritative()));
    coding.addExtension(ext);
    return coding;
  }
}
