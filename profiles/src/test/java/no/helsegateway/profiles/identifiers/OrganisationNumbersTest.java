package no.helsegateway.profiles.identifiers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrganisationNumbersTest {

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ORGANISASJONSNUMMER | 987654325 | ",
        "ORGANISASJONSNUMMER | 874321230 | ",
        "ORGANISASJONSNUMMER | 974310988 | ",
        "ORGANISASJONSNUMMER | 987654321 | control digit (digit 9) is 1, expected 5 (mod 11)",
        "ORGANISASJONSNUMMER | 912345670 | control digit (digit 9) cannot be valid",
        "ORGANISASJONSNUMMER | 98765432 | must be exactly 9 digits, was 8",
        "ORGANISASJONSNUMMER | 98765432A | must contain digits only, found 'A' at position 9",
        "HPR_NUMMER | 9144897 | ",
        "HPR_NUMMER | 1234567890 | must have at most 9 digits, was 10",
        "HPR_NUMMER | 0123456 | must not start with 0",
        "HPR_NUMMER | 12-34 | must contain digits only, found '-' at position 3",
        "HER_ID | 8094976 | ",
        "HER_ID | abc | must contain digits only",
        "RESH_ID | 705592 | ",
        "RESH_ID | '' | value is missing",
      })
  void table(IdentifierKind kind, String value, String expectedError) {
    IdentifierCheckResult result = NorwegianIdentifiers.check(kind, value);
    if (expectedError == null) {
      assertThat(result.valid()).as(result.message()).isTrue();
    } else {
      assertThat(result.valid()).isFalse();
      assertThat(result.message()).startsWith(kind.label() + ": ").contains(expectedError);
    }
  }

  @Test
  void checkBySystemKnowsEveryOid() {
    assertThat(NorwegianIdentifiers.checkBySystem("urn:oid:2.16.578.1.12.4.1.4.1", "01019012480"))
        .hasValueSatisfying(r -> assertThat(r.valid()).isTrue());
    assertThat(NorwegianIdentifiers.checkBySystem("urn:oid:2.16.578.1.12.4.1.4.101", "987654321"))
        .hasValueSatisfying(r -> assertThat(r.valid()).isFalse());
    assertThat(NorwegianIdentifiers.checkBySystem("http://example.org/mrn", "x")).isEmpty();
    assertThat(NorwegianIdentifiers.checkBySystem(null, "x")).isEmpty();
    assertThat(IdentifierKind.forSystem("urn:oid:2.16.578.1.12.4.1.2"))
        .contains(IdentifierKind.HER_ID);
    assertThat(IdentifierKind.forSystem("urn:oid:2.16.578.1.12.4.1.4.102"))
        .contains(IdentifierKind.RESH_ID);
    assertThat(IdentifierKind.forSystem("urn:oid:2.16.578.1.12.4.1.4.3"))
        .contains(IdentifierKind.FH_NUMMER);
    assertThat(IdentifierKind.forSystem("HNR")).contains(IdentifierKind.H_NUMMER);
  }
}
