package no.helsegateway.terminology.internal.snomed;

/**
 * What the embedded translator keeps of a SNOMED CT concept.
 *
 * @param preferredTerm the preferred synonym in the first configured language refset that has one,
 *     or null
 * @param fsn the fully specified name, or null when no description was loaded
 */
public record SnomedConcept(
    String conceptId,
    boolean active,
    String moduleId,
    String effectiveTime,
    String fsn,
    String preferredTerm) {

  /** The display: preferred term, else FSN, else the id. */
  public String display() {
    if (preferredTerm != null) {
      return preferredTerm;
    }
    return fsn != null ? fsn : conceptId;
  }
}
