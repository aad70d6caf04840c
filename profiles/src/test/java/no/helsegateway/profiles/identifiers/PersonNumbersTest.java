package no.helsegateway.profiles.identifiers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Table-driven checks of person numbers. All numbers are synthetic (made up, valid digits). */
class PersonNumbersTest {

  @ParameterizedTest(name = "{0} {1} valid, born {2}, rule {3}")
  @CsvSource({
    // kind, number, birth date, control-digit rule, comment
    "FODSELSNUMMER, 01019012480, 1990-01-01, LEGACY, individual 124 -> 1900s",
    "FODSELSNUMMER, 01019012561, 1990-01-01, LEGACY, ",
    "FODSELSNUMMER, 01019012405, 1990-01-01, FROM_2032, first control digit remainder 1..3",
    "FODSELSNUMMER, 01019012499, 1990-01-01, FROM_2032, ",
    "FODSELSNUMMER, 01019012308, 1990-01-01, FROM_2032, no legacy digit exists for 010190123",
    "FODSELSNUMMER, 29029645637, 1996-02-29, LEGACY, leap day 1996",
    "FODSELSNUMMER, 29020051386, 2000-02-29, LEGACY, leap day 2000; individual 513 -> 2000s",
    "FODSELSNUMMER, 29020051203, 2000-02-29, FROM_2032, ",
    "FODSELSNUMMER, 31129991294, 1999-12-31, LEGACY, individual 912 with yy 99 -> 1900s",
    "FODSELSNUMMER, 15089991371, 1999-08-15, LEGACY, individual 913 with yy 99 -> 1900s",
    "FODSELSNUMMER, 15056560057, 1865-05-15, LEGACY, individual 600 with yy 65 -> 1800s",
    "FODSELSNUMMER, 01015460020, 1854-01-01, LEGACY, individual 600 with yy 54 -> 1800s",
    "FODSELSNUMMER, 02020202001, 1902-02-02, LEGACY, individual 020 with yy 02 -> 1902",
    "D_NUMMER, 41019012393, 1990-01-01, LEGACY, day + 40",
    "D_NUMMER, 69029645620, 1996-02-29, LEGACY, leap day as D-nummer",
    "D_NUMMER, 41019012318, 1990-01-01, FROM_2032, ",
    "H_NUMMER, 01419012382, 1990-01-01, LEGACY, month + 40",
    "H_NUMMER, 01419012307, 1990-01-01, FROM_2032, ",
  })
  void validNumbers(
      IdentifierKind kind, String number, String birthDate, ControlDigitRule rule, String comment) {
    IdentifierCheckResult result = NorwegianIdentifiers.check(kind, number);
    assertThat(result.valid()).as(result.message()).isTrue();
    assertThat(PersonNumbers.birthDate(kind, number)).contains(LocalDate.parse(birthDate));
    assertThat(PersonNumbers.controlDigitRule(number)).contains(rule);
  }

  @ParameterizedTest(name = "{0} {1} invalid: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "FODSELSNUMMER | 01019012481 | second control digit (digit 11) is 1, expected 0",
        "FODSELSNUMMER | 01019012470 | first control digit (digit 10) is 7",
        "FODSELSNUMMER | 0101901248 | must be exactly 11 digits, was 10",
        "FODSELSNUMMER | 010190124800 | must be exactly 11 digits, was 12",
        "FODSELSNUMMER | 010190 12480 | must contain digits only, found ' ' at position 7",
        "FODSELSNUMMER | 0101901248X | must contain digits only, found 'X' at position 11",
        "FODSELSNUMMER | 29029745658 | birth date 29.02.1997 does not exist",
        "FODSELSNUMMER | 29020001281 | birth date 29.02.1900 does not exist",
        "FODSELSNUMMER | 01014050066 | individual number 500 is not issued for birth year ..'40",
        "FODSELSNUMMER | 41019012393 | this looks like a D-nummer",
        "FODSELSNUMMER | 01419012382 | this looks like an H-nummer",
        "FODSELSNUMMER | 01819012300 | month of birth 81 is not 01-12 ",
        "FODSELSNUMMER | 80010112315 | day of birth 80 is not 01-31",
        "D_NUMMER | 01019012480 | first two digits must be the day of birth + 40 (41-71), were 01",
        "D_NUMMER | 81010112354 | first two digits must be the day of birth + 40 (41-71), were 81",
        "D_NUMMER | 41019012394 | second control digit (digit 11) is 4, expected 3",
        "H_NUMMER | 01019012480 | digits 3-4 must be the month of birth + 40 (41-52), were 01",
        "FH_NUMMER | 8123456789 | must be exactly 11 digits, was 10",
        "FODSELSNUMMER | '' | value is missing",
      })
  void invalidNumbers(IdentifierKind kind, String number, String expectedMessagePart) {
    IdentifierCheckResult result = NorwegianIdentifiers.check(kind, number);
    assertThat(result.valid()).isFalse();
    assertThat(result.message()).startsWith(kind.label() + ": ").contains(expectedMessagePart);
    assertThat(PersonNumbers.birthDate(kind, number)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"81010112354, true", "80010112404, true", "81010112355, false"})
  void fhNummerHasControlDigitsButNoDate(String number, boolean valid) {
    assertThat(PersonNumbers.checkFhNummer(number).valid()).isEqualTo(valid);
  }

  @ParameterizedTest
  @CsvSource({"01019012470", "01020312399"})
  void firstControlMessageNamesBothRules(String number) {
    String message = PersonNumbers.checkFodselsnummer(number).message();
    assertThat(message).contains("rule in force before 2032").contains("rule from 2032 allows [");
  }
}
