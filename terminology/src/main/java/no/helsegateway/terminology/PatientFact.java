package no.helsegateway.terminology;

/** A fact about the patient that a map rule may need. */
public enum PatientFact {
  /** Age (at onset of the clinical finding) in years. */
  AGE,
  /** Administrative sex, female or male. */
  SEX,
  /** Another condition of the patient (an {@code IFA <concept>} rule that is not age or sex). */
  OTHER_CONDITION,
  /** A rule this library cannot parse; it is never guessed to be true. */
  UNPARSEABLE_RULE
}
