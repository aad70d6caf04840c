package no.helsegateway.terminology.internal.rf2;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Column positions of a header row, found by case-insensitive name. */
public final class Header {
  private final Map<String, Integer> positions = new HashMap<>();

  Header(String[] names) {
    for (int i = 0; i < names.length; i++) {
      positions.putIfAbsent(names[i].trim().toLowerCase(Locale.ROOT), i);
    }
  }

  /** Position of the column, or -1. */
  public int indexOf(String name) {
    return positions.getOrDefault(name.toLowerCase(Locale.ROOT), -1);
  }

  /** Position of the column; fails with the file name when it is missing. */
  public int require(String name, String fileName) {
    int index = indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException("Column " + name + " missing in " + fileName);
    }
    return index;
  }

  /** The first of the given columns that exists, or -1. */
  public int firstOf(String... names) {
    for (String name : names) {
      int index = indexOf(name);
      if (index >= 0) {
        return index;
      }
    }
    return -1;
  }

  /** The field at a position, empty when the row is short. */
  public static String field(String[] fields, int index) {
    return index >= 0 && index < fields.length ? fields[index] : "";
  }
}
