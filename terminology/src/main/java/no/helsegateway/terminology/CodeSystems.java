package no.helsegateway.terminology;

import java.util.Locale;
import java.util.Map;

/** The code systems this module knows, their URI aliases and code normalisation. */
public final class CodeSystems {

  /** ICD-10, Norwegian edition (Volven/KITH OID 7110). */
  public static final String ICD10_NO = "urn:oid:2.16.578.1.12.4.1.1.7110";

  /** ICD-10, WHO (the target system of the SNOMED CT extended map in FHIR). */
  public static final String ICD10_WHO = "http://hl7.org/fhir/sid/icd-10";

  /** ICPC-2, Norwegian OID (7170). */
  public static final String ICPC2_NO = "urn:oid:2.16.578.1.12.4.1.1.7170";

  /** ICPC-2, HL7 URI; an alias of {@link #ICPC2_NO}. */
  public static final String ICPC2_HL7 = "http://hl7.org/fhir/sid/icpc-2";

  /** SNOMED CT. */
  public static final String SNOMED_CT = "http://snomed.info/sct";

  /** Module of the SNOMED CT Norwegian edition. */
  public static final String SNOMED_NO_MODULE = "51000202101";

  /** Module of the SNOMED CT International to ICD-10 map. */
  public static final String SNOMED_ICD10_MAP_MODULE = "449080006";

  /** Refset id of the SNOMED CT to ICD-10 extended map. */
  public static final String ICD10_EXTENDED_MAP_REFSET = "447562003";

  private static final Map<String, String> CANONICAL =
      Map.of(
          ICD10_NO,
          ICD10_NO,
          ICD10_WHO,
          ICD10_WHO,
          ICPC2_NO,
          ICPC2_NO,
          ICPC2_HL7,
          ICPC2_NO,
          "urn:oid:2.16.840.1.113883.6.139",
          ICPC2_NO,
          SNOMED_CT,
          SNOMED_CT,
          "urn:oid:2.16.840.1.113883.6.96",
          SNOMED_CT);

  private CodeSystems() {}

  /**
   * The canonical URI of a system: ICPC-2 aliases become {@link #ICPC2_NO}; a SNOMED CT edition URI
   * ({@code http://snomed.info/sct/51000202101/version/...}) becomes {@link #SNOMED_CT}; unknown
   * systems are returned trimmed.
   */
  public static String canonical(String system) {
    if (system == null) {
      return null;
    }
    String trimmed = system.trim();
    if (trimmed.startsWith(SNOMED_CT + "/")) {
      return SNOMED_CT;
    }
    return CANONICAL.getOrDefault(trimmed, trimmed);
  }

  /** True for both ICD-10 URIs (Norwegian edition and WHO). */
  public static boolean isIcd10(String system) {
    String canonical = canonical(system);
    return ICD10_NO.equals(canonical) || ICD10_WHO.equals(canonical);
  }

  /**
   * Normalises a code for its system: ICD-10 codes are upper-cased, dagger/asterisk marks dropped
   * and written with the dot ({@code I219} and {@code i21.9} become {@code I21.9}); ICPC-2 codes
   * are upper-cased; other codes are trimmed.
   */
  public static String normaliseCode(String system, String code) {
    if (code == null) {
      return null;
    }
    String trimmed = code.trim();
    if (isIcd10(system)) {
      return normaliseIcd10(trimmed);
    }
    if (ICPC2_NO.equals(canonical(system))) {
      return trimmed.toUpperCase(Locale.ROOT);
    }
    return trimmed;
  }

  private static String normaliseIcd10(String code) {
    StringBuilder compact = new StringBuilder(code.length());
    for (int i = 0; i < code.length(); i++) {
      char c = code.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        compact.append(Character.toUpperCase(c));
      }
    }
    if (compact.length() > 3) {
      compact.insert(3, '.');
    }
    return compact.toString();
  }
}
