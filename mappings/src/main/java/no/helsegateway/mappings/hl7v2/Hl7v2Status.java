package no.helsegateway.mappings.hl7v2;

/** Final outcome of processing one HL7 v2 message; decides MSA-1 with the error-table rows. */
public enum Hl7v2Status {
  /** Translated; answered AA (original mode) or CA (enhanced mode) once the caller committed. */
  ACCEPTED,
  /** Content error (e.g. a required segment missing); answered AE / CE. Nothing is stored. */
  ERROR,
  /** Rejected (unparseable, unsupported type or version, too large); answered AR / CR. */
  REJECTED
}
