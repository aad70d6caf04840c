package no.helsegateway.terminology;

/**
 * One answer of a translation: the target concept, how exact it is (FHIR ConceptMap equivalence
 * codes: equivalent, wider, narrower, inexact, ...), and which map and version it came from.
 */
public record Translation(
    Concept target, String equivalence, String mapId, String mapVersion, String mapAdvice) {}
