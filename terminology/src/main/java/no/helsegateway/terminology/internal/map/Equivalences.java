package no.helsegateway.terminology.internal.map;

import java.util.Map;

/**
 * SNOMED CT map correlation ids to FHIR R4 ConceptMap equivalence codes. The ICD-10 map uses
 * 447561005 "correlation not specified" on every row; Snowstorm reports that as {@code unmatched},
 * which in FHIR means "no match"; this library says {@code relatedto} ("related, exact relationship
 * not known"), which is what the correlation means.
 */
public final class Equivalences {
  private static final Map<String, String> BY_CORRELATION =
      Map.of(
          "447557004", "equal",
          "447558009", "wider",
          "447559001", "narrower",
          "447560006", "inexact",
          "447561005", "relatedto",
          "447556008", "disjoint");

  private Equivalences() {}

  public static String ofCorrelation(String correlationId) {
    return BY_CORRELATION.getOrDefault(correlationId, "relatedto");
  }
}
