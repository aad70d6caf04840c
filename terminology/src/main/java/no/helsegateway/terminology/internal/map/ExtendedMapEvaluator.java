package no.helsegateway.terminology.internal.map;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import no.helsegateway.terminology.PatientContext;
import no.helsegateway.terminology.PatientFact;

/**
 * Evaluates extended map rows for a patient, as the SNOMED CT to ICD-10 map specification
 * describes: for each map group in ascending order, rules are tried in ascending map priority and
 * the first that is true gives the group's target (an empty target gives no code for that group).
 *
 * <p>A rule whose facts are missing (age or sex not given) is never guessed: it is skipped, the
 * missing facts are recorded, and evaluation goes on to the group's {@code OTHERWISE TRUE} default,
 * which is what the specification prescribes when the context is unknown.
 */
public final class ExtendedMapEvaluator {

  private ExtendedMapEvaluator() {}

  /** One result per map group, in group order. */
  public static List<GroupResult> evaluate(List<ExtendedMapRow> sortedRows, PatientContext p) {
    List<GroupResult> results = new ArrayList<>(2);
    int i = 0;
    while (i < sortedRows.size()) {
      int group = sortedRows.get(i).mapGroup();
      Set<PatientFact> missing = EnumSet.noneOf(PatientFact.class);
      ExtendedMapRow chosen = null;
      for (; i < sortedRows.size() && sortedRows.get(i).mapGroup() == group; i++) {
        if (chosen != null) {
          continue;
        }
        ExtendedMapRow row = sortedRows.get(i);
        RuleVerdict verdict = row.rule().evaluate(p);
        switch (verdict.value()) {
          case TRUE -> chosen = row;
          case UNKNOWN -> missing.addAll(verdict.missing());
          case FALSE -> {}
        }
      }
      results.add(new GroupResult(group, chosen, missing));
    }
    return results;
  }
}
