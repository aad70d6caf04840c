package no.helsegateway.server.security.authz.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
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
   * Relationships known to exist ({@code orgnr|Patient/id}), from committed rows only (both the
   * database and PostgreSQL run read committed, so a row another transaction still holds is not
   * seen; one this transaction wrote is cached when it commits). Rows are only ever added through
   * the gateway, so a positive answer stays true; the expiry bounds how long a row removed by an
   * operator outside the API is still honoured. Absence is not cached (a new row counts at once).
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
   * idempotently. Joins the caller's transaction when the data source is bound to it. A
   * relationship known to be committed is not written again.
   */
  public void record(String orgnr, String patientRef, String source) {
    if (orgnr == null || orgnr.isBlank() || patientRef == null) {
      return;
    }
    String patient = patientRef.startsWith("Patient/") ? patientRef : "Patient/" + patientRef;
    String key = orgnr + "|" + patient;
    if (known.getIfPresent(key) != null) {
      return;
    }
    try {
      jdbc.update(INSERT, orgnr, patient, source, clock.millis(), orgnr, patient);
    } catch (DuplicateKeyException e) {
      // another request recorded the same relationship at the same moment: it exists now
    }
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      // known once the transaction has committed, not before: it may still roll back
      writtenHere().add(key);
    } else {
      known.put(key, Boolean.TRUE);
    }
  }

  /**
   * The relationships this thread's transaction has written (and that may still roll back); moved
   * to {@link #known} when it commits.
   */
  private Set<String> writtenHere() {
    @SuppressWarnings("unchecked")
    Set<String> keys = (Set<String>) TransactionSynchronizationManager.getResource(this);
    if (keys == null) {
      Set<String> created = new HashSet<>();
      TransactionSynchronizationManager.bindResource(this, created);
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
              TransactionSynchronizationManager.unbindResourceIfPossible(CareRelationships.this);
              if (status == STATUS_COMMITTED) {
                created.forEach(k -> known.put(k, Boolean.TRUE));
              }
            }
          });
      keys = created;
    }
    return keys;
  }

  /** Keys written by this thread's open transaction, empty outside one. */
  private Set<String> uncommittedHere() {
    Object keys = TransactionSynchronizationManager.getResource(this);
    @SuppressWarnings("unchecked")
    Set<String> set = keys == null ? Set.of() : (Set<String>) keys;
    return set;
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
    String in = String.join(",", Collections.nCopies(orgs.size(), "?"));
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
    // rows are read committed: a row found is committed unless this transaction wrote it
    // itself (then it may still roll back, and is cached when it commits)
    Set<String> mine = uncommittedHere();
    for (String org : found) {
      String key = org + "|" + patientRef;
      if (!mine.contains(key)) {
        known.put(key, Boolean.TRUE);
      }
    }
    return !found.isEmpty();
  }
}
