package no.helsegateway.mappings.openehr.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * FHIR code system URIs to openEHR terminology ids, in order of preference ({@code
 * terminologies.csv}).
 */
final class Terminologies {

  private static final Map<String, String> BY_SYSTEM = load();

  private Terminologies() {}

  private static Map<String, String> load() {
    Map<String, String> map = new LinkedHashMap<>();
    for (String[] row : Csv.read("terminologies.csv", 2)) {
      map.put(row[0], row[1]);
    }
    return map;
  }

  /** The openEHR terminology id for a FHIR system; unknown systems keep their URI. */
  static String terminologyId(String system) {
    return BY_SYSTEM.getOrDefault(system, system);
  }

  /** Preference rank of a system: lower is better; unknown systems come last. */
  static int rank(String system) {
    int i = 0;
    for (String known : BY_SYSTEM.keySet()) {
      if (known.equals(system)) {
        return i;
      }
      i++;
    }
    return Integer.MAX_VALUE;
  }

  static List<String> systems() {
    return List.copyOf(BY_SYSTEM.keySet());
  }
}
