package no.helsegateway.terminology.internal.unmapped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import no.helsegateway.terminology.UnmappedCodeReport;

/** Renders the unmapped-code report as JSON or CSV. Senders are sorted for stable output. */
public final class UnmappedReportRenderer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private UnmappedReportRenderer() {}

  public static String json(UnmappedCodeReport report) {
    ObjectNode root = JSON.createObjectNode();
    root.put("generatedAt", String.valueOf(report.generatedAt()));
    root.put("droppedSightings", report.droppedSightings());
    ArrayNode rows = root.putArray("rows");
    for (UnmappedCodeReport.Row row : report.rows()) {
      ObjectNode r = rows.addObject();
      r.put("code", row.code());
      r.put("system", row.system());
      r.put("count", row.count());
      ArrayNode senders = r.putArray("senders");
      sorted(row).forEach(senders::add);
      r.put("firstSeen", iso(row.firstSeen()));
      r.put("lastSeen", iso(row.lastSeen()));
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String csv(UnmappedCodeReport report) {
    StringBuilder out = new StringBuilder("code,system,count,senders,first_seen,last_seen\r\n");
    for (UnmappedCodeReport.Row row : report.rows()) {
      out.append(cell(row.code()))
          .append(',')
          .append(cell(row.system()))
          .append(',')
          .append(row.count())
          .append(',')
          .append(cell(String.join(";", sorted(row))))
          .append(',')
          .append(iso(row.firstSeen()))
          .append(',')
          .append(iso(row.lastSeen()))
          .append("\r\n");
    }
    return out.toString();
  }

  private static List<String> sorted(UnmappedCodeReport.Row row) {
    return row.senders().stream().sorted().toList();
  }

  private static String iso(Instant instant) {
    return instant == null ? "" : instant.toString();
  }

  /** RFC 4180 quoting; a leading = + - @ is defused so spreadsheets do not run it as a formula. */
  static String cell(String value) {
    String v = value == null ? "" : value;
    if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v;
    }
    if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
      return '"' + v.replace("\"", "\"\"") + '"';
    }
    return v;
  }
}
