package no.helsegateway.server.security.authz.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The care relationships of organisations with patients ({@code gw_care_relationship}): one row per
 * (organisation number, patient), with where it came from ({@code api-write}, {@code emessage},
 * {@code managing-organization}, {@code general-practitioner}) and when it was first seen. A system
 * client of organisation X may see a patient's data when X (its {@code orgnr_parent} or {@code
 * orgnr_child}) has a row. Rows are only added (a relationship ends by operations outside the API,
 * which is a known gap).
 */
public final class CareRelationships {

  static final String TABLE = "gw_care_relationship";

  private static final String CREATE =
      "CREATE TABLE IF NOT EXISTS "
          + TABLE
          + " (orgnr VARCHAR(20) NOT NULL, patient_id VARCHAR(100) NOT NULL,"
          + " source VARCHAR(40) NOT NULL, first_seen BIGINT NOT NULL,"
          + " CONSTRAINT gw_care_relationship_pk PRIMARY KEY (orgnr, patient_id))";

  private static final String INSERT =
      "INSERT INTO "
          + TABLE
          + " (orgnr, patient_id, source, first_seen) SELECT ?, ?, ?, ? WHERE NOT EXISTS"
          + " (SELECT 1 FROM "
          + TABLE
          + " WHERE orgnr = ? AND patient_id = ?)";

  private final JdbcTemplate jdbc;
  private final Clock clock;

  /**
   * Relationships known to exist ({@code orgnr|Patient/id}), from committed rows only. Rows are
   * only ever added through the gateway, so a positive answer stays true; the expiry bounds how
   * long a row removed by an operator outside the API is still honoured. Absence is not cached (a
   * new row counts at once).
   */
  private final Cache<String, Boolean> known =
      Caffeine.newBuilder().maximumSize(200_000).expireAfterWrite(Duration.ofMinutes(5)).build();

  public CareRelationships(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
    jdbc.execute(CREATE);
  }

  /**
   * Records that the organisation has a care relationship with the patient ({@code Patient/<id>}),
   * idempotently. Joins the caller's transaction when the data source is bound to it.
   */
  public void record(String orgnr, String patientRef, String source) {
    if (orgnr == null || orgnr.isBlank() || patientRef == null) {
      return;
    }
    String patient = patientRef.startsWith("Patient/") ? patientRef : "Patient/" + patientRef;
    try {
      jdbc.update(INSERT, orgnr, patient, source, clock.millis(), orgnr, patient);
    } catch (DuplicateKeyException e) {
      // another request recorded the same relationship at the same moment: it exists now
    }
  }

  /** Whether any of the organisations has a care relationship with the patient. */
  public boolean exists(Collection<String> orgnrs, String patientRef) {
    List<String> orgs = orgnrs.stream().filter(o -> o != null && !o.isBlank()).toList();
    if (orgs.isEmpty() || patientRef == null) {
      return false;
    }
    for (String org : orgs) {
      if (known.getIfPresent(org + "|" + patientRef) != null) {
        return true;
      }
    }
    String in = String.join(",", java.util.Collections.nCopies(orgs.size(), "?"));
    Object[] args = new Object[orgs.size() + 1];
    for (int i = 0; i < orgs.size(); i++) {
      args[i] = orgs.get(i);
    }
    args[orgs.size()] = patientRef;
    List<String> found =
        jdbc.queryForList(
            "SELECT orgnr FROM " + TABLE + " WHERE orgnr IN (" + in + ") AND patient_id = ?",
            String.class,
            args);
    // a row seen inside a writing transaction may be its own and still roll back: cache only
    // what a read-only or no transaction sees (committed rows)
    if (!TransactionSynchronizationManager.isActualTransactionActive()
        || TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
      found.forEach(org -> known.put(org + "|" + patientRef, Boolean.TRUE));
    }
    return !found.isEmpty();
  }
}
