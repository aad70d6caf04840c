package no.helsegateway.terminology;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import no.helsegateway.terminology.internal.unmapped.UnmappedReportRenderer;

/**
 * The unmapped-code report.
 *
 * @param generatedAt when the snapshot was taken
 * @param rows one row per system and code, most frequent first
 * @param droppedSightings sightings not counted because the recorder was full
 */
public record UnmappedCodeReport(Instant generatedAt, List<Row> rows, long droppedSightings) {

  public UnmappedCodeReport {
    rows = List.copyOf(rows);
  }

  /** One code: how often, from which senders, first and last seen. */
  public record Row(
      String code,
      String system,
      long count,
      Set<String> senders,
      Instant firstSeen,
      Instant lastSeen) {
    public Row {
      senders = Set.copyOf(senders);
    }
  }

  /** The report as a JSON object {@code {generatedAt, droppedSightings, rows: [...]}}. */
  public String toJson() {
    return UnmappedReportRenderer.json(this);
  }

  /**
   * The report as CSV (RFC 4180, header {@code code,system,count,senders,first_seen,last_seen},
   * senders separated by {@code ;}, times in ISO-8601 UTC).
   */
  public String toCsv() {
    return UnmappedReportRenderer.csv(this);
  }
}
