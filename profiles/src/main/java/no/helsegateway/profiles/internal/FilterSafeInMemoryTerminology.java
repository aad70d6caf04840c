package no.helsegateway.profiles.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.ConceptValidationOptions;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI's in-memory terminology, minus one defect: a value set that includes a code system by filter
 * (R4 {@code doc-typecodes}: LOINC codes where {@code SCALE_TYP = DOC}) makes its expansion throw a
 * {@link NullPointerException} when that code system is not loaded. The validator then reports the
 * Java exception's text as a warning on every such CodeableConcept, and because nothing is
 * returned, the chain's cache keeps nothing and the expansion is tried again for every resource.
 * Here that case answers "no answer from this support": the chain goes on to the next support (for
 * a code system we do not hold, the unknown-code-system warning), and caches that.
 */
final class FilterSafeInMemoryTerminology extends InMemoryTerminologyServerValidationSupport {

  FilterSafeInMemoryTerminology(FhirContext ctx) {
    super(ctx);
  }

  @Override
  public CodeValidationResult validateCodeInValueSet(
      ValidationSupportContext context,
      ConceptValidationOptions options,
      String codeSystem,
      String code,
      String display,
      IBaseResource valueSet) {
    try {
      return super.validateCodeInValueSet(context, options, codeSystem, code, display, valueSet);
    } catch (NullPointerException filterOverAbsentCodeSystem) {
      return null;
    }
  }
}
