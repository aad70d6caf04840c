package no.helsegateway.mappings.openehr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.Test;

class OpenEhrMapperTest {

  static final OpenEhrMapper MAPPER = new OpenEhrMapper();

  @Test
  void registryIsData() {
    assertThat(MAPPER.handles("Observation")).isTrue();
    assertThat(MAPPER.handles("MedicationDispense")).isTrue();
    assertThat(MAPPER.handles("Patient")).isFalse();
    assertThat(MAPPER.map(new Patient())).isEmpty();
  }

  @Test
  void observationThatIsNoVitalSignIsNotMirrored() {
    Observation lab = new Observation();
    lab.setStatus(Observation.ObservationStatus.FINAL);
    lab.setCode(new CodeableConcept(new Coding("http://loinc.org", "1988-5", "CRP")));
    lab.setValue(new Quantity(4));
    assertThat(MAPPER.map(lab)).isEmpty();
  }

  @Test
  void missingMandatoryElementIsAPermanentFailureWithTheValidatorsReason() {
    // last_updated is mandatory in adverse_reaction_risk; no recorded date and no meta.lastUpdated
    AllergyIntolerance allergy = new AllergyIntolerance();
    allergy.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "387406002", null)));
    allergy.setOnset(new org.hl7.fhir.r4.model.DateTimeType("2020-01-01"));
    assertThatThrownBy(() -> MAPPER.map(allergy))
        .isInstanceOf(OpenEhrMappingException.class)
        .hasMessageContaining("Adverse Reaction List.v1");
  }
}
