package no.helsegateway.server.terminology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import no.helsegateway.terminology.CodeSystems;
import no.helsegateway.terminology.ConceptTranslator;
import no.helsegateway.terminology.TerminologyLoader;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.Test;

class CodingEnricherTest {

  private static final ConceptTranslator TRANSLATOR = TerminologyLoader.loadTestData();
  private final CodingEnricher enricher = new CodingEnricher(TRANSLATOR);

  @Test
  void anIcd10CodingGetsItsSnomedCodingAppendedAndTheOriginalIsUntouched() {
    Coding original = new Coding(CodeSystems.ICD10_NO, "N979", "Infertilitet hos kvinne");
    CodeableConcept cc = new CodeableConcept().addCoding(original).setText("infertilitet");

    List<CodingEnricher.Unmapped> unmapped = enricher.enrich(cc);

    assertThat(unmapped).isEmpty();
    assertThat(cc.getCoding()).hasSize(2);
    assertThat(cc.getCoding().get(0)).isSameAs(original);
    assertThat(original.getCode()).isEqualTo("N979");
    assertThat(original.getDisplay()).isEqualTo("Infertilitet hos kvinne");
    assertThat(original.hasExtension()).isFalse();
    assertThat(cc.getText()).isEqualTo("infertilitet");
    Coding derived = cc.getCoding().get(1);
    assertThat(derived.getSystem()).isEqualTo(CodeSystems.SNOMED_CT);
    assertThat(derived.getCode()).isEqualTo("6738008");
    assertThat(derived.getUserSelected()).isFalse();
    assertThat(CodingEnricher.isDerived(derived)).isTrue();
    var ext = derived.getExtensionByUrl(CodingEnricher.DERIVED_CODING);
    assertThat(ext.getExtensionByUrl("map").getValue().primitiveValue())
        .isEqualTo("urn:helsegateway:conceptmap:icd10no-to-snomed-candidates-test");
    assertThat(ext.getExtensionByUrl("mapVersion").getValue().primitiveValue())
        .isEqualTo("test-2025");
    assertThat(ext.getExtensionByUrl("equivalence").getValue().primitiveValue())
        .isEqualTo("relatedto");
    assertThat(ext.getExtensionByUrl("authoritative").getValue().primitiveValue())
        .isEqualTo("false");
  }

  @Test
  void aSnomedCodingGetsItsIcd10Coding() {
    CodeableConcept cc =
        new CodeableConcept().addCoding(new Coding(CodeSystems.SNOMED_CT, "6738008", null));
    assertThat(enricher.enrich(cc)).isEmpty();
    assertThat(cc.getCoding()).hasSize(2);
    assertThat(cc.getCoding().get(1).getSystem()).isEqualTo(CodeSystems.ICD10_NO);
    assertThat(cc.getCoding().get(1).getCode()).isEqualTo("N97.9");
    assertThat(
            cc.getCoding()
                .get(1)
                .getExtensionByUrl(CodingEnricher.DERIVED_CODING)
                .getExtensionByUrl("map")
                .getValue()
                .primitiveValue())
        .contains("447562003");
  }

  @Test
  void enrichingTwiceAddsNothingAndDerivedCodingsAreNotTranslatedAgain() {
    CodeableConcept cc =
        new CodeableConcept().addCoding(new Coding(CodeSystems.ICD10_NO, "N97.9", null));
    enricher.enrich(cc);
    enricher.enrich(cc);
    assertThat(cc.getCoding()).hasSize(2);
  }

  @Test
  void anExistingTargetCodingIsNotDuplicated() {
    CodeableConcept cc =
        new CodeableConcept()
            .addCoding(new Coding(CodeSystems.SNOMED_CT, "6738008", null))
            .addCoding(new Coding(CodeSystems.ICD10_WHO, "N979", null));
    enricher.enrich(cc);
    assertThat(cc.getCoding()).hasSize(2);
    assertThat(cc.getCoding().stream().noneMatch(CodingEnricher::isDerived)).isTrue();
  }

  @Test
  void unmappedCodesAreReportedNormalisedAndOtherSystemsIgnored() {
    CodeableConcept cc =
        new CodeableConcept()
            .addCoding(new Coding(CodeSystems.ICD10_NO, "r51", null))
            .addCoding(new Coding("http://loinc.org", "1-8", null))
            .addCoding(new Coding(null, "X", null));
    List<CodingEnricher.Unmapped> unmapped = enricher.enrich(cc);
    assertThat(unmapped).containsExactly(new CodingEnricher.Unmapped(CodeSystems.ICD10_NO, "R51"));
    assertThat(cc.getCoding()).hasSize(3);
  }
}
