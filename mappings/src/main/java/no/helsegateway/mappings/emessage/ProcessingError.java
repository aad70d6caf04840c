package no.helsegateway.mappings.emessage;

import no.helsegateway.mappings.error.ErrorCode;

/**
 * One error found while processing: the error-table row, where it was found and a detail text
 * without patient data (e.g. a schema message with line/column).
 *
 * @param code the error-table row
 * @param location XPath-like location or {@code line:column}, may be {@code null}
 * @param detail technical detail without message content, may be {@code null}
 */
public record ProcessingError(ErrorCode code, String location, String detail) {}
