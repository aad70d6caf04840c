package no.helsegateway.terminology.internal.codesystem;

import java.util.Map;
import java.util.Optional;

/**
 * An immutable code list (ICD-10 Norwegian edition, ICPC-2): normalised code to display.
 *
 * @param system canonical system URI
 * @param version a version label (file name) for answers
 */
public record CodeList(String system, String version, Map<String, String> displays) {
  public CodeList {
    displays = Map.copyOf(displays);
  }

  public static CodeList empty(String system) {
    return new CodeList(system, "none", Map.of());
  }

  /** The display of a normalised code, empty when the code is not in the list. */
  public Optional<String> display(String normalisedCode) {
    return Optional.ofNullable(displays.get(normalisedCode));
  }

  public int size() {
    return displays.size();
  }
}
