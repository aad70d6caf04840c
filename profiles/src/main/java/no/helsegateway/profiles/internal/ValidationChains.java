package no.helsegateway.profiles.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** Builds the local-only validation support chain. */
public final class ValidationChains {

  private ValidationChains() {}

  /**
   * A chain of: the supports in {@code front} (e.g. a terminology module), the core R4 definitions,
   * the given conformance resources (no-basis and ours), in-memory terminology, common code
   * systems, snapshot generation and, last, a warning (not an error) for code systems we do not
   * hold (Volven OIDs, SNOMED CT, ICD-10 when no terminology module is in front). The chain caches
   * lookups (HAPI's built-in cache). No support makes network calls.
   */
  public static ValidationSupportChain build(
      FhirContext ctx, List<IValidationSupport> front, List<IBaseResource> conformance) {
    PrePopulatedValidationSupport packages = new PrePopulatedValidationSupport(ctx);
    for (IBaseResource r : conformance) {
      String type = ctx.getResourceType(r);
      if (type.equals("StructureDefinition")
          || type.equals("ValueSet")
          || type.equals("CodeSystem")
          || type.equals("SearchParameter")) {
        packages.addResource(r);
      }
    }
    UnknownCodeSystemWarningValidationSupport unknownCodeSystems =
        new UnknownCodeSystemWarningValidationSupport(ctx);
    unknownCodeSystems.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);

    List<IValidationSupport> supports = new ArrayList<>(front);
    supports.add(new DefaultProfileValidationSupport(ctx));
    supports.add(packages);
    supports.add(new CommonCodeSystemsTerminologyService(ctx));
    supports.add(new FilterSafeInMemoryTerminology(ctx));
    supports.add(new SnapshotGeneratingValidationSupport(ctx));
    supports.add(unknownCodeSystems);
    ValidationSupportChain chain =
        new ValidationSupportChain(
            ValidationSupportChain.CacheConfiguration.defaultValues(), supports);
    // FHIR R4 terminologies.html#strength: a CodeableConcept meets a required binding when ONE of
    // its codings is in the value set. HAPI's default (hapifhir/hapi-fhir#8345) demands that EVERY
    // coding is, so a 9602 "A03-2" next to a LOINC translation failed
    // no-basis-documentreference-type.
    chain.setCodeableConceptValidationSuccessfulIfNotAllCodingsAreValid(true);
    return chain;
  }
}
