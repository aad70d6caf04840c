package no.helsegateway.profiles.identifiers;

/**
 * Checks of the organisation-level identifiers: organisasjonsnummer (9 digits, mod 11 with weights
 * 3 2 7 6 5 4 3 2), and the register keys HPR-nummer, HER-id and RESH-id, for which no control
 * digit is published (digits only, no leading zero, at most 9 digits).
 */
public final class OrganisationNumbers {

  private static final int[] ORGNR_WEIGHTS = {3, 2, 7, 6, 5, 4, 3, 2};
  private static final int MAX_REGISTER_KEY_DIGITS = 9;

  private OrganisationNumbers() {}

  /** Checks an organisasjonsnummer from Enhetsregisteret. */
  public static IdentifierCheckResult checkOrganisasjonsnummer(String value) {
    IdentifierKind kind = IdentifierKind.ORGANISASJONSNUMMER;
    String digitsError = digitsOnlyError(value);
    if (digitsError != null) {
      return IdentifierCheckResult.invalid(kind, digitsError);
    }
    if (value.length() != 9) {
      return IdentifierCheckResult.invalid(kind, "must be exactly 9 digits, was " + value.length());
    }
    int[] d = PersonNumbers.digits(value);
    int sum = 0;
    for (int i = 0; i < ORGNR_WEIGHTS.length; i++) {
      sum += ORGNR_WEIGHTS[i] * d[i];
    }
    int expected = (11 - sum % 11) % 11;
    if (expected == 10) {
      return IdentifierCheckResult.invalid(
          kind, "control digit (digit 9) cannot be valid: the first eight digits give remainder 1");
    }
    if (expected != d[8]) {
      return IdentifierCheckResult.invalid(
          kind, "control digit (digit 9) is " + d[8] + ", expected " + expected + " (mod 11)");
    }
    return IdentifierCheckResult.ok(kind, "valid");
  }

  /** Checks a HPR-nummer. */
  public static IdentifierCheckResult checkHprNummer(String value) {
    return checkRegisterKey(IdentifierKind.HPR_NUMMER, value);
  }

  /** Checks a HER-id. */
  public static IdentifierCheckResult checkHerId(String value) {
    return checkRegisterKey(IdentifierKind.HER_ID, value);
  }

  /** Checks a RESH-id. */
  public static IdentifierCheckResult checkReshId(String value) {
    return checkRegisterKey(IdentifierKind.RESH_ID, value);
  }

  private static IdentifierCheckResult checkRegisterKey(IdentifierKind kind, String value) {
    String digitsError = digitsOnlyError(value);
    if (digitsError != null) {
      return IdentifierCheckResult.invalid(kind, digitsError);
    }
    if (value.length() > MAX_REGISTER_KEY_DIGITS) {
      return IdentifierCheckResult.invalid(
          kind, "must have at most " + MAX_REGISTER_KEY_DIGITS + " digits, was " + value.length());
    }
    if (value.charAt(0) == '0') {
      return IdentifierCheckResult.invalid(kind, "must not start with 0");
    }
    return IdentifierCheckResult.ok(kind, "valid");
  }

  private static String digitsOnlyError(String value) {
    if (value == null || value.isEmpty()) {
      return "value is missing";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return "must contain digits only, found '" + c + "' at position " + (i + 1);
      }
    }
    return null;
  }
}
