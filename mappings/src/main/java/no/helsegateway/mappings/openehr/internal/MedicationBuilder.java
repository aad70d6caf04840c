package no.helsegateway.mappings.openehr.internal;

import java.util.Optional;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * MedicationStatement and MedicationDispense to the medication ACTION (ACTION.medication.v1) of the
 * patient summary template. The FHIR status gives the ISM state and careflow step ({@code
 * value-maps.csv}).
 */
public final class MedicationBuilder implements CompositionBuilder {

  static final String ENTRY = "medication_summary/medication_statement/";

  /**
   * The concept a logical reference names: its identifier (e.g. ATC, kodeverk 7180) as the coding,
   * its display as the text; null for a literal reference to a Medication resource.
   */
  static CodeableConcept logicalConcept(Reference reference) {
    if (reference.hasReference()) {
      return null;
    }
    CodeableConcept concept = new CodeableConcept();
    if (reference.hasIdentifier()
        && reference.getIdentifier().hasSystem()
        && reference.getIdentifier().hasValue()) {
      concept.addCoding(
          new Coding(
              reference.getIdentifier().getSystem(),
              reference.getIdentifier().getValue(),
              reference.getDisplay()));
    }
    if (reference.hasDisplay()) {
      concept.setText(reference.getDisplay());
    }
    return concept.isEmpty() ? null : concept;
  }

  @Override
  public String id() {
    return "medication";
  }

  @Override
  public Optional<FlatComposition> build(Resource resource, FlatComposition flat) {
    CodeableConcept medication;
    String status;
    BaseDateTimeType time;
    java.util.List<Dosage> dosage;
    if (resource instanceof MedicationStatement statement) {
      // a resolvable medicationReference (Medication resource) is not resolved here; a logical one
      // (the e-message mappings: ATC identifier and/or name) names the concept itself
      medication =
          statement.hasMedicationCodeableConcept()
              ? statement.getMedicationCodeableConcept()
              : statement.hasMedicationReference()
                  ? logicalConcept(statement.getMedicationReference())
                  : null;
      status = statement.hasStatus() ? statement.getStatus().toCode() : null;
      time =
          statement.hasEffectiveDateTimeType()
              ? statement.getEffectiveDateTimeType()
              : statement.hasEffectivePeriod()
                  ? statement.getEffectivePeriod().getStartElement()
                  : statement.getDateAssertedElement();
      dosage = statement.getDosage();
    } else {
      MedicationDispense dispense = (MedicationDispense) resource;
      medication =
          dispense.hasMedicationCodeableConcept() ? dispense.getMedicationCodeableConcept() : null;
      status = dispense.hasStatus() ? dispense.getStatus().toCode() : null;
      time =
          dispense.hasWhenHandedOver()
              ? dispense.getWhenHandedOverElement()
              : dispense.getWhenPreparedElement();
      dosage = dispense.getDosageInstruction();
    }
    if (!flat.coded(ENTRY + "medication_item", medication)) {
      return Optional.empty();
    }
    ValueMaps.LocalCode state =
        ValueMaps.lookup("medication-state", status)
            .orElse(new ValueMaps.LocalCode("245", "active"));
    ValueMaps.LocalCode step =
        ValueMaps.lookup("medication-careflow", status)
            .orElse(new ValueMaps.LocalCode("at0006", "Dose administered"));
    flat.openehr(ENTRY + "ism_transition/current_state", state);
    flat.local(ENTRY + "ism_transition/careflow_step", step);
    String doseText =
        dosage.stream()
            .filter(Dosage::hasText)
            .map(Dosage::getText)
            .collect(Collectors.joining("; "));
    flat.text(ENTRY + "dosage/dose_description", doseText);
    flat.dateTime(ENTRY + "time", time);
    flat.startTime(time);
    IpsSections.fillAbsent(flat);
    return Optional.of(flat);
  }
}
