package no.helsegateway.server.security.audit.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import no.helsegateway.server.security.audit.AuditEntry;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The access log in the application database (H2 or PostgreSQL), append-only: this class has no
 * UPDATE or DELETE statement, and no API writes to it except the audit itself.
 *
 * <ul>
 *   <li>{@code gw_audit_event}: one row per AuditEvent: the columns that are searched and shown to
 *       the patient, and in {@code facts} the record's {@link AuditFacts} as JSON, from which the
 *       AuditEvent is built when it is read ({@link AuditFactsCodec}). Rows written before the
 *       facts column hold the AuditEvent's FHIR JSON in {@code json} (empty in newer rows).
 *   <li>{@code gw_audit_patient}: (event, patient) for each patient of an event ({@code Patient/id}
 *       and, where known, {@code system|value} of the national identifier), indexed for the
 *       patient's view.
 * </ul>
 *
 * Plain prepared statements through {@link JdbcTemplate}, which joins the caller's Spring
 * transaction when there is one (a write's own transaction, the e-message pipeline's) and
 * auto-commits otherwise (reads: the row is committed when {@link #insert} returns).
 */
public final class JdbcAuditLog {

  public static final String EVENTS = "gw_audit_event";
  public static final String PATIENTS = "gw_audit_patient";

  static final String COLUMNS =
      "id, recorded, request_id, source, action, subtype, outcome, agent_pid, agent_hpr,"
          + " agent_name, client_id, orgnr_parent, orgnr_child, purpose, purpose_details, btg";

  private final JdbcTemplate jdbc;
  private final boolean postgresql;
  private volatile String eventsTable = EVENTS;

  /** Run before every read of the log: moves the journal's records in ({@link AuditJournal}). */
  private volatile Runnable beforeReading = () -> {};

  public JdbcAuditLog(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
    String product = jdbc.execute((ConnectionCallback<String>) JdbcAuditLog::productName);
    this.postgresql = isPostgresql(product);
    for (String ddl : ddlFor(product)) {
      jdbc.execute(ddl);
    }
  }

  /** The database (for tests that look at the tables themselves). */
  javax.sql.DataSource dataSource() {
    return jdbc.getDataSource();
  }

  /** Whether the log is in PostgreSQL (else H2). */
  public boolean onPostgresql() {
    return postgresql;
  }

  /** What runs before every read of the log, so that it sees every record written before. */
  void beforeReading(Runnable flush) {
    this.beforeReading = flush;
  }

  private static String productName(Connection c) throws SQLException {
    return c.getMetaData().getDatabaseProductName();
  }

  private static boolean isPostgresql(String product) {
    return product != null && product.toLowerCase(Locale.ROOT).contains("postgres");
  }

  static List<String> ddlFor(String product) {
    String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
    String text;
    String inline;
    if (isPostgresql(product)) {
      text = "TEXT";
      inline = "TEXT";
    } else if (p.contains("h2")) {
      text = "CLOB";
      // H2 keeps a CLOB over 256 bytes in its LOB store (three more maps written per row);
      // a VARCHAR is stored in the row itself
      inline = "VARCHAR(1000000)";
    } else {
      throw new IllegalStateException("The audit log runs on H2 or PostgreSQL, not " + product);
    }
    return List.of(
        "CREATE TABLE IF NOT EXISTS "
            + EVENTS
            + " (id VARCHAR(36) NOT NULL PRIMARY KEY, recorded BIGINT NOT NULL,"
            + " request_id VARCHAR(64), source VARCHAR(16) NOT NULL, action VARCHAR(1) NOT NULL,"
            + " subtype VARCHAR(64), outcome INT NOT NULL, agent_pid VARCHAR(32),"
            + " agent_hpr VARCHAR(32), agent_name VARCHAR(255), client_id VARCHAR(255),"
            + " orgnr_parent VARCHAR(32), orgnr_child VARCHAR(32), purpose VARCHAR(16),"
            + " purpose_details VARCHAR(64), btg BOOLEAN NOT NULL, json "
            + text
            + " NOT NULL, facts "
            + inline
            + ")",
        // tables made before the facts column: their rows keep the AuditEvent JSON
        "ALTER TABLE " + EVENTS + " ADD COLUMN IF NOT EXISTS facts " + inline,
        "CREATE INDEX IF NOT EXISTS gw_audit_event_recorded_ix ON " + EVENTS + " (recorded)",
        "CREATE INDEX IF NOT EXISTS gw_audit_event_request_ix ON " + EVENTS + " (request_id)",
        "CREATE TABLE IF NOT EXISTS "
            + PATIENTS
            + " (event_id VARCHAR(36) NOT NULL, patient VARCHAR(128) NOT NULL,"
            + " recorded BIGINT NOT NULL, CONSTRAINT gw_audit_patient_pk"
            + " PRIMARY KEY (patient, recorded, event_id))");
  }

  /** An event with its stored JSON ({@link AuditFactsCodec}), for {@link #insertAll}. */
  public record Row(AuditEntry entry, String json) {}

  /**
   * Writes several events and their patient rows in one database transaction of its own, on a
   * connection of its own (two prepared-statement batches, one commit): a batch of the journal's
   * records ({@link AuditJournal}). Either all are committed when this returns, or it throws and
   * none is.
   */
  public void insertAll(List<Row> rows) {
    String events = insertEventSql();
    String patientRows =
        "INSERT INTO " + PATIENTS + " (event_id, patient, recorded) VALUES (?, ?, ?)";
    // a connection of its own, never the caller's transaction's: this commits
    try (Connection own = jdbc.getDataSource().getConnection()) {
      insertAll(own, rows, events, patientRows);
    } catch (SQLException e) {
      throw new org.springframework.dao.DataAccessResourceFailureException(
          "access log insert failed", e);
    }
  }

  private static void insertAll(Connection c, List<Row> rows, String events, String patientRows)
      throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (var ev = c.prepareStatement(events);
        var pa = c.prepareStatement(patientRows)) {
      int patientCount = 0;
      for (Row row : rows) {
        AuditEntry e = row.entry();
        long recorded = e.recorded().toEpochMilli();
        Object[] values = values(e, row.json());
        for (int i = 0; i < values.length; i++) {
          ev.setObject(i + 1, values[i]);
        }
        ev.addBatch();
        for (String p : e.patients().stream().map(p -> cut(p, 128)).distinct().toList()) {
          pa.setString(1, e.id());
          pa.setString(2, p);
          pa.setLong(3, recorded);
          pa.addBatch();
          patientCount++;
        }
      }
      ev.executeBatch();
      if (patientCount > 0) {
        pa.executeBatch();
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }

  /**
   * Writes those of the rows whose event is not stored yet (by id), in one transaction: the
   * journal's recovery after a crash, when a segment may have been copied but not deleted. Returns
   * how many were written.
   */
  public int insertMissing(List<Row> rows) {
    if (rows.isEmpty()) {
      return 0;
    }
    java.util.Set<String> present =
        new java.util.HashSet<>(
            jdbc.queryForList(
                "SELECT id FROM "
                    + EVENTS
                    + " WHERE id IN ("
                    + String.join(", ", rows.stream().map(r -> "?").toList())
                    + ")",
                String.class,
                rows.stream().map(r -> r.entry().id()).toArray()));
    List<Row> missing = rows.stream().filter(r -> !present.contains(r.entry().id())).toList();
    if (!missing.isEmpty()) {
      insertAll(missing);
    }
    return missing.size();
  }

  private String insertEventSql() {
    return "INSERT INTO "
        + eventsTable
        + " ("
        + COLUMNS
        + ", json, facts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?)";
  }

  /** The event row's values in {@link #COLUMNS} order, then the facts. */
  private static Object[] values(AuditEntry e, String json) {
    return new Object[] {
      e.id(),
      e.recorded().toEpochMilli(),
      cut(e.requestId(), 64),
      e.source(),
      e.action(),
      cut(e.subtype(), 64),
      e.outcome(),
      cut(e.agentPid(), 32),
      cut(e.agentHpr(), 32),
      cut(e.agentName(), 255),
      cut(e.clientId(), 255),
      cut(e.orgnrParent(), 32),
      cut(e.orgnrChild(), 32),
      cut(e.purpose(), 16),
      cut(e.purposeDetails(), 64),
      e.breakTheGlass(),
      json
    };
  }

  /** Writes one event and its patient rows (prepared statements, one batch for the patients). */
  public void insert(AuditEntry e, String json) {
    long recorded = e.recorded().toEpochMilli();
    jdbc.update(insertEventSql(), values(e, json));
    List<String> patients = e.patients().stream().map(p -> cut(p, 128)).distinct().toList();
    if (!patients.isEmpty()) {
      jdbc.batchUpdate(
          "INSERT INTO " + PATIENTS + " (event_id, patient, recorded) VALUES (?, ?, ?)",
          patients.stream().map(p -> new Object[] {e.id(), p, recorded}).toList());
    }
  }

  /**
   * A search of the log, newest first.
   *
   * @param patients only events of these patients (refs or identifiers); null = every event
   * @param from inclusive lower bound, may be null
   * @param to exclusive upper bound, may be null
   */
  public List<AuditEntry> search(Collection<String> patients, Instant from, Instant to, int limit) {
    beforeReading.run();
    if (patients != null && patients.isEmpty()) {
      return List.of();
    }
    StringBuilder sql = new StringBuilder("SELECT ");
    for (String c : COLUMNS.split(",\\s*")) {
      sql.append("e.").append(c).append(", ");
    }
    sql.setLength(sql.length() - 2);
    sql.append(" FROM ").append(EVENTS).append(" e WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (patients != null) {
      sql.append(" AND e.id IN (SELECT p.event_id FROM ")
          .append(PATIENTS)
          .append(" p WHERE p.patient IN (")
          .append(String.join(", ", patients.stream().map(p -> "?").toList()))
          .append("))");
      args.addAll(patients);
    }
    if (from != null) {
      sql.append(" AND e.recorded >= ?");
      args.add(from.toEpochMilli());
    }
    if (to != null) {
      sql.append(" AND e.recorded < ?");
      args.add(to.toEpochMilli());
    }
    sql.append(" ORDER BY e.recorded DESC, e.id LIMIT ").append(Math.max(1, limit));
    List<AuditEntry> rows = jdbc.query(sql.toString(), (rs, i) -> entry(rs), args.toArray());
    return withPatients(rows);
  }

  public Optional<AuditEntry> find(String id) {
    beforeReading.run();
    return withPatients(
            jdbc.query(
                "SELECT " + COLUMNS + " FROM " + EVENTS + " WHERE id = ?",
                (rs, i) -> entry(rs),
                id))
        .stream()
        .findFirst();
  }

  /**
   * The stored form of an event: its facts ({@link AuditFactsCodec}), or for a row written before
   * the facts column the AuditEvent's FHIR JSON.
   */
  public Optional<String> json(String id) {
    beforeReading.run();
    return jdbc
        .query(
            "SELECT facts, json FROM " + EVENTS + " WHERE id = ?",
            (rs, i) -> {
              String facts = rs.getString(1);
              return facts != null ? facts : rs.getString(2);
            },
            id)
        .stream()
        .findFirst();
  }

  /** Number of events with this request id (HAPI's, or an e-message's tracking id). */
  public int countByRequestId(String requestId) {
    beforeReading.run();
    Integer n =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM " + EVENTS + " WHERE request_id = ?", Integer.class, requestId);
    return n == null ? 0 : n;
  }

  private List<AuditEntry> withPatients(List<AuditEntry> rows) {
    if (rows.isEmpty()) {
      return rows;
    }
    Map<String, List<String>> byEvent = new LinkedHashMap<>();
    rows.forEach(r -> byEvent.put(r.id(), new ArrayList<>()));
    jdbc.query(
        "SELECT event_id, patient FROM "
            + PATIENTS
            + " WHERE event_id IN ("
            + String.join(", ", rows.stream().map(r -> "?").toList())
            + ")",
        rs -> {
          byEvent.get(rs.getString(1)).add(rs.getString(2));
        },
        rows.stream().map(AuditEntry::id).toArray());
    return rows.stream()
        .map(
            r ->
                new AuditEntry(
                    r.id(),
                    r.recorded(),
                    r.requestId(),
                    r.source(),
                    r.action(),
                    r.subtype(),
                    r.outcome(),
                    r.agentPid(),
                    r.agentHpr(),
                    r.agentName(),
                    r.clientId(),
                    r.orgnrParent(),
                    r.orgnrChild(),
                    r.purpose(),
                    r.purposeDetails(),
                    r.breakTheGlass(),
                    byEvent.get(r.id())))
        .toList();
  }

  private static AuditEntry entry(ResultSet rs) throws SQLException {
    return new AuditEntry(
        rs.getString(1),
        Instant.ofEpochMilli(rs.getLong(2)),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getInt(7),
        rs.getString(8),
        rs.getString(9),
        rs.getString(10),
        rs.getString(11),
        rs.getString(12),
        rs.getString(13),
        rs.getString(14),
        rs.getString(15),
        rs.getBoolean(16),
        List.of());
  }

  /**
   * For the fail-closed test only: points the inserts at a table that does not exist, so that they
   * fail as they would with the database unreachable or full. Never used outside tests.
   */
  public void simulateOutage(boolean outage) {
    eventsTable = outage ? EVENTS + "_unavailable" : EVENTS;
  }

  /** Whether {@link #simulateOutage} is on: the journal then fails its appends as well. */
  boolean outageSimulated() {
    return !EVENTS.equals(eventsTable);
  }

  private static String cut(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max);
  }
}
