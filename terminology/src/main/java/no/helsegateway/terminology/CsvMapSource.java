package no.helsegateway.terminology;

import java.util.Objects;

/**
 * A simple concept map read from a CSV table: columns {@code
 * source_code,target_code,target_display,equivalence[,advice]}, lines starting with {@code #} are
 * comments, {@code # map-id:} and {@code # map-version:} lines name the map.
 *
 * @param sourceSystem the system of the source codes (any alias)
 * @param targetSystem the system of the target codes (any alias)
 * @param location where the CSV is
 * @param authoritative false for candidate maps that reverse a one-way map (ICD-10 to SNOMED CT)
 */
public record CsvMapSource(
    String sourceSystem, String targetSystem, DataLocation location, boolean authoritative) {
  public CsvMapSource {
    Objects.requireNonNull(sourceSystem, "sourceSystem");
    Objects.requireNonNull(targetSystem, "targetSystem");
    Objects.requireNonNull(location, "location");
  }
}
