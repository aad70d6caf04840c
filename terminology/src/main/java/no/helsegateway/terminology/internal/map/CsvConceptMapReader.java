package no.helsegateway.terminology.internal.map;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import no.helsegateway.terminology.CodeSystems;
import no.helsegateway.terminology.CsvMapSource;
import no.helsegateway.terminology.LoadProgressListener;
import no.helsegateway.terminology.internal.rf2.ClasspathData;
import no.helsegateway.terminology.internal.rf2.Header;
import no.helsegateway.terminology.internal.rf2.TabularReader;

/**
 * Reads a CSV map: {@code # map-id: ...} and {@code # map-version: ...} comment lines, a header
 * {@code source_code,target_code,target_display,equivalence[,advice]}, then rows. Fields are comma
 * separated and must not contain commas (displays with commas go in quotes are not supported; use a
 * semicolon file instead: the delimiter is taken from the header line).
 */
public final class CsvConceptMapReader {
  private CsvConceptMapReader() {}

  public static CsvConceptMap read(CsvMapSource source, LoadProgressListener listener) {
    String sourceSystem = CodeSystems.canonical(source.sourceSystem());
    String targetSystem = CodeSystems.canonical(source.targetSystem());
    String[] meta = readMeta(source);
    Map<String, List<CsvMapRow>> rows = new HashMap<>();
    try (InputStream in = ClasspathData.open(source.location())) {
      TabularReader.read(
          in,
          source.location().shortName(),
          meta[2].charAt(0),
          listener,
          (header, fields) -> {
            String from = field(header, fields, "source_code");
            String to = field(header, fields, "target_code");
            if (from.isEmpty() || to.isEmpty()) {
              return false;
            }
            String equivalence = field(header, fields, "equivalence");
            CsvMapRow row =
                new CsvMapRow(
                    CodeSystems.normaliseCode(sourceSystem, from),
                    CodeSystems.normaliseCode(targetSystem, to),
                    field(header, fields, "target_display"),
                    equivalence.isEmpty() ? "relatedto" : equivalence.toLowerCase(Locale.ROOT),
                    field(header, fields, "advice"));
            rows.computeIfAbsent(row.sourceCode(), k -> new ArrayList<>(1)).add(row);
            return true;
          });
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read map " + source.location().value(), e);
    }
    Map<String, List<CsvMapRow>> frozen = new HashMap<>();
    rows.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    return new CsvConceptMap(
        sourceSystem, targetSystem, meta[0], meta[1], source.authoritative(), frozen);
  }

  private static String field(Header header, String[] fields, String name) {
    return Header.field(fields, header.indexOf(name)).trim();
  }

  /** map-id, map-version and delimiter. */
  private static String[] readMeta(CsvMapSource source) {
    String id = source.location().shortName();
    String version = "unversioned";
    String delimiter = ",";
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(ClasspathData.open(source.location()), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        String trimmed = line.strip();
        if (trimmed.startsWith("#")) {
          String body = trimmed.substring(1).strip();
          if (body.startsWith("map-id:")) {
            id = body.substring("map-id:".length()).strip();
          } else if (body.startsWith("map-version:")) {
            version = body.substring("map-version:".length()).strip();
          }
        } else if (!trimmed.isEmpty()) {
          delimiter = trimmed.contains("\t") ? "\t" : trimmed.contains(";") ? ";" : ",";
          break;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read map " + source.location().value(), e);
    }
    return new String[] {id, version, delimiter};
  }
}
