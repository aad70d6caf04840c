package no.helsegateway.server.terminology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JpaTerminologyOperationsRemoverTest {

  @Test
  void replacesExactlyTheTerminologyOperationsTheGatewayAnswers() {
    assertThat(JpaTerminologyOperationsRemover.isReplaced("ConceptMap", "$translate")).isTrue();
    assertThat(JpaTerminologyOperationsRemover.isReplaced("CodeSystem", "$lookup")).isTrue();
    assertThat(JpaTerminologyOperationsRemover.isReplaced("CodeSystem", "validate-code")).isTrue();
    assertThat(JpaTerminologyOperationsRemover.isReplaced("ValueSet", "$validate-code")).isTrue();
    assertThat(JpaTerminologyOperationsRemover.isReplaced("ValueSet", "$expand")).isFalse();
    assertThat(JpaTerminologyOperationsRemover.isReplaced("CodeSystem", "$subsumes")).isFalse();
    assertThat(JpaTerminologyOperationsRemover.isReplaced("Patient", "$everything")).isFalse();
    assertThat(JpaTerminologyOperationsRemover.isReplaced(null, "$translate")).isFalse();
  }
}
