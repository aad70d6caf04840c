package no.helsegateway.terminology.internal.map;

import java.util.List;
import java.util.Map;

/**
 * An immutable simple map between two systems, read from CSV.
 *
 * @param sourceSystem canonical source system
 * @param targetSystem canonical target system
 * @param mapId the map's id ({@code # map-id:} line, else the file name)
 * @param mapVersion the map's version ({@code # map-version:} line, else "unversioned")
 * @param authoritative false for candidate maps that reverse a one-way map
 */
public record CsvConceptMap(
    String sourceSystem,
    String targetSystem,
    String mapId,
    String mapVersion,
    boolean authoritative,
    Map<String, List<CsvMapRow>> rowsBySource) {

  public CsvConceptMap {
    rowsBySource = Map.copyOf(rowsBySource);
  }

  public List<CsvMapRow> rows(String normalisedSourceCode) {
    return rowsBySource.getOrDefault(normalisedSourceCode, List.of());
  }
}
