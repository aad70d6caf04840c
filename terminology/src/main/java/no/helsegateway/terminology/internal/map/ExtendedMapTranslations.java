package no.helsegateway.terminology.internal.map;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import no.helsegateway.terminology.CodeSystems;
import no.helsegateway.terminology.Concept;
import no.helsegateway.terminology.PatientFact;
import no.helsegateway.terminology.Translation;
import no.helsegateway.terminology.TranslationOutcome;
import no.helsegateway.terminology.TranslationRequest;

/** Turns evaluated extended map groups into translations and notes. */
public final class ExtendedMapTranslations {

  public static final String ICD10_MAP_ID = "http://snomed.info/sct?fhir_cm=447562003";

  private ExtendedMapTranslations() {}

  /**
   * @param sortedRows the concept's rows, sorted by group and priority, precedence applied
   * @param displays ICD-10 code to display, or null when unknown
   */
  public static TranslationOutcome outcome(
      List<ExtendedMapRow> sortedRows,
      TranslationRequest request,
      Function<String, String> displays,
      String answeredBy) {
    if (sortedRows.isEmpty()) {
      return TranslationOutcome.unmapped(answeredBy, List.of("No ICD-10 map row for the concept."));
    }
    String targetSystem = CodeSystems.canonical(request.targetSystem());
    List<Translation> translations = new ArrayList<>(2);
    Set<PatientFact> missing = EnumSet.noneOf(PatientFact.class);
    List<String> notes = new ArrayList<>(1);
    for (GroupResult group : ExtendedMapEvaluator.evaluate(sortedRows, request.patient())) {
      missing.addAll(group.missing());
      ExtendedMapRow row = group.chosen();
      if (row == null) {
        notes.add("Group " + group.mapGroup() + ": no rule applied" + needs(group.missing()));
      } else if (!row.hasTarget()) {
        notes.add(
            "Group "
                + group.mapGroup()
                + ": no ICD-10 target ("
                + row.mapAdvice()
                + ")"
                + needs(group.missing()));
      } else {
        translations.add(translation(row, targetSystem, displays, group.missing()));
      }
    }
    return new TranslationOutcome(translations, true, missing, notes, answeredBy);
  }

  private static Translation translation(
      ExtendedMapRow row,
      String targetSystem,
      Function<String, String> displays,
      Set<PatientFact> missing) {
    return new Translation(
        new Concept(targetSystem, row.mapTarget(), displays.apply(row.mapTarget())),
        Equivalences.ofCorrelation(row.correlationId()),
        ICD10_MAP_ID,
        CodeSystems.SNOMED_CT
            + "/"
            + row.moduleId()
            + (row.effectiveTime().isEmpty() ? "" : "/version/" + row.effectiveTime()),
        row.mapAdvice(),
        row.mapGroup(),
        row.mapPriority(),
        row.mapRuleText(),
        row.mapCategoryId(),
        missing,
        true);
  }

  private static String needs(Set<PatientFact> missing) {
    return missing.isEmpty() ? "" : "; rules need " + missing + " which the request did not give";
  }
}
