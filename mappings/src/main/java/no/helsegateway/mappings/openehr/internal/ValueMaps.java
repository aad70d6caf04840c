package no.helsegateway.mappings.openehr.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Small closed code tables from FHIR codes to template at-codes ({@code value-maps.csv}). */
final class ValueMaps {

  /** A local code with its label. */
  record LocalCode(String code, String label) {}

  private static final Map<String, LocalCode> MAP = load();

  private ValueMaps() {}

  private static Map<String, LocalCode> load() {
    Map<String, LocalCode> map = new HashMap<>();
    for (String[] row : Csv.read("value-maps.csv", 4)) {
      map.put(row[0] + "|" + row[1], new LocalCode(row[2], row[3]));
    }
    return map;
  }

  static Optional<LocalCode> lookup(String map, String fhirCode) {
    return fhirCode == null ? Optional.empty() : Optional.ofNullable(MAP.get(map + "|" + fhirCode));
  }
}
