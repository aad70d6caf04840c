package no.helsegateway.terminology.internal.snowstorm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Skips Snowstorm for a while after a number of failed calls in a row. Thread-safe. */
final class CircuitBreaker {
  private final int threshold;
  private final Duration openDuration;
  private final Clock clock;
  private int failures;
  private Instant openUntil = Instant.MIN;

  CircuitBreaker(int threshold, Duration openDuration, Clock clock) {
    this.threshold = threshold;
    this.openDuration = openDuration;
    this.clock = clock;
  }

  synchronized boolean allows() {
    return !clock.instant().isBefore(openUntil);
  }

  synchronized void success() {
    failures = 0;
  }

  synchronized void failure() {
    failures++;
    if (failures >= threshold) {
      openUntil = clock.instant().plus(openDuration);
      failures = 0;
    }
  }
}
