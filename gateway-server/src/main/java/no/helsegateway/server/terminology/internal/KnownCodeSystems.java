package no.helsegateway.server.terminology.internal;

import java.util.List;
import java.util.Map;
import no.helsegateway.terminology.CodeSystems;

/** The code systems the gateway's translator answers for, with their names. */
public final class KnownCodeSystems {

  private static final Map<String, String> NAMES =
      Map.of(
          CodeSystems.ICD10_NO, "ICD-10 (Norwegian edition)",
          CodeSystems.ICD10_WHO, "ICD-10",
          CodeSystems.ICPC2_NO, "ICPC-2 (Norwegian edition)",
          CodeSystems.SNOMED_CT, "SNOMED CT");

  private KnownCodeSystems() {}

  /** True for ICD-10 (both URIs), ICPC-2 (all aliases) and SNOMED CT (any edition URI). */
  public static boolean supported(String system) {
    return system != null && NAMES.containsKey(CodeSystems.canonical(system));
  }

  public static String name(String system) {
    return NAMES.getOrDefault(CodeSystems.canonical(system), system);
  }

  /** Target systems tried when a translation request names none. */
  public static List<String> defaultTargets(String sourceSystem) {
    String canonical = CodeSystems.canonical(sourceSystem);
    if (CodeSystems.SNOMED_CT.equals(canonical)) {
      return List.of(CodeSystems.ICD10_NO);
    }
    if (CodeSystems.isIcd10(canonical)) {
      return List.of(CodeSystems.SNOMED_CT);
    }
    if (CodeSystems.ICPC2_NO.equals(canonical)) {
      return List.of(CodeSystems.ICD10_NO);
    }
    return List.of();
  }

  /**
   * The code system of an implicit value set: the system URI itself, or {@code
   * http://snomed.info/sct?fhir_vs} (all of SNOMED CT); null for any other value set.
   */
  public static String implicitValueSetSystem(String valueSetUrl) {
    if (valueSetUrl == null || valueSetUrl.isBlank()) {
      return null;
    }
    String url = valueSetUrl.trim();
    if (url.equals(CodeSystems.SNOMED_CT + "?fhir_vs")) {
      return CodeSystems.SNOMED_CT;
    }
    return supported(url) && !url.contains("?") ? CodeSystems.canonical(url) : null;
  }

  /** The version configured for a system, or null. */
  public static String version(Map<String, String> versions, String system) {
    String canonical = CodeSystems.canonical(system);
    String v = versions.get(canonical);
    return v != null ? v : versions.get(system);
  }
}
