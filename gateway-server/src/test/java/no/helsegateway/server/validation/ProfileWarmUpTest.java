package no.helsegateway.server.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import no.helsegateway.profiles.GatewayProfiles;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

/** The background warm-up: readiness and validation wait for it; validation is never skipped. */
class ProfileWarmUpTest {

  private static final FhirContext CTX = FhirContext.forR4Cached();

  /** A Patient the gateway profile refuses: a fødselsnummer with a wrong check digit. */
  private static Patient invalidPatient() {
    Patient p = new Patient();
    p.addIdentifier().setSystem("urn:oid:2.16.578.1.12.4.1.4.1").setValue("13116900217");
    p.addName().setFamily("Testesen").addGiven("Test");
    return p;
  }

  @Test
  void aValidationDuringTheWarmUpWaitsForItAndStillValidates() {
    CountDownLatch release = new CountDownLatch(1);
    ProfileWarmUp warmUp =
        ProfileWarmUp.start(
            () -> {
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return GatewayProfiles.load(CTX);
            },
            false);
    ProfileWarmUpHealthIndicator health = new ProfileWarmUpHealthIndicator(warmUp);
    assertThat(warmUp.state()).isEqualTo(ProfileWarmUp.State.RUNNING);
    assertThat(health.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);

    CompletableFuture<List<SingleValidationMessage>> validation =
        CompletableFuture.supplyAsync(
            () -> new ProfileValidator(warmUp.profiles(), warmUp).validate(invalidPatient()));
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !validation.isDone());

    release.countDown();
    List<SingleValidationMessage> messages = validation.join();
    assertThat(messages).anyMatch(ProfileValidator::isError);
    assertThat(warmUp.state()).isEqualTo(ProfileWarmUp.State.DISABLED);
    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
  }

  @Test
  void theWarmUpValidatesTheExamplesAndThenReportsReady() {
    ProfileWarmUp warmUp = ProfileWarmUp.start(() -> GatewayProfiles.load(CTX), true);
    warmUp.await();
    assertThat(warmUp.state()).isEqualTo(ProfileWarmUp.State.DONE);
    assertThat(warmUp.examples()).isPositive();
    assertThat(new ProfileWarmUpHealthIndicator(warmUp).health().getStatus()).isEqualTo(Status.UP);
  }

  @Test
  void aFailedWarmUpMakesReadinessDownAndValidationRefused() {
    ProfileWarmUp warmUp =
        ProfileWarmUp.start(
            () -> {
              throw new IllegalStateException("broken package");
            },
            true);
    assertThatThrownBy(warmUp::await).isInstanceOf(IllegalStateException.class);
    assertThat(warmUp.state()).isEqualTo(ProfileWarmUp.State.FAILED);
    assertThat(new ProfileWarmUpHealthIndicator(warmUp).health().getStatus())
        .isEqualTo(Status.DOWN);
    assertThatThrownBy(warmUp::profiles).isInstanceOf(IllegalStateException.class);
  }
}
