package no.helsegateway.profiles.identifiers;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks of the 11-digit Norwegian person numbers: fødselsnummer, D-nummer, H-nummer and FH-nummer.
 *
 * <p>Layout {@code DDMMYYIIIKK}: birth date, individual number (whose range gives the century) and
 * two mod-11 control digits. D-nummer adds 4 to the first digit (day + 40), H-nummer adds 4 to the
 * third digit (month + 40). From 1 January 2032 Skatteetaten issues numbers whose first control
 * digit is computed with a changed rule (the weighted remainder may be 0, 1, 2 or 3); both rules
 * are accepted in parallel. The number never tells the sex: this class deliberately offers no such
 * method.
 */
public final class PersonNumbers {

  private static final int[] W1 = {3, 7, 6, 1, 8, 9, 4, 5, 2};
  private static final int[] W2 = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
  private static final int MAX_REMAINDER_FROM_2032 = 3;

  private PersonNumbers() {}

  /** Checks a fødselsnummer. */
  public static IdentifierCheckResult checkFodselsnummer(String value) {
    return checkDated(IdentifierKind.FODSELSNUMMER, value);
  }

  /** Checks a D-nummer (first digit + 4). */
  public static IdentifierCheckResult checkDNummer(String value) {
    return checkDated(IdentifierKind.D_NUMMER, value);
  }

  /** Checks a local H-nummer (third digit + 4). */
  public static IdentifierCheckResult checkHNummer(String value) {
    return checkDated(IdentifierKind.H_NUMMER, value);
  }

  /**
   * Checks a felles hjelpenummer: 11 digits with two mod-11 control digits (no-basis NamingSystem).
   * Its internal structure beyond that is not published, so no date is checked.
   */
  public static IdentifierCheckResult checkFhNummer(String value) {
    IdentifierKind kind = IdentifierKind.FH_NUMMER;
    Optional<String> formatError = formatError(value);
    if (formatError.isPresent()) {
      return IdentifierCheckResult.invalid(kind, formatError.get());
    }
    return controlDigits(kind, digits(value));
  }

  /**
   * The birth date encoded in a fødselsnummer, D-nummer or H-nummer, if the number is valid for
   * that kind.
   */
  public static Optional<LocalDate> birthDate(IdentifierKind kind, String value) {
    if (!checkDated(kind, value).valid()) {
      return Optional.empty();
    }
    return decodeDate(kind, digits(value)).date;
  }

  /** The control-digit rule a valid person number satisfies; empty if the number is invalid. */
  public static Optional<ControlDigitRule> controlDigitRule(String value) {
    if (formatError(value).isPresent()) {
      return Optional.empty();
    }
    int[] d = digits(value);
    if (secondControlError(d).isPresent()) {
      return Optional.empty();
    }
    int r1 = firstRemainder(d);
    if (r1 == 0) {
      return Optional.of(ControlDigitRule.LEGACY);
    }
    return r1 <= MAX_REMAINDER_FROM_2032
        ? Optional.of(ControlDigitRule.FROM_2032)
        : Optional.empty();
  }

  private static IdentifierCheckResult checkDated(IdentifierKind kind, String value) {
    Optional<String> formatError = formatError(value);
    if (formatError.isPresent()) {
      return IdentifierCheckResult.invalid(kind, formatError.get());
    }
    int[] d = digits(value);
    DecodedDate decoded = decodeDate(kind, d);
    if (decoded.error != null) {
      return IdentifierCheckResult.invalid(kind, decoded.error);
    }
    return controlDigits(kind, d);
  }

  private static IdentifierCheckResult controlDigits(IdentifierKind kind, int[] d) {
    int r1 = firstRemainder(d);
    if (r1 > MAX_REMAINDER_FROM_2032) {
      return IdentifierCheckResult.invalid(kind, firstControlMessage(d));
    }
    Optional<String> second = secondControlError(d);
    if (second.isPresent()) {
      return IdentifierCheckResult.invalid(kind, second.get());
    }
    return IdentifierCheckResult.ok(
        kind,
        r1 == 0
            ? "valid (control digits by the rule in force before 2032)"
            : "valid (first control digit by the rule in force from 2032)");
  }

  private static String firstControlMessage(int[] d) {
    int sum = weighted(d, W1);
    List<Integer> allowed = new ArrayList<>();
    for (int k = 0; k <= 9; k++) {
      if ((sum + k) % 11 <= MAX_REMAINDER_FROM_2032) {
        allowed.add(k);
      }
    }
    int legacy = (11 - sum % 11) % 11;
    String legacyText =
        legacy == 10
            ? "no digit satisfies the rule in force before 2032"
            : "the rule in force before 2032 requires " + legacy;
    return "first control digit (digit 10) is "
        + d[9]
        + ", but "
        + legacyText
        + " and the rule from 2032 allows "
        + allowed;
  }

  private static Optional<String> secondControlError(int[] d) {
    int sum = weighted(d, W2);
    int expected = (11 - sum % 11) % 11;
    if (expected == 10) {
      return Optional.of(
          "second control digit (digit 11) cannot be valid: the first ten digits give remainder 1");
    }
    if (expected != d[10]) {
      return Optional.of(
          "second control digit (digit 11) is " + d[10] + ", expected " + expected + " (mod 11)");
    }
    return Optional.empty();
  }

  private static int firstRemainder(int[] d) {
    return (weighted(d, W1) + d[9]) % 11;
  }

  private static int weighted(int[] d, int[] weights) {
    int sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i] * d[i];
    }
    return sum;
  }

  private static Optional<String> formatError(String value) {
    if (value == null || value.isEmpty()) {
      return Optional.of("value is missing");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return Optional.of(
            "must contain digits only, found '" + c + "' at position " + (i + 1) + "");
      }
    }
    if (value.length() != 11) {
      return Optional.of("must be exactly 11 digits, was " + value.length());
    }
    return Optional.empty();
  }

  static int[] digits(String value) {
    int[] d = new int[value.length()];
    for (int i = 0; i < d.length; i++) {
      d[i] = value.charAt(i) - '0';
    }
    return d;
  }

  private record DecodedDate(Optional<LocalDate> date, String error) {
    static DecodedDate error(String message) {
      return new DecodedDate(Optional.empty(), message);
    }
  }

  private static DecodedDate decodeDate(IdentifierKind kind, int[] d) {
    int day = d[0] * 10 + d[1];
    int month = d[2] * 10 + d[3];
    int yy = d[4] * 10 + d[5];
    int individual = d[6] * 100 + d[7] * 10 + d[8];
    switch (kind) {
      case D_NUMMER -> {
        if (day < 41 || day > 71) {
          return DecodedDate.error(
              "first two digits must be the day of birth + 40 (41-71), were "
                  + String.format("%02d", day));
        }
        day -= 40;
      }
      case H_NUMMER -> {
        if (month < 41 || month > 52) {
          return DecodedDate.error(
              "digits 3-4 must be the month of birth + 40 (41-52), were "
                  + String.format("%02d", month));
        }
        month -= 40;
      }
      default -> {
        if (day > 40 && day <= 71) {
          return DecodedDate.error(
              "day of birth "
                  + String.format("%02d", day)
                  + " is above 31: this looks like a D-nummer (system urn:oid:2.16.578.1.12.4.1.4.2)");
        }
        if (month > 40 && month <= 52) {
          return DecodedDate.error(
              "month of birth "
                  + String.format("%02d", month)
                  + " is above 12: this looks like an H-nummer");
        }
      }
    }
    if (month < 1 || month > 12) {
      return DecodedDate.error("month of birth " + String.format("%02d", month) + " is not 01-12");
    }
    if (day < 1 || day > 31) {
      return DecodedDate.error("day of birth " + String.format("%02d", day) + " is not 01-31");
    }
    Integer century = century(individual, yy);
    if (century == null) {
      return DecodedDate.error(
          "individual number "
              + String.format("%03d", individual)
              + " is not issued for birth year ..'"
              + String.format("%02d", yy));
    }
    int year = century + yy;
    try {
      return new DecodedDate(Optional.of(LocalDate.of(year, month, day)), null);
    } catch (DateTimeException e) {
      return DecodedDate.error(
          "birth date "
              + String.format("%02d.%02d.%04d", day, month, year)
              + " does not exist (century "
              + century
              + " from individual number "
              + String.format("%03d", individual)
              + ")");
    }
  }

  /** The century from the individual number (Skatteetaten's allocation table). */
  static Integer century(int individual, int yy) {
    if (individual <= 499) {
      return 1900;
    }
    if (individual <= 749 && yy >= 54) {
      return 1800;
    }
    if (yy <= 39) {
      return 2000; // 500-999
    }
    if (individual >= 900) {
      return 1900; // 900-999 with yy 40-99
    }
    return null;
  }
}
