package no.helsegateway.mappings.emessage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import no.helsegateway.mappings.error.ErrorCode;
import no.helsegateway.mappings.error.ErrorCodes;
import org.junit.jupiter.api.Test;

class RulesTest {

  @Test
  void sanitizeKeepsElementNamesAndDropsValues() {
    String s =
        SecureXml.sanitize(
            "cvc-type.3.1.3: The value '13116900216x' of element '{\"http://x\":DateOfBirth}' is not valid.");
    assertThat(s).doesNotContain("13116900216").contains("'DateOfBirth'");
  }

  @Test
  void errorTableHasEveryRowTheCodeUses() {
    for (String c :
        new String[] {
          ErrorCodes.NOT_XML,
          ErrorCodes.NOT_WELL_FORMED,
          ErrorCodes.DOCTYPE_FORBIDDEN,
          ErrorCodes.TOO_LARGE,
          ErrorCodes.SCHEMA_INVALID,
          ErrorCodes.UNSUPPORTED_TYPE,
          ErrorCodes.INVALID_MESSAGE_ID,
          ErrorCodes.PATIENT_ID_MISSING,
          ErrorCodes.PATIENT_ID_INVALID,
          ErrorCodes.SENDER_INVALID,
          ErrorCodes.RECEIVER_INVALID,
          ErrorCodes.FHIR_INVALID,
          ErrorCodes.TRANSLATION_FAILED,
          ErrorCodes.INFRASTRUCTURE_UNAVAILABLE
        }) {
      ErrorCode row = ErrorCodes.get(c);
      assertThat(row.appRec8221()).matches("[TESX]\\d\\d");
      assertThat(row.httpStatus()).isBetween(400, 599);
      assertThat(row.hl7AckCode()).isIn("AE", "AR");
    }
    assertThat(ErrorCodes.get(ErrorCodes.INFRASTRUCTURE_UNAVAILABLE).retryable()).isTrue();
    assertThat(ErrorCodes.get(ErrorCodes.PATIENT_ID_INVALID).appRec8221()).isEqualTo("E31");
  }
}
