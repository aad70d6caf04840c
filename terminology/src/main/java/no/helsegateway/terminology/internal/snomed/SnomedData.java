package no.helsegateway.terminology.internal.snomed;

import java.util.Map;
import java.util.Optional;
import no.helsegateway.terminology.internal.map.ExtendedMapIndex;

/**
 * Immutable SNOMED CT content of the embedded translator: concepts by id and the ICD-10 extended
 * map.
 *
 * @param version the edition/version label, e.g. {@code
 *     http://snomed.info/sct/51000202101/version/20240415}
 */
public record SnomedData(
    Map<String, SnomedConcept> concepts, ExtendedMapIndex icd10Map, String version) {

  public SnomedData {
    concepts = Map.copyOf(concepts);
  }

  public Optional<SnomedConcept> concept(String conceptId) {
    return Optional.ofNullable(concepts.get(conceptId));
  }
}
