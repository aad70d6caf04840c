package no.helsegateway.server.security.authz.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.helsegateway.server.security.Attestation;
import no.helsegateway.server.security.GatewayPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Break-the-glass follow-up: every request under emergency access is counted ({@code
 * gateway_security_break_the_glass_total{channel}}), logged at WARN without patient data, and
 * written to {@code gw_btg_followup} for the mandatory after-the-fact control (who, which
 * organisation, which patients, the reason, when), listed at {@code GET /security/break-the-glass}.
 */
public final class BreakTheGlassFollowUp {

  static final String TABLE = "gw_btg_followup";
  static final String METRIC = "gateway_security_break_the_glass";
  private static final String RAISED = BreakTheGlassFollowUp.class.getName() + ".raised";

  private static final Logger log = LoggerFactory.getLogger(BreakTheGlassFollowUp.class);

  private static final String CREATE =
      "CREATE TABLE IF NOT EXISTS "
          + TABLE
          + " (id VARCHAR(36) NOT NULL PRIMARY KEY, raised_at BIGINT NOT NULL,"
          + " subject VARCHAR(255), hpr_number VARCHAR(20), client_id VARCHAR(255),"
          + " orgnr VARCHAR(20), patients VARCHAR(2000), reason VARCHAR(2000),"
          + " channel VARCHAR(20), interaction VARCHAR(60), status VARCHAR(20) NOT NULL)";

  private final JdbcTemplate jdbc;
  private final MeterRegistry meters;
  private final Clock clock;

  public BreakTheGlassFollowUp(JdbcTemplate jdbc, MeterRegistry meters, Clock clock) {
    this.jdbc = jdbc;
    this.meters = meters;
    this.clock = clock;
    jdbc.execute(CREATE);
  }

  /** Raises one follow-up per request (transaction sub-requests share it). */
  public void raise(
      HttpServletRequest request, PatientAccess access, String channel, String interaction) {
    if (request.getAttribute(RAISED) != null) {
      return;
    }
    request.setAttribute(RAISED, Boolean.TRUE);
    GatewayPrincipal p = access.principal();
    Attestation a = p.attestation();
    String id = UUID.randomUUID().toString();
    String reason =
        a == null
            ? null
            : a.decisionRefDescription() != null && !a.decisionRefDescription().isBlank()
                ? a.decisionRefDescription()
                : a.purposeOfUseDetails();
    String patients =
        access.explicitPatients() == null ? "" : String.join(",", access.explicitPatients());
    jdbc.update(
        "INSERT INTO "
            + TABLE
            + " (id, raised_at, subject, hpr_number, client_id, orgnr, patients, reason, channel,"
            + " interaction, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN')",
        id,
        clock.millis(),
        cut(p.subject(), 255),
        cut(p.hprNumber(), 20),
        cut(p.clientId(), 255),
        cut(p.actingOrgnr(), 20),
        cut(patients, 2000),
        cut(reason, 2000),
        channel,
        cut(interaction, 60));
    Counter.builder(METRIC)
        .description("Requests under break-the-glass (emergency) access")
        .tag("channel", channel)
        .register(meters)
        .increment();
    log.warn(
        "Break-the-glass access followUp={} hpr={} orgnr={} client={} channel={}",
        id,
        p.hprNumber(),
        p.actingOrgnr(),
        p.clientId(),
        channel);
  }

  /** The follow-ups, newest first. */
  public List<Map<String, Object>> list(int limit) {
    List<Map<String, Object>> out = new ArrayList<>();
    jdbc.query(
        "SELECT id, raised_at, subject, hpr_number, client_id, orgnr, patients, reason, channel,"
            + " interaction, status FROM "
            + TABLE
            + " ORDER BY raised_at DESC",
        rs -> {
          if (out.size() >= limit) {
            return;
          }
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("id", rs.getString("id"));
          row.put("raisedAt", Instant.ofEpochMilli(rs.getLong("raised_at")).toString());
          row.put("subject", rs.getString("subject"));
          row.put("hprNumber", rs.getString("hpr_number"));
          row.put("clientId", rs.getString("client_id"));
          row.put("orgnr", rs.getString("orgnr"));
          String patients = rs.getString("patients");
          row.put(
              "patients",
              patients == null || patients.isEmpty() ? List.of() : List.of(patients.split(",")));
          row.put("reason", rs.getString("reason"));
          row.put("channel", rs.getString("channel"));
          row.put("interaction", rs.getString("interaction"));
          row.put("status", rs.getString("status"));
          out.add(row);
        });
    return out;
  }

  private static String cut(String s, int max) {
    return s == null ? null : s.length() <= max ? s : s.substring(0, max);
  }
}
