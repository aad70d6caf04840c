package no.helsegateway.profiles.identifiers;

import java.util.Objects;

/**
 * The outcome of checking one Norwegian identifier value.
 *
 * @param valid whether the value is well formed for its identifier kind
 * @param kind the identifier kind that was checked
 * @param message a precise, human-readable reason when invalid; a short note when valid (e.g. which
 *     control-digit rule matched)
 */
public record IdentifierCheckResult(boolean valid, IdentifierKind kind, String message) {

  public IdentifierCheckResult {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }

  static IdentifierCheckResult ok(IdentifierKind kind, String note) {
    return new IdentifierCheckResult(true, kind, note);
  }

  static IdentifierCheckResult invalid(IdentifierKind kind, String message) {
    return new IdentifierCheckResult(false, kind, kind.label() + ": " + message);
  }
}
