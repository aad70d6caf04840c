package no.helsegateway.server.security.authz.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Care relationships are remembered once they are known to be committed, and never before: a row
 * this transaction wrote itself is not trusted until the transaction commits, so a rolled-back
 * write leaves no relationship behind. Whether an answer came from the memory is seen by removing
 * the row behind the cache's back (as an operator outside the API would).
 */
class CareRelationshipsTest {

  static final String ORG = "874716782";
  static final List<String> ORGS = List.of(ORG);

  JdbcTemplate jdbc;
  TransactionTemplate tx;
  CareRelationships relationships;

  @BeforeEach
  void setUp() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:care-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    jdbc = new JdbcTemplate(ds);
    tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
    relationships = new CareRelationships(jdbc, Clock.systemUTC());
  }

  private void removeBehindTheCachesBack() {
    jdbc.update("DELETE FROM " + CareRelationships.TABLE);
  }

  @Test
  void aRelationshipWrittenInATransactionThatRollsBackIsNotRemembered() {
    tx.executeWithoutResult(
        status -> {
          relationships.record(ORG, "Patient/p1", "api-write");
          // its own row is visible inside the transaction, but must not be cached yet
          assertThat(relationships.exists(ORGS, "Patient/p1")).isTrue();
          status.setRollbackOnly();
        });

    assertThat(relationships.exists(ORGS, "Patient/p1")).isFalse();
  }

  @Test
  void aRelationshipWrittenInATransactionIsRememberedWhenItCommits() {
    tx.executeWithoutResult(status -> relationships.record(ORG, "p2", "api-write"));
    removeBehindTheCachesBack();

    assertThat(relationships.exists(ORGS, "Patient/p2")).isTrue();
    // and is not written again: the row stays gone
    relationships.record(ORG, "Patient/p2", "api-write");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM gw_care_relationship", Integer.class))
        .isZero();
  }

  @Test
  void aCommittedRowFoundInsideAWritingTransactionIsRemembered() {
    relationships.record(ORG, "Patient/p3", "emessage");
    CareRelationships fresh = new CareRelationships(jdbc, Clock.systemUTC());

    tx.executeWithoutResult(status -> assertThat(fresh.exists(ORGS, "Patient/p3")).isTrue());
    removeBehindTheCachesBack();

    assertThat(fresh.exists(ORGS, "Patient/p3")).isTrue();
    assertThat(fresh.exists(ORGS, "Patient/p4")).isFalse();
  }

  @Test
  void absenceIsNotRemembered() {
    assertThat(relationships.exists(ORGS, "Patient/p5")).isFalse();
    relationships.record(ORG, "Patient/p5", "api-write");

    assertThat(relationships.exists(ORGS, "Patient/p5")).isTrue();
    assertThat(relationships.exists(List.of("999999999"), "Patient/p5")).isFalse();
  }
}
