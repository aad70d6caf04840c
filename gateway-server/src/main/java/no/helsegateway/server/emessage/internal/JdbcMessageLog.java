package no.helsegateway.server.emessage.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import no.helsegateway.routes.emessage.FinalRecord;
import no.helsegateway.routes.emessage.LoggedMessage;
import no.helsegateway.routes.emessage.MessageLog;
import no.helsegateway.routes.emessage.MessageOutcome;
import no.helsegateway.routes.emessage.MessageState;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * The message log, the raw-message table and the de-duplication table in the application database
 * (H2 or PostgreSQL), created at start-up when missing. Times are epoch milliseconds. JdbcTemplate
 * joins the surrounding Spring transaction, so the pipeline's final write shares HAPI's.
 *
 * <ul>
 *   <li>{@code gw_message_log}: one row per receipt (tracking id), state and its timestamps,
 *       outcome, sender, message id, type, error codes, the AppRec.
 *   <li>{@code gw_message_raw}: the bytes as received, one row per tracking id.
 *   <li>{@code gw_message_dedupe}: UNIQUE (sender, message_id) -> the first copy's tracking id.
 * </ul>
 */
public final class JdbcMessageLog implements MessageLog {

  static final String LOG = "gw_message_log";
  static final String RAW = "gw_message_raw";
  static final String DEDUPE = "gw_message_dedupe";
  static final int MAX_KEY = 255;

  private static final String COLUMNS =
      "tracking_id, channel, reply_ref, state, outcome, sender, message_id, message_type,"
          + " error_codes, apprec_xml, dead_letter_reason, received_at, processed_at,"
          + " acknowledged_at, dead_letter_at";

  private final JdbcTemplate jdbc;
  private final Clock clock;

  public JdbcMessageLog(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
    String product = jdbc.execute((ConnectionCallback<String>) JdbcMessageLog::productName);
    for (String ddl : ddlFor(product)) {
      jdbc.execute(ddl);
    }
  }

  private static String productName(Connection c) throws SQLException {
    return c.getMetaData().getDatabaseProductName();
  }

  static List<String> ddlFor(String product) {
    String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
    String text;
    String bytes;
    if (p.contains("postgres")) {
      text = "TEXT";
      bytes = "BYTEA";
    } else if (p.contains("h2")) {
      text = "CLOB";
      bytes = "BLOB";
    } else {
      throw new IllegalStateException("The message log runs on H2 or PostgreSQL, not " + product);
    }
    return List.of(
        "CREATE TABLE IF NOT EXISTS "
            + LOG
            + " (tracking_id VARCHAR(36) NOT NULL PRIMARY KEY, channel VARCHAR(16) NOT NULL,"
            + " reply_ref VARCHAR(512), state VARCHAR(16) NOT NULL, outcome VARCHAR(16),"
            + " sender VARCHAR(255), message_id VARCHAR(255), message_type VARCHAR(64),"
            + " error_codes VARCHAR(1000), apprec_xml "
            + text
            + ", dead_letter_reason VARCHAR(500), received_at BIGINT NOT NULL,"
            + " processed_at BIGINT, acknowledged_at BIGINT, dead_letter_at BIGINT,"
            + " requeued_at BIGINT)",
        "CREATE INDEX IF NOT EXISTS gw_message_log_state_ix ON " + LOG + " (state, received_at)",
        "CREATE INDEX IF NOT EXISTS gw_message_log_sender_ix ON " + LOG + " (sender, message_id)",
        "CREATE TABLE IF NOT EXISTS "
            + RAW
            + " (tracking_id VARCHAR(36) NOT NULL PRIMARY KEY, body "
            + bytes
            + " NOT NULL)",
        "CREATE TABLE IF NOT EXISTS "
            + DEDUPE
            + " (sender VARCHAR(255) NOT NULL, message_id VARCHAR(255) NOT NULL,"
            + " tracking_id VARCHAR(36) NOT NULL, created_at BIGINT NOT NULL,"
            + " CONSTRAINT gw_message_dedupe_uk UNIQUE (sender, message_id))",
        "CREATE INDEX IF NOT EXISTS gw_message_dedupe_created_ix ON " + DEDUPE + " (created_at)");
  }

  /** Receipt: the log row (RECEIVED) and the raw bytes; joins the caller's transaction. */
  public void insertReceived(String trackingId, String channel, String replyRef, byte[] bytes) {
    long now = clock.millis();
    jdbc.update(
        "INSERT INTO "
            + LOG
            + " (tracking_id, channel, reply_ref, state, received_at) VALUES (?, ?, ?, ?, ?)",
        trackingId,
        channel,
        cut(replyRef, 512),
        MessageState.RECEIVED.name(),
        now);
    jdbc.update("INSERT INTO " + RAW + " (tracking_id, body) VALUES (?, ?)", trackingId, bytes);
  }

  @Override
  public Optional<LoggedMessage> find(String trackingId) {
    List<LoggedMessage> rows =
        jdbc.query(
            "SELECT " + COLUMNS + " FROM " + LOG + " WHERE tracking_id = ?", MAPPER, trackingId);
    return rows.stream().findFirst();
  }

  @Override
  public byte[] raw(String trackingId) {
    return jdbc.queryForObject(
        "SELECT body FROM " + RAW + " WHERE tracking_id = ?",
        (rs, i) -> rs.getBytes(1),
        trackingId);
  }

  @Override
  public String claimDedupe(String sender, String messageId, String trackingId) {
    String s = cut(sender, MAX_KEY);
    String m = cut(messageId, MAX_KEY);
    List<String> holder =
        jdbc.queryForList(
            "SELECT tracking_id FROM " + DEDUPE + " WHERE sender = ? AND message_id = ?",
            String.class,
            s,
            m);
    if (!holder.isEmpty()) {
      return holder.get(0);
    }
    // A concurrent claim of the same key violates the constraint: the transaction is retried.
    jdbc.update(
        "INSERT INTO "
            + DEDUPE
            + " (sender, message_id, tracking_id, created_at) VALUES (?, ?, ?, ?)",
        s,
        m,
        trackingId,
        clock.millis());
    return trackingId;
  }

  @Override
  public boolean finish(String trackingId, FinalRecord r) {
    int n =
        jdbc.update(
            "UPDATE "
                + LOG
                + " SET state = ?, outcome = ?, sender = ?, message_id = ?, message_type = ?,"
                + " error_codes = ?, apprec_xml = ?, processed_at = ?"
                + " WHERE tracking_id = ? AND state = ?",
            r.state().name(),
            r.outcome().name(),
            cut(r.sender(), MAX_KEY),
            cut(r.messageId(), MAX_KEY),
            cut(r.messageType(), 64),
            cut(String.join(",", r.errorCodes()), 1000),
            r.appRecXml(),
            clock.millis(),
            trackingId,
            MessageState.RECEIVED.name());
    return n == 1;
  }

  @Override
  public void acknowledge(String trackingId) {
    jdbc.update(
        "UPDATE "
            + LOG
            + " SET state = ?, acknowledged_at = ? WHERE tracking_id = ? AND state IN (?, ?, ?)",
        MessageState.ACKNOWLEDGED.name(),
        clock.millis(),
        trackingId,
        MessageState.STORED.name(),
        MessageState.REJECTED.name(),
        MessageState.DUPLICATE.name());
  }

  @Override
  public void deadLetter(String trackingId, String reason) {
    jdbc.update(
        "UPDATE "
            + LOG
            + " SET state = ?, dead_letter_at = ?, dead_letter_reason = ?"
            + " WHERE tracking_id = ? AND state = ?",
        MessageState.DEAD_LETTER.name(),
        clock.millis(),
        cut(reason, 500),
        trackingId,
        MessageState.RECEIVED.name());
  }

  /** Replay: DEAD_LETTER back to RECEIVED; false when the row is not in the dead-letter store. */
  public boolean resetForReplay(String trackingId) {
    return jdbc.update(
            "UPDATE " + LOG + " SET state = ?, requeued_at = ? WHERE tracking_id = ? AND state = ?",
            MessageState.RECEIVED.name(),
            clock.millis(),
            trackingId,
            MessageState.DEAD_LETTER.name())
        == 1;
  }

  /**
   * RECEIVED rows whose last queueing is older than {@code age}; marks them re-queued (so two
   * nodes' sweepers do not both pick a row in one round).
   */
  public List<String> claimStale(Duration age, int limit) {
    long cutoff = clock.millis() - age.toMillis();
    List<String> ids =
        jdbc.queryForList(
            "SELECT tracking_id FROM "
                + LOG
                + " WHERE state = ? AND COALESCE(requeued_at, received_at) < ?"
                + " ORDER BY received_at LIMIT "
                + limit,
            String.class,
            MessageState.RECEIVED.name(),
            cutoff);
    List<String> claimed = new ArrayList<>();
    for (String id : ids) {
      int n =
          jdbc.update(
              "UPDATE "
                  + LOG
                  + " SET requeued_at = ? WHERE tracking_id = ? AND state = ?"
                  + " AND COALESCE(requeued_at, received_at) < ?",
              clock.millis(),
              id,
              MessageState.RECEIVED.name(),
              cutoff);
      if (n == 1) {
        claimed.add(id);
      }
    }
    return claimed;
  }

  /** Drops de-duplication keys older than the retention. */
  public int purgeDedupe(Duration retention) {
    return jdbc.update(
        "DELETE FROM " + DEDUPE + " WHERE created_at < ?", clock.millis() - retention.toMillis());
  }

  /** The log filtered by sender and state (either may be null), newest first. */
  public List<LoggedMessage> query(String sender, MessageState state, int limit) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM " + LOG + " WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (sender != null) {
      sql.append(" AND sender = ?");
      args.add(sender);
    }
    if (state != null) {
      sql.append(" AND state = ?");
      args.add(state.name());
    }
    sql.append(" ORDER BY received_at DESC LIMIT ").append(limit);
    return jdbc.query(sql.toString(), MAPPER, args.toArray());
  }

  private static final RowMapper<LoggedMessage> MAPPER =
      (ResultSet rs, int i) ->
          new LoggedMessage(
              rs.getString(1),
              rs.getString(2),
              rs.getString(3),
              MessageState.valueOf(rs.getString(4)),
              rs.getString(5) == null ? null : MessageOutcome.valueOf(rs.getString(5)),
              rs.getString(6),
              rs.getString(7),
              rs.getString(8),
              rs.getString(9) == null || rs.getString(9).isEmpty()
                  ? List.of()
                  : Arrays.asList(rs.getString(9).split(",")),
              rs.getString(10),
              rs.getString(11),
              instant(rs, 12),
              instant(rs, 13),
              instant(rs, 14),
              instant(rs, 15));

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  private static String cut(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max);
  }
}
