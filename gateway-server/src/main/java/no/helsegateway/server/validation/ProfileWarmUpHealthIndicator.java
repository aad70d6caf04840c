package no.helsegateway.server.validation;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Health {@code profileWarmUp} (in the readiness group): OUT_OF_SERVICE while the validator warms
 * up, UP when it is warm (or warm-up is off), DOWN when the warm-up failed.
 */
public class ProfileWarmUpHealthIndicator implements HealthIndicator {

  private final ProfileWarmUp warmUp;

  public ProfileWarmUpHealthIndicator(ProfileWarmUp warmUp) {
    this.warmUp = warmUp;
  }

  @Override
  public Health health() {
    Health.Builder b =
        switch (warmUp.state()) {
          case RUNNING -> Health.outOfService();
          case DONE, DISABLED -> Health.up().withDetail("examples", warmUp.examples());
          case FAILED -> Health.down();
        };
    return b.withDetail("state", warmUp.state().name())
        .withDetail("millis", warmUp.elapsed().toMillis())
        .build();
  }
}
