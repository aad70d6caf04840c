package no.helsegateway.server.openehr.internal;

import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * {@code openehr} health: the CDR reachable or not, and the outbox backlog (pending, dead). Not in
 * the readiness group: the FHIR API takes writes while the CDR is down, and the backlog catches up
 * later.
 */
public class OpenEhrHealthIndicator implements HealthIndicator {

  private final OpenEhrRestClient cdr;
  private final JdbcOpenEhrOutbox outbox;
  private final OutboxConsumer consumer;

  public OpenEhrHealthIndicator(
      OpenEhrRestClient cdr, JdbcOpenEhrOutbox outbox, OutboxConsumer consumer) {
    this.cdr = cdr;
    this.outbox = outbox;
    this.consumer = consumer;
  }

  @Override
  public Health health() {
    Map<String, Long> counts = outbox.countsByState();
    boolean reachable = cdr.reachable();
    Health.Builder b = reachable ? Health.up() : Health.down();
    b.withDetail("cdr", reachable ? "reachable" : "unreachable")
        .withDetail("backlog", counts.get("PENDING"))
        .withDetail("deadLetters", counts.get("DEAD"))
        .withDetail("delivered", counts.get("DONE"))
        .withDetail("templatesUploaded", consumer.templatesReady());
    if (consumer.lastSuccessMillis() > 0) {
      b.withDetail("lastDelivery", java.time.Instant.ofEpochMilli(consumer.lastSuccessMillis()));
    }
    consumer.lastFailure().ifPresent(f -> b.withDetail("lastFailure", f));
    return b.build();
  }
}
