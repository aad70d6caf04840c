package no.helsegateway.profiles.identifiers;

/** Which mod-11 rule the first control digit of a person number satisfied. */
public enum ControlDigitRule {
  /** The rule used for numbers issued before 2032: the weighted remainder must be 0. */
  LEGACY,
  /**
   * The rule for numbers issued from 1 January 2032: the weighted remainder for the first control
   * digit may be 0, 1, 2 or 3 (Skatteetaten). The second control digit is unchanged.
   */
  FROM_2032
}
