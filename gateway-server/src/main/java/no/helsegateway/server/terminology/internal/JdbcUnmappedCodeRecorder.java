package no.helsegateway.server.terminology.internal;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import no.helsegateway.terminology.CodeSystems;
import no.helsegateway.terminology.UnmappedCode;
import no.helsegateway.terminology.UnmappedCodeRecorder;
import no.helsegateway.terminology.UnmappedCodeReport;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The unmapped-code store in the application database, shared by all gateway nodes: one row per
 * (system, code, sender) with a count and first/last seen (epoch milliseconds), under a unique
 * constraint. Recording is one atomic upsert: {@code INSERT ... ON CONFLICT DO UPDATE} on
 * PostgreSQL, {@code MERGE} on H2 (retried when two nodes insert the same new row at once). The
 * table is created at start-up when missing.
 */
public final class JdbcUnmappedCodeRecorder implements UnmappedCodeRecorder {

  static final String TABLE = "gw_unmapped_code";
  static final int MAX_SYSTEM = 255;
  static final int MAX_CODE = 100;
  static final int MAX_SENDER = 255;

  private static final String CREATE =
      "CREATE TABLE IF NOT EXISTS "
          + TABLE
          + " (code_system VARCHAR(255) NOT NULL, code VARCHAR(100) NOT NULL,"
          + " sender VARCHAR(255) NOT NULL, seen_count BIGINT NOT NULL,"
          + " first_seen BIGINT NOT NULL, last_seen BIGINT NOT NULL,"
          + " CONSTRAINT gw_unmapped_code_uk UNIQUE (code_system, code, sender))";

  private static final String UPSERT_POSTGRES =
      "INSERT INTO "
          + TABLE
          + " (code_system, code, sender, seen_count, first_seen, last_seen)"
          + " VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT (code_system, code, sender) DO UPDATE SET"
          + " seen_count = "
          + TABLE
          + ".seen_count + 1, first_seen = LEAST("
          + TABLE
          + ".first_seen, EXCLUDED.first_seen), last_seen = GREATEST("
          + TABLE
          + ".last_seen, EXCLUDED.last_seen)";

  private static final String UPSERT_H2 =
      "MERGE INTO "
          + TABLE
          + " t USING (VALUES (CAST(? AS VARCHAR(255)), CAST(? AS VARCHAR(100)),"
          + " CAST(? AS VARCHAR(255)), CAST(? AS BIGINT), CAST(? AS BIGINT)))"
          + " s(code_system, code, sender, first_seen, last_seen)"
          + " ON t.code_system = s.code_system AND t.code = s.code AND t.sender = s.sender"
          + " WHEN MATCHED THEN UPDATE SET seen_count = t.seen_count + 1,"
          + " first_seen = LEAST(t.first_seen, s.first_seen),"
          + " last_seen = GREATEST(t.last_seen, s.last_seen)"
          + " WHEN NOT MATCHED THEN INSERT (code_system, code, sender, seen_count, first_seen,"
          + " last_seen) VALUES (s.code_system, s.code, s.sender, 1, s.first_seen, s.last_seen)";

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final String upsert;

  public JdbcUnmappedCodeRecorder(JdbcTemplate jdbc) {
    this(jdbc, Clock.systemUTC());
  }

  public JdbcUnmappedCodeRecorder(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
    String product =
        jdbc.execute((ConnectionCallback<String>) JdbcUnmappedCodeRecorder::productName);
    this.upsert = upsertFor(product);
    jdbc.execute(CREATE);
  }

  private static String productName(Connection c) throws java.sql.SQLException {
    return c.getMetaData().getDatabaseProductName();
  }

  static String upsertFor(String databaseProduct) {
    String p = databaseProduct == null ? "" : databaseProduct.toLowerCase(Locale.ROOT);
    if (p.contains("postgres")) {
      return UPSERT_POSTGRES;
    }
    if (p.contains("h2")) {
      return UPSERT_H2;
    }
    throw new IllegalStateException(
        "The unmapped-code store runs on H2 or PostgreSQL, not on " + databaseProduct);
  }

  @Override
  public void record(UnmappedCode sighting) {
    String system = cut(CodeSystems.canonical(sighting.system()), MAX_SYSTEM);
    String code = cut(CodeSystems.normaliseCode(system, sighting.code()), MAX_CODE);
    String sender = cut(sighting.sender(), MAX_SENDER);
    long at = sighting.seenAt().toEpochMilli();
    for (int attempt = 1; ; attempt++) {
      try {
        jdbc.update(upsert, system, code, sender, at, at);
        return;
      } catch (DuplicateKeyException e) {
        // H2 MERGE racing another insert of the same new row: the row exists now, so retry.
        if (attempt >= 5) {
          throw e;
        }
      }
    }
  }

  private static String cut(String value, int max) {
    return value.length() <= max ? value : value.substring(0, max);
  }

  @Override
  public UnmappedCodeReport report() {
    record Key(String system, String code) {}
    final class Agg {
      long count;
      final Set<String> senders = new TreeSet<>();
      long first = Long.MAX_VALUE;
      long last = Long.MIN_VALUE;
    }
    Map<Key, Agg> rows = new LinkedHashMap<>();
    jdbc.query(
        "SELECT code_system, code, sender, seen_count, first_seen, last_seen FROM " + TABLE,
        rs -> {
          Agg a = rows.computeIfAbsent(new Key(rs.getString(1), rs.getString(2)), k -> new Agg());
          a.count += rs.getLong(4);
          a.senders.add(rs.getString(3));
          a.first = Math.min(a.first, rs.getLong(5));
          a.last = Math.max(a.last, rs.getLong(6));
        });
    List<UnmappedCodeReport.Row> out = new ArrayList<>(rows.size());
    rows.forEach(
        (k, a) ->
            out.add(
                new UnmappedCodeReport.Row(
                    k.code(),
                    k.system(),
                    a.count,
                    a.senders,
                    Instant.ofEpochMilli(a.first),
                    Instant.ofEpochMilli(a.last))));
    out.sort(
        Comparator.comparingLong(UnmappedCodeReport.Row::count)
            .reversed()
            .thenComparing(UnmappedCodeReport.Row::system)
            .thenComparing(UnmappedCodeReport.Row::code));
    return new UnmappedCodeReport(clock.instant(), out, 0);
  }
}
