package no.helsegateway.mappings.openehr.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the small comma-separated data files of this package ('#' comments, no quoting, empty cells
 * allowed).
 */
final class Csv {

  static final String BASE = "/no/helsegateway/mappings/openehr/";

  private Csv() {}

  static List<String[]> read(String name, int columns) {
    try (InputStream in = Csv.class.getResourceAsStream(BASE + name)) {
      if (in == null) {
        throw new IllegalStateException("Missing mapping data " + BASE + name);
      }
      List<String[]> rows = new ArrayList<>();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cells = line.split(",", -1);
        if (cells.length < columns) {
          throw new IllegalStateException(
              name + ": expected " + columns + " columns in '" + line + "'");
        }
        for (int i = 0; i < cells.length; i++) {
          cells[i] = cells[i].trim();
        }
        rows.add(cells);
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
