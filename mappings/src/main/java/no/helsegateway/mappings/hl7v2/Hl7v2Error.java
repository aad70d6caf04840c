package no.helsegateway.mappings.hl7v2;

import no.helsegateway.mappings.error.ErrorCode;

/**
 * One error found while processing an HL7 v2 message: the row of the gateway's error table, the HL7
 * error code (table 0357) it is rendered as in ERR-3, where it was found and a detail text without
 * message content.
 *
 * @param code the error-table row
 * @param hl7ErrorCode HL7 table 0357 code, e.g. {@code 200}
 * @param hl7ErrorText HL7 table 0357 text, e.g. {@code Unsupported message type}
 * @param location segment and field, e.g. {@code PID-3}, or {@code null}
 * @param detail technical detail without patient data, or {@code null}
 */
public record Hl7v2Error(
    ErrorCode code, String hl7ErrorCode, String hl7ErrorText, String location, String detail) {}
