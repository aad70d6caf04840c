package no.helsegateway.terminology;

import static no.helsegateway.terminology.TestData.embedded;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** ICPC-2 to ICD-10 and ICD-10 to SNOMED CT from CSV tables. */
class CsvMapTranslationTest {

  @Test
  void icpc2ToIcd10ViaEitherIcpcUri() {
    TranslationOutcome outcome =
        embedded()
            .translateWithDetails(
                new TranslationRequest(CodeSystems.ICPC2_HL7, "R96", CodeSystems.ICD10_NO, null));
    assertThat(outcome.translations())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.target())
                  .isEqualTo(new Concept(CodeSystems.ICD10_NO, "J45.9", "Asthma, unspecified"));
              assertThat(t.mapId()).isEqualTo("urn:helsegateway:conceptmap:icpc2-to-icd10no-test");
              assertThat(t.mapVersion()).isEqualTo("test-2025");
              assertThat(t.equivalence()).isEqualTo("relatedto");
              assertThat(t.authoritative()).isTrue();
            });
  }

  @Test
  void icd10ToSnomedIsACandidateLookupFlaggedNonAuthoritative() {
    TranslationOutcome outcome =
        embedded()
            .translateWithDetails(
                new TranslationRequest(CodeSystems.ICD10_NO, "F402", CodeSystems.SNOMED_CT, null));
    assertThat(outcome.translations())
        .singleElement()
        .satisfies(t -> assertThat(t.target().code()).isEqualTo("276241001"))
        .satisfies(t -> assertThat(t.authoritative()).isFalse());
    assertThat(outcome.notes()).anyMatch(n -> n.contains("not authoritative"));
  }

  @Test
  void unknownPairIsUnmapped() {
    TranslationOutcome outcome =
        embedded()
            .translateWithDetails(
                new TranslationRequest(CodeSystems.ICPC2_NO, "Z99", CodeSystems.ICD10_NO, null));
    assertThat(outcome.mapFound()).isFalse();
  }
}
