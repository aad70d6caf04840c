package no.helsegateway.terminology;

/**
 * What map rules may ask about the patient (age and sex rules of the SNOMED CT to ICD-10 extended
 * map). Both parts are optional; {@link #UNKNOWN} when nothing is known.
 */
public record PatientContext(Integer ageInYears, Sex sex) {
  public static final PatientContext UNKNOWN = new PatientContext(null, null);

  /** Administrative sex as stated by the sender; never derived from a national identifier. */
  public enum Sex {
    FEMALE,
    MALE,
    OTHER,
    UNKNOWN
  }
}
