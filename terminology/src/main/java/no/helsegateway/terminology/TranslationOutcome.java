package no.helsegateway.terminology;

import java.util.List;
import java.util.Set;

/**
 * Everything a translation found out, for callers that need more than the list of targets.
 *
 * @param translations the targets, in map group order; may be empty even when a map has the code
 * @param mapFound true when some map has rows for the source code; false means "unmapped" and the
 *     caller records the code in the unmapped report
 * @param missingContext patient facts that rules needed but the request did not give
 * @param notes human-readable notes without patient data (e.g. "group 1: no target, MAP SOURCE
 *     CONCEPT CANNOT BE CLASSIFIED WITH AVAILABLE DATA"; "Snowstorm unavailable, answered from
 *     embedded data")
 * @param answeredBy which implementation answered: {@code embedded} or {@code snowstorm}
 */
public record TranslationOutcome(
    List<Translation> translations,
    boolean mapFound,
    Set<PatientFact> missingContext,
    List<String> notes,
    String answeredBy) {

  public TranslationOutcome {
    translations = List.copyOf(translations);
    missingContext = Set.copyOf(missingContext);
    notes = List.copyOf(notes);
  }

  /** No map has the code. */
  public static TranslationOutcome unmapped(String answeredBy, List<String> notes) {
    return new TranslationOutcome(List.of(), false, Set.of(), notes, answeredBy);
  }

  /** A copy with one more note and another answering implementation. */
  public TranslationOutcome withNote(String note, String newAnsweredBy) {
    List<String> all = new java.util.ArrayList<>(notes);
    all.add(note);
    return new TranslationOutcome(translations, mapFound, missingContext, all, newAnsweredBy);
  }
}
