package no.helsegateway.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect;
import org.junit.jupiter.api.Test;

class FhirJpaConfigTest {

  @Test
  void theDialectFollowsTheJdbcUrl() {
    assertThat(FhirJpaConfig.dialectFor("jdbc:h2:file:./data/fhir/h2"))
        .isEqualTo(HapiFhirH2Dialect.class.getName());
    assertThat(FhirJpaConfig.dialectFor("jdbc:postgresql://db:5432/fhir"))
        .isEqualTo(HapiFhirPostgresDialect.class.getName());
  }

  @Test
  void anUnsupportedDatabaseStopsTheStartWithAClearMessage() {
    assertThatThrownBy(() -> FhirJpaConfig.dialectFor("jdbc:mysql://db/fhir"))
        .hasMessageContaining("H2 or PostgreSQL");
  }
}
