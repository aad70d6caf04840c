package no.helsegateway.mappings.codetables;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.sf.saxon.s9api.XdmAtomicValue;
import net.sf.saxon.s9api.XdmMap;
import net.sf.saxon.s9api.XdmValue;

/**
 * Small closed code tables (ConceptMap-like CSV: source system, source code, target system, target
 * code, target display) listed in a folder's {@code tables.txt}, loaded once and handed to the
 * stylesheets as one XDM map: table name to ("sourceSystem|code" to map {system, code, display}).
 * One loader for every mapping family: e-messages and HL7 v2 differ only in the folder.
 */
public final class CodeTables {

  /** The e-message tables. */
  public static final String EMESSAGE = "/no/helsegateway/mappings/emessage_2_fhir/tables/";

  /** The HL7 v2 tables (v2 tables 0001, 0004, 0085, ..., identifier systems, error codes). */
  public static final String HL7V2 = "/no/helsegateway/mappings/hl7v2_2_fhir/tables/";

  /** One target of a table row. */
  public record Target(String system, String code, String display) {}

  private final Map<String, Map<String, Target>> tables;
  private final XdmMap xdm;

  /** Loads the tables listed in {@code base + "tables.txt"}, a classpath folder ending in '/'. */
  public CodeTables(String base) {
    Map<String, Map<String, Target>> t = new LinkedHashMap<>();
    for (String name : lines(base + "tables.txt")) {
      Map<String, Target> rows = new LinkedHashMap<>();
      boolean header = true;
      for (String line : lines(base + name + ".csv")) {
        if (header) {
          header = false;
          continue;
        }
        List<String> f = split(line);
        if (f.size() != 5) {
          throw new IllegalStateException("Bad row in table " + name + ": " + line);
        }
        rows.put(f.get(0) + "|" + f.get(1), new Target(f.get(2), f.get(3), f.get(4)));
      }
      t.put(name, rows);
    }
    this.tables = t;
    Map<XdmAtomicValue, XdmValue> outer = new HashMap<>();
    t.forEach(
        (name, rows) -> {
          Map<XdmAtomicValue, XdmValue> inner = new HashMap<>();
          rows.forEach(
              (k, v) -> {
                Map<XdmAtomicValue, XdmValue> row = new HashMap<>();
                row.put(new XdmAtomicValue("system"), new XdmAtomicValue(v.system()));
                row.put(new XdmAtomicValue("code"), new XdmAtomicValue(v.code()));
                row.put(new XdmAtomicValue("display"), new XdmAtomicValue(v.display()));
                inner.put(new XdmAtomicValue(k), new XdmMap(row));
              });
          outer.put(new XdmAtomicValue(name), new XdmMap(inner));
        });
    this.xdm = new XdmMap(outer);
  }

  /** A row's target, or {@code null}. */
  public Target lookup(String table, String sourceSystem, String code) {
    Map<String, Target> rows = tables.get(table);
    return rows == null ? null : rows.get(sourceSystem + "|" + code);
  }

  /** All tables as one XDM map for the stylesheet parameter {@code $tables}. */
  public XdmMap asXdm() {
    return xdm;
  }

  private static List<String> lines(String path) {
    try (InputStream in = CodeTables.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Missing " + path);
      }
      List<String> out = new ArrayList<>();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank() && !line.startsWith("#")) {
          out.add(line.trim());
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
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
