package no.helsegateway.mappings.error;

import java.util.Objects;

/**
 * One row of the gateway's error-code table ({@code error-codes.csv}): how one rejection reason is
 * rendered as a FHIR OperationOutcome issue, an HTTP status, an HL7 v2 acknowledgement code and an
 * AppRec error (kodeverk 8221).
 *
 * @param code stable gateway code, e.g. {@code schema-invalid}
 * @param category {@link Category#BUSINESS} (final, answer the sender), {@link Category#INTERNAL}
 *     (our fault, final) or {@link Category#INFRASTRUCTURE} (retry, never answer "rejected")
 * @param fhirIssueType OperationOutcome.issue.code (FHIR issue-type value set)
 * @param httpStatus HTTP status for synchronous channels
 * @param hl7AckCode HL7 v2 MSA-1 (AA/AE/AR)
 * @param appRec8221 AppRec Error/@V, kodeverk 8221
 * @param appRec8221Display AppRec Error/@DN, the 8221 display text
 * @param senderText Norwegian text for the sender (AppRec Error/@OT)
 * @param userText English text for operators and API users
 */
public record ErrorCode(
    String code,
    Category category,
    String fhirIssueType,
    int httpStatus,
    String hl7AckCode,
    String appRec8221,
    String appRec8221Display,
    String senderText,
    String userText) {

  /** The OID of kodeverk 8221 (AppRec general error codes). */
  public static final String KODEVERK_8221 = "2.16.578.1.12.4.1.1.8221";

  public ErrorCode {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(category, "category");
  }

  /** Whether a message failing with this code must be retried rather than answered. */
  public boolean retryable() {
    return category == Category.INFRASTRUCTURE;
  }

  /** Kind of failure; decides retry versus final answer. */
  public enum Category {
    BUSINESS,
    INTERNAL,
    INFRASTRUCTURE
  }
}
