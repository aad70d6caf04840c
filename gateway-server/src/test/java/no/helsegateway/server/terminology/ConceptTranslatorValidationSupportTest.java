package no.helsegateway.server.terminology;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.ConceptValidationOptions;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.LookupCodeRequest;
import ca.uhn.fhir.context.support.TranslateConceptResults;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import java.util.List;
import java.util.Map;
import no.helsegateway.terminology.CodeSystems;
import no.helsegateway.terminology.TerminologyLoader;
import org.hl7.fhir.instance.model.api.IBaseCoding;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.Test;

class ConceptTranslatorValidationSupportTest {

  private static final FhirContext CTX = FhirContext.forR4Cached();
  private final ConceptTranslatorValidationSupport support =
      new ConceptTranslatorValidationSupport(
          CTX, TerminologyLoader.loadTestData(), Map.of(CodeSystems.ICD10_NO, "test-2025"));
  private final ValidationSupportContext context = new ValidationSupportContext(support);

  @Test
  void supportsTheGatewaysCodeSystemsOnly() {
    assertThat(support.isCodeSystemSupported(context, CodeSystems.ICD10_NO)).isTrue();
    assertThat(support.isCodeSystemSupported(context, CodeSystems.ICD10_WHO)).isTrue();
    assertThat(support.isCodeSystemSupported(context, CodeSystems.ICPC2_HL7)).isTrue();
    assertThat(support.isCodeSystemSupported(context, "http://snomed.info/sct/51000202101"))
        .isTrue();
    assertThat(support.isCodeSystemSupported(context, "http://loinc.org")).isFalse();
  }

  @Test
  void validatesCodesAndDisplays() {
    IValidationSupport.CodeValidationResult ok =
        support.validateCode(
            context, new ConceptValidationOptions(), CodeSystems.ICD10_NO, "N979", null, null);
    assertThat(ok.isOk()).isTrue();
    assertThat(ok.getCode()).isEqualTo("N97.9");
    assertThat(ok.getDisplay()).isEqualTo("Female infertility, unspecified");
    assertThat(ok.getCodeSystemVersion()).isEqualTo("test-2025");

    IValidationSupport.CodeValidationResult unknown =
        support.validateCode(
            context, new ConceptValidationOptions(), CodeSystems.ICD10_NO, "Q99.99", null, null);
    assertThat(unknown.isOk()).isFalse();
    assertThat(unknown.getSeverity()).isEqualTo(IValidationSupport.IssueSeverity.ERROR);

    IValidationSupport.CodeValidationResult wrongDisplay =
        support.validateCode(
            context,
            new ConceptValidationOptions(),
            CodeSystems.SNOMED_CT,
            "6738008",
            "Something else",
            CodeSystems.SNOMED_CT + "?fhir_vs");
    assertThat(wrongDisplay.isOk()).isFalse();
    assertThat(wrongDisplay.getMessage()).contains("display");
  }

  @Test
  void leavesOtherSystemsAndRealValueSetsToTheNextModule() {
    assertThat(
            support.validateCode(
                context, new ConceptValidationOptions(), "http://loinc.org", "1-8", null, null))
        .isNull();
    assertThat(
            support.validateCode(
                context,
                new ConceptValidationOptions(),
                CodeSystems.ICD10_NO,
                "N97.9",
                null,
                "http://example.org/ValueSet/diagnoses"))
        .isNull();
    assertThat(support.lookupCode(context, new LookupCodeRequest("http://loinc.org", "1-8")))
        .isNull();
  }

  @Test
  void looksUpCodes() {
    IValidationSupport.LookupCodeResult found =
        support.lookupCode(context, new LookupCodeRequest(CodeSystems.ICD10_NO, "N97.9"));
    assertThat(found.isFound()).isTrue();
    assertThat(found.getCodeDisplay()).isEqualTo("Female infertility, unspecified");
    assertThat(found.getCodeSystemDisplayName()).contains("ICD-10");
    assertThat(
            support
                .lookupCode(context, new LookupCodeRequest(CodeSystems.SNOMED_CT, "1"))
                .isFound())
        .isFalse();
  }

  @Test
  void translatesBothWays() {
    TranslateConceptResults toIcd =
        support.translateConcept(
            new IValidationSupport.TranslateCodeRequest(
                List.<IBaseCoding>of(new Coding(CodeSystems.SNOMED_CT, "6738008", null)),
                CodeSystems.ICD10_NO));
    assertThat(toIcd.getResult()).isTrue();
    assertThat(toIcd.getResults().get(0).getCode()).isEqualTo("N97.9");

    TranslateConceptResults toSnomed =
        support.translateConcept(
            new IValidationSupport.TranslateCodeRequest(
                List.<IBaseCoding>of(new Coding(CodeSystems.ICD10_NO, "N97.9", null)), null));
    assertThat(toSnomed.getResults()).extracting(r -> r.getCode()).contains("6738008");

    assertThat(
            support.translateConcept(
                new IValidationSupport.TranslateCodeRequest(
                    List.<IBaseCoding>of(new Coding("http://loinc.org", "1-8", null)), null)))
        .isNull();
  }
}
