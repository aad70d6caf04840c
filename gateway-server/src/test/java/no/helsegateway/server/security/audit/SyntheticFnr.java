package no.helsegateway.server.security.audit;

import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;

/** Synthetic fødselsnummer with valid mod-11 control digits (never a real person's). */
final class SyntheticFnr {

  private static final int[] K1 = {3, 7, 6, 1, 8, 9, 4, 5, 2};
  private static final int[] K2 = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
  private static final AtomicInteger NEXT =
      new AtomicInteger((int) (System.currentTimeMillis() / 1000 % 20000));

  private SyntheticFnr() {}

  static String next() {
    while (true) {
      int n = NEXT.getAndIncrement();
      LocalDate birth = LocalDate.of(1930, 1, 1).plusDays((n * 37L) % 25000);
      String base =
          String.format(
              "%02d%02d%02d%03d",
              birth.getDayOfMonth(), birth.getMonthValue(), birth.getYear() % 100, n % 500);
      int k1 = control(base, K1);
      int k2 = k1 < 0 ? -1 : control(base + k1, K2);
      if (k1 >= 0 && k2 >= 0) {
        return base + k1 + k2;
      }
    }
  }

  private static int control(String digits, int[] weights) {
    int sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += (digits.charAt(i) - '0') * weights[i];
    }
    int k = 11 - sum % 11;
    return k == 11 ? 0 : k == 10 ? -1 : k;
  }
}
