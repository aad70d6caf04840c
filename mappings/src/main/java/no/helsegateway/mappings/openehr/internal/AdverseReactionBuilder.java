package no.helsegateway.mappings.openehr.internal;

import java.util.Optional;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Resource;

/** AllergyIntolerance to an adverse-reaction risk entry (EVALUATION.adverse_reaction_risk.v1). */
public final class AdverseReactionBuilder implements CompositionBuilder {

  private static final String ENTRY = "allergies_and_adverse_reactions/adverse_reaction_risk:0/";

  @Override
  public String id() {
    return "adverse-reaction";
  }

  @Override
  public Optional<FlatComposition> build(Resource resource, FlatComposition flat) {
    AllergyIntolerance allergy = (AllergyIntolerance) resource;
    if (!flat.coded(ENTRY + "causative_agent", allergy.getCode())) {
      return Optional.empty();
    }
    if (allergy.hasVerificationStatus()) {
      allergy.getVerificationStatus().getCoding().stream()
          .findFirst()
          .flatMap(c -> ValueMaps.lookup("allergy-verification", c.getCode()))
          .ifPresent(code -> flat.local(ENTRY + "status", code));
    }
    if (allergy.hasCriticality()) {
      ValueMaps.lookup("allergy-criticality", allergy.getCriticality().toCode())
          .ifPresent(code -> flat.local(ENTRY + "criticality", code));
    }
    allergy.getCategory().stream()
        .findFirst()
        .flatMap(c -> ValueMaps.lookup("allergy-category", c.getValue().toCode()))
        .ifPresent(code -> flat.local(ENTRY + "category", code));
    StringBuilder comment = new StringBuilder();
    for (Annotation note : allergy.getNote()) {
      comment.append(note.getText()).append(' ');
    }
    flat.text(ENTRY + "comment", comment.toString().trim());
    int i = 0;
    for (AllergyIntolerance.AllergyIntoleranceReactionComponent reaction : allergy.getReaction()) {
      String event = ENTRY + "reaction_event:" + i++ + "/";
      for (int m = 0; m < reaction.getManifestation().size(); m++) {
        flat.coded(event + "manifestation:" + m, reaction.getManifestation().get(m));
      }
      flat.text(event + "reaction_description", reaction.getDescription());
      flat.dateTime(event + "onset_of_reaction", reaction.getOnsetElement());
      if (reaction.hasSeverity()) {
        ValueMaps.lookup("reaction-severity", reaction.getSeverity().toCode())
            .ifPresent(code -> flat.local(event + "severity", code));
      }
    }
    if (allergy.hasOnsetDateTimeType()) {
      flat.dateTime(ENTRY + "onset_of_last_reaction", allergy.getOnsetDateTimeType());
      flat.startTime(allergy.getOnsetDateTimeType());
    }
    // last_updated is mandatory: the recorded date, else the resource's last update
    if (allergy.hasRecordedDate()) {
      flat.dateTime(ENTRY + "last_updated", allergy.getRecordedDateElement());
      flat.startTime(allergy.getRecordedDateElement());
    } else if (allergy.getMeta().hasLastUpdated()) {
      flat.dateTime(ENTRY + "last_updated", allergy.getMeta().getLastUpdatedElement());
      flat.startTime(allergy.getMeta().getLastUpdatedElement());
    }
    return Optional.of(flat);
  }
}
