package no.helsegateway.terminology.internal.map;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable rows of one extended map by source concept, each list sorted by map group then map
 * priority, with module precedence applied: when rows of a preferred module (the Norwegian edition)
 * and of another module exist for the same concept, group and priority, only the preferred row is
 * kept ("Norway maps take precedence, so they override Int maps").
 */
public final class ExtendedMapIndex {

  private static final Comparator<ExtendedMapRow> ORDER =
      Comparator.comparingInt(ExtendedMapRow::mapGroup)
          .thenComparingInt(ExtendedMapRow::mapPriority)
          .thenComparing(ExtendedMapRow::memberId);

  private final Map<String, List<ExtendedMapRow>> byConcept;
  private final String version;

  private ExtendedMapIndex(Map<String, List<ExtendedMapRow>> byConcept, String version) {
    this.byConcept = byConcept;
    this.version = version;
  }

  /**
   * Builds the index from active rows.
   *
   * @param rows active rows, any order
   * @param preferredModules modules in order of precedence (first wins)
   */
  public static ExtendedMapIndex build(List<ExtendedMapRow> rows, List<String> preferredModules) {
    Map<String, Map<Long, ExtendedMapRow>> chosen = new HashMap<>();
    String latest = "";
    for (ExtendedMapRow row : rows) {
      long slot = ((long) row.mapGroup() << 32) | (row.mapPriority() & 0xffffffffL);
      Map<Long, ExtendedMapRow> slots =
          chosen.computeIfAbsent(row.conceptId(), k -> new LinkedHashMap<>(4));
      ExtendedMapRow current = slots.get(slot);
      if (current == null
          || precedence(row.moduleId(), preferredModules)
              < precedence(current.moduleId(), preferredModules)) {
        slots.put(slot, row);
      }
      if (row.effectiveTime() != null && row.effectiveTime().compareTo(latest) > 0) {
        latest = row.effectiveTime();
      }
    }
    Map<String, List<ExtendedMapRow>> index = new HashMap<>(chosen.size() * 2);
    chosen.forEach(
        (concept, slots) -> {
          List<ExtendedMapRow> sorted = new ArrayList<>(slots.values());
          sorted.sort(ORDER);
          index.put(concept, List.copyOf(sorted));
        });
    return new ExtendedMapIndex(Map.copyOf(index), latest);
  }

  private static int precedence(String module, List<String> preferredModules) {
    int index = preferredModules.indexOf(module);
    return index < 0 ? Integer.MAX_VALUE : index;
  }

  /** Rows for a concept, sorted by group and priority; empty when the concept is not mapped. */
  public List<ExtendedMapRow> rows(String conceptId) {
    return byConcept.getOrDefault(conceptId, List.of());
  }

  public int conceptCount() {
    return byConcept.size();
  }

  /** The latest effectiveTime of any row, e.g. {@code 20240415}. */
  public String latestEffectiveTime() {
    return version;
  }
}
