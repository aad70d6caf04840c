package no.helsegateway.server.terminology;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.ConceptValidationOptions;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.LookupCodeRequest;
import ca.uhn.fhir.context.support.TranslateConceptResult;
import ca.uhn.fhir.context.support.TranslateConceptResults;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.helsegateway.server.terminology.internal.KnownCodeSystems;
import no.helsegateway.terminology.CodeSystems;
import no.helsegateway.terminology.CodeValidation;
import no.helsegateway.terminology.Concept;
import no.helsegateway.terminology.ConceptTranslator;
import no.helsegateway.terminology.Translation;
import no.helsegateway.terminology.TranslationRequest;
import org.hl7.fhir.instance.model.api.IBaseCoding;

/**
 * HAPI validation support over the gateway's {@link ConceptTranslator}: code validation, look-up
 * and translation for ICD-10 (Norwegian edition and WHO URI), ICPC-2 and SNOMED CT, locally first
 * and through Snowstorm when the translator is configured so. Put it in front of a validation chain
 * (for the profile validator: {@code GatewayProfiles...withAdditionalSupport(this)}).
 *
 * <p>It answers only for those code systems, and for value sets only when the value set is the
 * implicit "all codes" set of such a system (or no value set is named); everything else returns
 * null so that the next module of the chain answers.
 */
public final class ConceptTranslatorValidationSupport implements IValidationSupport {

  private final FhirContext fhirContext;
  private final ConceptTranslator translator;
  private final Map<String, String> versions;

  public ConceptTranslatorValidationSupport(
      FhirContext fhirContext, ConceptTranslator translator, Map<String, String> versions) {
    this.fhirContext = fhirContext;
    this.translator = translator;
    this.versions = Map.copyOf(versions);
  }

  @Override
  public FhirContext getFhirContext() {
    return fhirContext;
  }

  @Override
  public String getName() {
    return "Gateway terminology (" + getClass().getSimpleName() + ")";
  }

  @Override
  public boolean isCodeSystemSupported(ValidationSupportContext context, String system) {
    return KnownCodeSystems.supported(system);
  }

  @Override
  public CodeValidationResult validateCode(
      ValidationSupportContext context,
      ConceptValidationOptions options,
      String system,
      String code,
      String display,
      String valueSetUrl) {
    if (code == null || !KnownCodeSystems.supported(system)) {
      return null;
    }
    if (valueSetUrl != null
        && !CodeSystems.canonical(system)
            .equals(KnownCodeSystems.implicitValueSetSystem(valueSetUrl))) {
      return null; // a real value set: membership is for the next module
    }
    CodeValidation v = translator.validateCode(system, code, display);
    CodeValidationResult result =
        new CodeValidationResult()
            .setDisplay(v.display())
            .setCodeSystemName(KnownCodeSystems.name(system))
            .setCodeSystemVersion(KnownCodeSystems.version(versions, system))
            .setMessage(v.message());
    if (v.valid()) {
      // HAPI reads a result with a code as valid, one without as invalid.
      result.setCode(CodeSystems.normaliseCode(system, code));
    } else {
      result.setSeverity(IssueSeverity.ERROR);
    }
    if (v.valid() && v.message() != null) {
      result.setSeverity(IssueSeverity.WARNING);
    }
    return result;
  }

  @Override
  public LookupCodeResult lookupCode(ValidationSupportContext context, LookupCodeRequest request) {
    if (request.getCode() == null || !KnownCodeSystems.supported(request.getSystem())) {
      return null;
    }
    Optional<Concept> concept = translator.lookup(request.getSystem(), request.getCode());
    if (concept.isEmpty()) {
      return LookupCodeResult.notFound(request.getSystem(), request.getCode());
    }
    LookupCodeResult result = new LookupCodeResult();
    result.setFound(true);
    result.setSearchedForSystem(request.getSystem());
    result.setSearchedForCode(request.getCode());
    result.setCodeDisplay(concept.get().display());
    result.setCodeSystemDisplayName(KnownCodeSystems.name(request.getSystem()));
    result.setCodeSystemVersion(KnownCodeSystems.version(versions, request.getSystem()));
    return result;
  }

  @Override
  public TranslateConceptResults translateConcept(TranslateCodeRequest request) {
    if (request.getCodings().stream().noneMatch(c -> KnownCodeSystems.supported(c.getSystem()))) {
      return null; // not ours: the next module of the chain answers
    }
    TranslateConceptResults results = new TranslateConceptResults();
    List<TranslateConceptResult> found = new ArrayList<>();
    for (IBaseCoding coding : request.getCodings()) {
      if (coding.getCode() == null || !KnownCodeSystems.supported(coding.getSystem())) {
        continue;
      }
      List<String> targets =
          request.getTargetSystemUrl() != null
              ? List.of(request.getTargetSystemUrl())
              : KnownCodeSystems.defaultTargets(coding.getSystem());
      for (String target : targets) {
        for (Translation t :
            translator.translate(
                new TranslationRequest(coding.getSystem(), coding.getCode(), target, null))) {
          if (request.getConceptMapUrl() != null && !request.getConceptMapUrl().equals(t.mapId())) {
            continue;
          }
          found.add(
              new TranslateConceptResult()
                  .setSystem(t.target().system())
                  .setCode(t.target().code())
                  .setDisplay(t.target().display())
                  .setEquivalence(t.equivalence())
                  .setConceptMapUrl(t.mapId()));
        }
      }
    }
    results.setResults(found);
    results.setResult(!found.isEmpty());
    return results;
  }
}
