package no.helsegateway.conformance;

import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Synthetic Norwegian test persons: fødselsnummer with valid mod-11 control digits, built from a
 * birth date and an individual number. Never a real person's number is used in tests.
 */
public final class SyntheticPersons {

  private static final int[] K1 = {3, 7, 6, 1, 8, 9, 4, 5, 2};
  private static final int[] K2 = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
  private static final AtomicInteger NEXT = new AtomicInteger((int) (System.nanoTime() % 400));

  private SyntheticPersons() {}

  /** A fresh valid fødselsnummer for someone born in the 1900s (individual numbers 000-499). */
  public static String nextFodselsnummer() {
    while (true) {
      int n = NEXT.getAndIncrement();
      LocalDate birth = LocalDate.of(1930, 1, 1).plusDays((n * 37L) % 25000);
      String fnr = fodselsnummer(birth, n % 500);
      if (fnr != null) {
        return fnr;
      }
    }
  }

  /** The fødselsnummer for this date and individual number, or null when no valid one exists. */
  public static String fodselsnummer(LocalDate birth, int individual) {
    String base =
        String.format(
            "%02d%02d%02d%03d",
            birth.getDayOfMonth(), birth.getMonthValue(), birth.getYear() % 100, individual);
    int k1 = control(base, K1);
    if (k1 < 0) {
      return null;
    }
    int k2 = control(base + k1, K2);
    return k2 < 0 ? null : base + k1 + k2;
  }

  private static int control(String digits, int[] weights) {
    int sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += (digits.charAt(i) - '0') * weights[i];
    }
    int k = 11 - sum % 11;
    if (k == 11) {
      return 0;
    }
    return k == 10 ? -1 : k;
  }
}
