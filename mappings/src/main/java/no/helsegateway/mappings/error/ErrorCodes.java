package no.helsegateway.mappings.error;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Registry over the one error-code table, {@code no/helsegateway/mappings/error/error-codes.csv} on
 * the classpath. A new rejection reason is a new row in that file; code refers to rows by their
 * {@link ErrorCode#code()} through the constants below or {@link #get(String)}.
 */
public final class ErrorCodes {

  /** Classpath location of the table. */
  public static final String RESOURCE = "/no/helsegateway/mappings/error/error-codes.csv";

  public static final String NOT_XML = "not-xml";
  public static final String NOT_WELL_FORMED = "not-well-formed";
  public static final String DOCTYPE_FORBIDDEN = "doctype-forbidden";
  public static final String TOO_LARGE = "too-large";
  public static final String SCHEMA_INVALID = "schema-invalid";
  public static final String UNSUPPORTED_TYPE = "unsupported-type";
  public static final String INVALID_MESSAGE_ID = "invalid-message-id";
  public static final String PATIENT_ID_MISSING = "patient-id-missing";
  public static final String PATIENT_ID_INVALID = "patient-id-invalid";
  public static final String SENDER_INVALID = "sender-invalid";
  public static final String RECEIVER_INVALID = "receiver-invalid";
  public static final String FHIR_INVALID = "fhir-invalid";
  public static final String TRANSLATION_FAILED = "translation-failed";
  public static final String INFRASTRUCTURE_UNAVAILABLE = "infrastructure-unavailable";
  public static final String HL7V2_MALFORMED = "hl7v2-malformed";
  public static final String UNSUPPORTED_VERSION = "unsupported-version";
  public static final String REQUIRED_MISSING = "required-missing";
  public static final String UNKNOWN_KEY = "unknown-key";

  private static final Map<String, ErrorCode> TABLE = load();

  private ErrorCodes() {}

  /** The row with this gateway code; throws when the table has no such row. */
  public static ErrorCode get(String code) {
    ErrorCode row = TABLE.get(code);
    if (row == null) {
      throw new NoSuchElementException("No row '" + code + "' in " + RESOURCE);
    }
    return row;
  }

  /** The row with this gateway code, if any. */
  public static Optional<ErrorCode> find(String code) {
    return Optional.ofNullable(TABLE.get(code));
  }

  /** Every row, in file order. */
  public static Collection<ErrorCode> all() {
    return Collections.unmodifiableCollection(TABLE.values());
  }

  private static Map<String, ErrorCode> load() {
    try (InputStream in = ErrorCodes.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing " + RESOURCE);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      Map<String, ErrorCode> rows = new LinkedHashMap<>();
      boolean header = true;
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        if (header) {
          header = false;
          continue;
        }
        List<String> f = Csv.split(line);
        if (f.size() != 9) {
          throw new IllegalStateException("Bad row in " + RESOURCE + ": " + line);
        }
        ErrorCode row =
            new ErrorCode(
                f.get(0),
                ErrorCode.Category.valueOf(f.get(1).toUpperCase(Locale.ROOT)),
                f.get(2),
                Integer.parseInt(f.get(3)),
                f.get(4),
                f.get(5),
                f.get(6),
                f.get(7),
                f.get(8));
        if (rows.put(row.code(), row) != null) {
          throw new IllegalStateException("Duplicate code in " + RESOURCE + ": " + row.code());
        }
      }
      return Collections.unmodifiableMap(rows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Minimal RFC 4180 splitter (quotes, doubled quotes) for the small data tables. */
  static final class Csv {
    private Csv() {}

    static List<String> split(String line) {
      List<String> out = new ArrayList<>();
      StringBuilder cur = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (quoted) {
          if (c == '"') {
            if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
              cur.append('"');
              i++;
            } else {
              quoted = false;
            }
          } else {
            cur.append(c);
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          out.add(cur.toString());
          cur.setLength(0);
        } else {
          cur.append(c);
        }
      }
      out.add(cur.toString());
      return out;
    }
  }
}
