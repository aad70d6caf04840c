package no.helsegateway.mappings.emessage.internal;

/**
 * Check rules for Norwegian person numbers (HIS 1001:2010): 11 digits, a plausible date (D-nummer:
 * day + 40; H-nummer: month + 40; synthetic test numbers: month + 80) and the two mod-11 check
 * digits. TODO: delegate to the profiles module's identifier checks (incl. the 2032 rule) when it
 * is published.
 */
public final class NorwegianIdentifiers {
  private static final int[] W1 = {3, 7, 6, 1, 8, 9, 4, 5, 2};
  private static final int[] W2 = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

  private NorwegianIdentifiers() {}

  /** Valid fødselsnummer or D-nummer (including synthetic test numbers). */
  public static boolean isValidPersonNumber(String value) {
    if (value == null || value.length() != 11) {
      return false;
    }
    int[] d = new int[11];
    for (int i = 0; i < 11; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      d[i] = c - '0';
    }
    int day = d[0] * 10 + d[1];
    int month = d[2] * 10 + d[3];
    if (day > 40) {
      day -= 40; // D-nummer
    }
    if (month > 80) {
      month -= 80; // synthetic (Tenor) test numbers
    } else if (month > 40) {
      month -= 40; // H-nummer / NAV synthetic
    }
    if (day < 1 || day > 31 || month < 1 || month > 12) {
      return false;
    }
    return d[9] == check(d, W1) && d[10] == check(d, W2);
  }

  private static int check(int[] d, int[] weights) {
    int sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += d[i] * weights[i];
    }
    int k = 11 - sum % 11;
    return k == 11 ? 0 : k; // k == 10 never matches a digit: invalid
  }
}
