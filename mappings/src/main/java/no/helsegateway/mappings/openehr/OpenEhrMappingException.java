package no.helsegateway.mappings.openehr;

import java.util.List;

/**
 * A resource that cannot become a valid composition. Permanent: retrying the same resource version
 * gives the same result, so delivery sends it to the dead letter with {@link #getMessage()} as the
 * reason.
 */
public class OpenEhrMappingException extends RuntimeException {

  private final List<String> violations;

  public OpenEhrMappingException(String message, List<String> violations) {
    super(violations.isEmpty() ? message : message + ": " + String.join("; ", violations));
    this.violations = List.copyOf(violations);
  }

  public OpenEhrMappingException(String message, Throwable cause) {
    super(message + ": " + cause.getMessage(), cause);
    this.violations = List.of();
  }

  /**
   * The template validator's messages (path and constraint), empty when the failure came earlier.
   */
  public List<String> violations() {
    return violations;
  }
}
