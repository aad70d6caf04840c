package no.helsegateway.terminology;

import java.util.Objects;

/** A code in a code system, with its display text when known. */
public record Concept(String system, String code, String display) {
  public Concept {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(code, "code");
  }
}
