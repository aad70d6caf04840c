package no.helsegateway.terminology;

import java.util.Set;

/**
 * One answer of a translation: the target concept, how exact it is (FHIR R4 ConceptMap equivalence
 * codes: equivalent, wider, narrower, inexact, relatedto, ...), and which map and version it came
 * from.
 *
 * <p>For the SNOMED CT to ICD-10 extended map the map row is kept: {@code mapGroup}, {@code
 * mapPriority}, {@code mapRule}, {@code mapAdvice} and {@code mapCategoryId}. {@code
 * missingContext} is not empty when a rule of this group needed a patient fact that was not given,
 * so that this answer is the map's default (OTHERWISE TRUE) rather than the context-specific one.
 * {@code authoritative} is false for candidate look-ups against a one-way map (ICD-10 to SNOMED
 * CT).
 */
public record Translation(
    Concept target,
    String equivalence,
    String mapId,
    String mapVersion,
    String mapAdvice,
    Integer mapGroup,
    Integer mapPriority,
    String mapRule,
    String mapCategoryId,
    Set<PatientFact> missingContext,
    boolean authoritative) {

  public Translation {
    missingContext = missingContext == null ? Set.of() : Set.copyOf(missingContext);
  }

  /** A translation from a simple map (no groups or rules), authoritative. */
  public Translation(
      Concept target, String equivalence, String mapId, String mapVersion, String mapAdvice) {
    this(target, equivalence, mapId, mapVersion, mapAdvice, null, null, null, null, Set.of(), true);
  }

  /** True when the answer is the map's default because patient facts were missing. */
  public boolean contextDependent() {
    return !missingContext.isEmpty();
  }
}
