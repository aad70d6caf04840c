package no.helsegateway.server.hl7v2.internal;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The HL7 v2 de-duplication log in the application database: one row per accepted message under
 * UNIQUE(sending_facility, control_id), holding the ACK that was sent. The row is written in the
 * same database transaction as the FHIR resources (the JdbcTemplate joins the JPA transaction), so
 * either both are there or neither; a resent message finds its row and gets the same ACK. The table
 * is created at start-up when missing (H2 and PostgreSQL).
 */
public final class JdbcHl7v2MessageLog {

  static final String TABLE = "gw_hl7v2_message";
  static final int MAX_FACILITY = 255;
  static final int MAX_CONTROL_ID = 199;

  private static final String CREATE =
      "CREATE TABLE IF NOT EXISTS "
          + TABLE
          + " (sending_facility VARCHAR(255) NOT NULL, control_id VARCHAR(199) NOT NULL,"
          + " event VARCHAR(20) NOT NULL, ack_code VARCHAR(2) NOT NULL, ack VARCHAR(4000) NOT NULL,"
          + " received_at BIGINT NOT NULL,"
          + " CONSTRAINT gw_hl7v2_message_uk UNIQUE (sending_facility, control_id))";

  private final JdbcTemplate jdbc;
  private final Clock clock;

  public JdbcHl7v2MessageLog(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
    jdbc.execute(CREATE);
  }

  /** The stored ACK of an accepted message, if this one was seen before. */
  public Optional<String> find(String sendingFacility, String controlId) {
    List<String> acks =
        jdbc.queryForList(
            "SELECT ack FROM " + TABLE + " WHERE sending_facility = ? AND control_id = ?",
            String.class,
            cut(sendingFacility, MAX_FACILITY),
            cut(controlId, MAX_CONTROL_ID));
    return acks.stream().findFirst();
  }

  /**
   * Records an accepted message; joins the caller's transaction. Throws {@link
   * org.springframework.dao.DuplicateKeyException} when the key is taken.
   */
  public void insert(
      String sendingFacility, String controlId, String event, String ackCode, String ack) {
    jdbc.update(
        "INSERT INTO "
            + TABLE
            + " (sending_facility, control_id, event, ack_code, ack, received_at)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        cut(sendingFacility, MAX_FACILITY),
        cut(controlId, MAX_CONTROL_ID),
        cut(event, 20),
        ackCode,
        cut(ack, 4000),
        clock.millis());
  }

  /** Number of rows (for tests and operations). */
  public long count() {
    Long n = jdbc.queryForObject("SELECT COUNT(*) FROM " + TABLE, Long.class);
    return n == null ? 0 : n;
  }

  private static String cut(String s, int max) {
    return s == null ? "" : s.length() <= max ? s : s.substring(0, max);
  }
}
