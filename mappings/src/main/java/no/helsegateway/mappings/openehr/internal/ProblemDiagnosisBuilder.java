package no.helsegateway.mappings.openehr.internal;

import java.util.Optional;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Resource;

/**
 * Condition to a problem/diagnosis entry (EVALUATION.problem_diagnosis.v1) of the problem list
 * template.
 */
public final class ProblemDiagnosisBuilder implements CompositionBuilder {

  static final String ENTRY = "problems_and_issues:0/problem_diagnosis:0/";

  @Override
  public String id() {
    return "problem-diagnosis";
  }

  @Override
  public Optional<FlatComposition> build(Resource resource, FlatComposition flat) {
    Condition condition = (Condition) resource;
    if (!flat.coded(ENTRY + "problem_diagnosis_name", condition.getCode())) {
      return Optional.empty();
    }
    StringBuilder description = new StringBuilder();
    condition.getCategory().stream()
        .filter(c -> c.hasText())
        .forEach(c -> description.append(c.getText()).append(". "));
    for (Annotation note : condition.getNote()) {
      description.append(note.getText()).append(' ');
    }
    flat.text(ENTRY + "clinical_description", description.toString().trim());
    if (condition.hasOnsetDateTimeType()) {
      flat.dateTime(ENTRY + "date_time_of_onset", condition.getOnsetDateTimeType());
    }
    flat.dateTime(ENTRY + "date_time_clinically_recognised", condition.getRecordedDateElement());
    // composition time: when it was recorded, else its onset
    if (condition.hasOnsetDateTimeType()) {
      flat.startTime(condition.getOnsetDateTimeType());
    }
    flat.startTime(condition.getRecordedDateElement());
    return Optional.of(flat);
  }
}
