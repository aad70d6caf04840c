package no.helsegateway.mappings.openehr.internal;

import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Resource;

/**
 * The discharge summary (FHIR Composition, LOINC 18842-5 or any document) to the patient summary
 * template. The sections that the template has a place for (diagnoses, medication, allergies/CAVE)
 * keep their narrative there; every other section is kept, title first, in the clinical impression,
 * so no text of the document is lost.
 */
public final class DischargeSummaryBuilder implements CompositionBuilder {

  private static final Set<String> PROBLEM_CODES = Set.of("11535-2", "11450-4", "29548-5");
  private static final Set<String> MEDICATION_CODES = Set.of("10183-2", "10160-0");
  private static final Set<String> ALLERGY_CODES = Set.of("48765-2", "CAVE");

  @Override
  public String id() {
    return "discharge-summary";
  }

  @Override
  public Optional<FlatComposition> build(Resource resource, FlatComposition flat) {
    Composition document = (Composition) resource;
    if (document.getStatus() == Composition.CompositionStatus.ENTEREDINERROR) {
      return Optional.empty();
    }
    StringBuilder impression = new StringBuilder();
    for (Composition.SectionComponent section : document.getSection()) {
      String text = Narrative.text(section.getText());
      if (text.isEmpty()) {
        continue;
      }
      String title = section.hasTitle() ? section.getTitle() : "";
      if (has(section, PROBLEM_CODES) && !flat.values().containsKey(key(flat, "problem"))) {
        flat.text("problem_list/problem_diagnosis/problem_diagnosis_name", text);
      } else if (has(section, MEDICATION_CODES)
          && !flat.values().containsKey(key(flat, "medication"))) {
        flat.text("medication_summary/medication_statement/medication_item", title);
        flat.text("medication_summary/medication_statement/dosage/dose_description", text);
        flat.put(
            "medication_summary/medication_statement/ism_transition/current_state|code", "245");
        flat.put(
            "medication_summary/medication_statement/ism_transition/current_state|value", "active");
        flat.put(
            "medication_summary/medication_statement/ism_transition/current_state|terminology",
            "openehr");
        flat.put(
            "medication_summary/medication_statement/ism_transition/careflow_step|code", "at0006");
        flat.put(
            "medication_summary/medication_statement/ism_transition/careflow_step|value",
            "Dose administered");
        flat.dateTime("medication_summary/medication_statement/time", document.getDateElement());
      } else if (has(section, ALLERGY_CODES) && !flat.values().containsKey(key(flat, "allergy"))) {
        flat.text("allergies_intolerances/allergy_intolerance/substance", text);
        flat.text("allergies_intolerances/allergy_intolerance/comment", title);
      } else {
        impression.append(title).append(": ").append(text).append("\n\n");
      }
    }
    flat.text("functional_status/clinical_impression/impression", impression.toString().trim());
    flat.startTime(document.getDateElement());
    if (flat.isEmpty()) {
      return Optional.empty();
    }
    IpsSections.fillAbsent(flat);
    return flat.isEmpty() ? Optional.empty() : Optional.of(flat);
  }

  private static String key(FlatComposition flat, String kind) {
    return flat.root()
        + switch (kind) {
          case "problem" -> "/problem_list/problem_diagnosis/problem_diagnosis_name";
          case "medication" -> "/medication_summary/medication_statement/medication_item";
          default -> "/allergies_intolerances/allergy_intolerance/substance";
        };
  }

  private static boolean has(Composition.SectionComponent section, Set<String> codes) {
    return section.getCode().getCoding().stream().anyMatch(c -> codes.contains(c.getCode()));
  }
}
