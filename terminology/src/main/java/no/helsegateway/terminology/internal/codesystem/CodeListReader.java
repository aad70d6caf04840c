package no.helsegateway.terminology.internal.codesystem;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import no.helsegateway.terminology.CodeSystems;
import no.helsegateway.terminology.DataLocation;
import no.helsegateway.terminology.LoadProgressListener;
import no.helsegateway.terminology.internal.rf2.ClasspathData;
import no.helsegateway.terminology.internal.rf2.Header;
import no.helsegateway.terminology.internal.rf2.TabularReader;

/**
 * Reads an ICD-10 or ICPC-2 code list: a header row, then one code a row. The delimiter is the
 * first of tab, semicolon or comma found in the header line. The code column is named {@code code},
 * {@code kode} or {@code codevalue} (else the first column); the text column {@code display},
 * {@code tekst}, {@code text}, {@code navn}, {@code nameNorwegian} or {@code
 * tekst_med_maksimalt_60_tegn} (else the second). Codes are normalised ({@code A051} becomes {@code
 * A05.1} for ICD-10).
 */
public final class CodeListReader {
  private CodeListReader() {}

  public static CodeList read(String system, DataLocation location, LoadProgressListener listener) {
    String canonical = CodeSystems.canonical(system);
    Map<String, String> displays = new HashMap<>();
    char delimiter = detectDelimiter(location);
    try (InputStream in = ClasspathData.open(location)) {
      int[] columns = new int[] {-2, -2};
      TabularReader.read(
          in,
          location.shortName(),
          delimiter,
          listener,
          (header, fields) -> {
            if (columns[0] == -2) {
              int code = header.firstOf("code", "kode", "codevalue");
              int text =
                  header.firstOf(
                      "display",
                      "tekst",
                      "text",
                      "navn",
                      "namenorwegian",
                      "tekst_uten_lengdebegrensning",
                      "tekst_med_maksimalt_60_tegn");
              columns[0] = code < 0 ? 0 : code;
              columns[1] = text < 0 ? 1 : text;
            }
            String code = Header.field(fields, columns[0]).trim();
            if (code.isEmpty()) {
              return false;
            }
            String normalised = CodeSystems.normaliseCode(canonical, code);
            displays.put(normalised, Header.field(fields, columns[1]).trim());
            return true;
          });
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read code list " + location.value(), e);
    }
    return new CodeList(canonical, location.shortName(), displays);
  }

  private static char detectDelimiter(DataLocation location) {
    try (InputStream in = ClasspathData.open(location)) {
      byte[] head = in.readNBytes(4096);
      String text = new String(head, java.nio.charset.StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        if (line.indexOf('\t') >= 0) {
          return '\t';
        }
        if (line.indexOf(';') >= 0) {
          return ';';
        }
        return ',';
      }
      return '\t';
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read code list " + location.value(), e);
    }
  }
}
