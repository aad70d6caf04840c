package no.helsegateway.profiles;

/** Canonical URLs of the gateway's own profiles (package {@code helsegateway.fhir.profiles}). */
public final class ProfileUrls {

  /** Common prefix of every gateway profile. */
  public static final String BASE = "http://helsegateway.no/fhir/StructureDefinition/";

  public static final String PATIENT = BASE + "gw-Patient";
  public static final String PRACTITIONER = BASE + "gw-Practitioner";
  public static final String PRACTITIONER_ROLE = BASE + "gw-PractitionerRole";
  public static final String ORGANIZATION = BASE + "gw-Organization";
  public static final String ENCOUNTER = BASE + "gw-Encounter";
  public static final String CONDITION = BASE + "gw-Condition";
  public static final String OBSERVATION = BASE + "gw-Observation";
  public static final String OBSERVATION_VITAL_SIGNS = BASE + "gw-Observation-vitalsigns";
  public static final String MEDICATION_STATEMENT = BASE + "gw-MedicationStatement";
  public static final String MEDICATION_DISPENSE = BASE + "gw-MedicationDispense";
  public static final String SERVICE_REQUEST = BASE + "gw-ServiceRequest-referral";

  /** Every clinical document (the default profile for Composition). */
  public static final String COMPOSITION = BASE + "gw-Composition";

  /** A discharge summary (Epikrise); declared in {@code meta.profile} by the Epikrise mapping. */
  public static final String COMPOSITION_DISCHARGE_SUMMARY =
      BASE + "gw-Composition-dischargesummary";

  public static final String DOCUMENT_REFERENCE = BASE + "gw-DocumentReference";
  public static final String COMMUNICATION = BASE + "gw-Communication-dialogmelding";
  public static final String ALLERGY_INTOLERANCE = BASE + "gw-AllergyIntolerance";

  /** The no-basis package id and version the gateway builds on. */
  public static final String NO_BASIS_PACKAGE = "hl7.fhir.no.basis#2.2.0";

  /** The gateway package id. */
  public static final String GATEWAY_PACKAGE_ID = "helsegateway.fhir.profiles";

  private ProfileUrls() {}
}
