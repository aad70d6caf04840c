package no.helsegateway.terminology;

import java.time.Instant;
import java.util.Objects;

/**
 * One sighting of a code that no map could translate. Holds no patient data: the sender is the
 * sending system or organisation (e.g. a HER-id), never a person.
 */
public record UnmappedCode(String system, String code, String sender, Instant seenAt) {
  public UnmappedCode {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(seenAt, "seenAt");
    sender = sender == null || sender.isBlank() ? "unknown" : sender.trim();
  }
}
