package no.helsegateway.server.openehr.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JpaFhirSourceTest {

  @Test
  void namespacesMatchTheOpenEhrPattern() {
    assertThat(JpaFhirSource.namespace("urn:oid:2.16.578.1.12.4.1.4.1")).isEqualTo("no-fnr");
    assertThat(JpaFhirSource.namespace("urn:oid:2.16.578.1.12.4.1.4.2")).isEqualTo("no-dnr");
    assertThat(JpaFhirSource.namespace("urn:oid:1.2.3"))
        .isEqualTo("urn:oid:1-2-3")
        .matches("[a-zA-Z][a-zA-Z0-9-_:/&+?]*");
  }
}
