package no.helsegateway.terminology;

import static no.helsegateway.terminology.TestData.embedded;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** System aliases, code normalisation, look-up and validation on the shipped code lists. */
class CodeSystemsAndLookupTest {

  @ParameterizedTest
  @CsvSource({"I219,I21.9", "i21.9,I21.9", "' F40.2 ',F40.2", "N46,N46", "J17.2*,J17.2"})
  void icd10CodesAreNormalisedToTheDottedForm(String raw, String expected) {
    assertThat(CodeSystems.normaliseCode(CodeSystems.ICD10_NO, raw)).isEqualTo(expected);
  }

  @Test
  void icpc2UrisAreAliases() {
    assertThat(CodeSystems.canonical(CodeSystems.ICPC2_HL7)).isEqualTo(CodeSystems.ICPC2_NO);
    assertThat(embedded().lookup(CodeSystems.ICPC2_HL7, "k75"))
        .contains(new Concept(CodeSystems.ICPC2_NO, "K75", "Acute myocardial infarction"));
  }

  @Test
  void snomedEditionUriIsSnomed() {
    assertThat(CodeSystems.canonical("http://snomed.info/sct/51000202101/version/20240415"))
        .isEqualTo(CodeSystems.SNOMED_CT);
  }

  @Test
  void icd10LookupWithAndWithoutDot() {
    Concept expected = new Concept(CodeSystems.ICD10_NO, "F40.2", "Spesifikke (isolerte) fobier");
    assertThat(embedded().lookup(CodeSystems.ICD10_NO, "F402")).contains(expected);
    assertThat(embedded().lookup(CodeSystems.ICD10_NO, "F40.2")).contains(expected);
    assertThat(embedded().lookup(CodeSystems.ICD10_NO, "F40.9")).isEmpty();
  }

  @Test
  void snomedDisplayPrefersNorwegianTermThenFsn() {
    assertThat(embedded().lookup(CodeSystems.SNOMED_CT, "276241001"))
        .map(Concept::display)
        .contains("frykt for høyder");
    assertThat(embedded().lookup(CodeSystems.SNOMED_CT, "404684003"))
        .map(Concept::display)
        .contains("Clinical finding (finding)");
  }

  @Test
  void validateCodeChecksExistenceAndDisplay() {
    assertThat(embedded().validateCode(CodeSystems.SNOMED_CT, "32398004", null).valid()).isTrue();
    assertThat(
            embedded()
                .validateCode(CodeSystems.SNOMED_CT, "276241001", "Fear of heights (finding)")
                .valid())
        .isTrue();
    CodeValidation wrongDisplay =
        embedded().validateCode(CodeSystems.ICD10_NO, "N46", "Female infertility");
    assertThat(wrongDisplay.valid()).isFalse();
    assertThat(wrongDisplay.display()).isEqualTo("Male infertility");
    assertThat(wrongDisplay.message()).contains("display term is not recognised");
    CodeValidation unknown = embedded().validateCode(CodeSystems.SNOMED_CT, "1", null);
    assertThat(unknown.valid()).isFalse();
    assertThat(unknown.message()).contains("not found");
    assertThat(embedded().validateCode("http://loinc.org", "1-8", null).message())
        .contains("not supported");
  }
}
