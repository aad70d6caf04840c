package no.helsegateway.server.security.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.helsegateway.server.security.audit.internal.JdbcAuditLog;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Test helper for audit completeness: counts and reads access-log rows per request. Send every
 * request with its own {@code X-Request-ID} ({@link #newRequestId()}; HAPI takes it as the request
 * id and the log keeps it), then assert {@code countFor(id) == 1}. E-messages are logged under
 * their tracking id.
 */
public final class AuditProbe {

  private final JdbcTemplate jdbc;
  private final Runnable flush;

  /**
   * @param flush moves the access-log journal into the tables before each look (records of reads
   *     are in the journal first, see {@code AuditJournal})
   */
  public AuditProbe(JdbcTemplate jdbc, Runnable flush) {
    this.jdbc = jdbc;
    this.flush = flush;
  }

  /** A request id HAPI accepts (letters, digits, dashes; at most 64 characters here). */
  public static String newRequestId() {
    return "it-" + UUID.randomUUID();
  }

  public int countFor(String requestId) {
    flush.run();
    Integer n =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM " + JdbcAuditLog.EVENTS + " WHERE request_id = ?",
            Integer.class,
            requestId);
    return n == null ? 0 : n;
  }

  /** Rows written since a time (epoch ms of {@code recorded}). */
  public int countSince(Instant since) {
    flush.run();
    Integer n =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM " + JdbcAuditLog.EVENTS + " WHERE recorded >= ?",
            Integer.class,
            since.toEpochMilli());
    return n == null ? 0 : n;
  }

  /**
   * The one row of a request (fails when there is not exactly one): columns in upper case as H2
   * returns them ({@code ACTION}, {@code SUBTYPE}, {@code OUTCOME}, {@code AGENT_PID}, {@code
   * AGENT_HPR}, {@code CLIENT_ID}, {@code ORGNR_PARENT}, {@code PURPOSE}, {@code BTG}, {@code
   * JSON}, ...).
   */
  public Map<String, Object> rowFor(String requestId) {
    flush.run();
    List<Map<String, Object>> rows =
        jdbc.queryForList(
            "SELECT * FROM " + JdbcAuditLog.EVENTS + " WHERE request_id = ?", requestId);
    if (rows.size() != 1) {
      throw new AssertionError(rows.size() + " audit rows for request " + requestId + ", not 1");
    }
    return rows.get(0);
  }

  /** The patients ({@code Patient/id}, {@code system|value}) of a request's row(s). */
  public List<String> patientsFor(String requestId) {
    flush.run();
    return jdbc.queryForList(
        "SELECT p.patient FROM "
            + JdbcAuditLog.PATIENTS
            + " p JOIN "
            + JdbcAuditLog.EVENTS
            + " e ON e.id = p.event_id WHERE e.request_id = ? ORDER BY p.patient",
        String.class,
        requestId);
  }
}
