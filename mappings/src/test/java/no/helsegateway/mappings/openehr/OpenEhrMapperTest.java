package no.helsegateway.mappings.openehr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
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
  void valueOutsideTheArchetypesRangeIsAPermanentFailureWithTheValidatorsReason() {
    Observation pulse = new Observation();
    pulse.setStatus(Observation.ObservationStatus.FINAL);
    pulse.setCode(new CodeableConcept(new Coding("http://loinc.org", "8867-4", "Heart rate")));
    pulse.setValue(new Quantity(-5));
    pulse.setEffective(new DateTimeType("2026-03-02T08:15:00+01:00"));
    assertThatThrownBy(() -> MAPPER.map(pulse))
        .isInstanceOf(OpenEhrMappingException.class)
        .hasMessageContaining("EREACT - Deterioriation assessment.v0")
        .satisfies(e -> assertThat(((OpenEhrMappingException) e).violations()).isNotEmpty());
  }

  @Test
  void medicationByReferenceIsNotMirroredYet() {
    org.hl7.fhir.r4.model.MedicationStatement statement =
        new org.hl7.fhir.r4.model.MedicationStatement();
    statement.setStatus(org.hl7.fhir.r4.model.MedicationStatement.MedicationStatementStatus.ACTIVE);
    statement.setMedication(new org.hl7.fhir.r4.model.Reference("Medication/m1"));
    statement.setDateAssertedElement(new DateTimeType("2026-03-02T10:00:00+01:00"));
    assertThat(MAPPER.map(statement)).isEmpty();
  }
}
