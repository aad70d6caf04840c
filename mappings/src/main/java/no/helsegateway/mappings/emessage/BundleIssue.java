package no.helsegateway.mappings.emessage;

/**
 * One finding of the FHIR validator hook, independent of the validator used.
 *
 * @param severity {@code fatal}, {@code error}, {@code warning} or {@code information}
 * @param location FHIRPath of the element
 * @param message validator message
 */
public record BundleIssue(String severity, String location, String message) {
  /** Whether this issue makes the Bundle invalid. */
  public boolean isError() {
    return "error".equalsIgnoreCase(severity) || "fatal".equalsIgnoreCase(severity);
  }
}
