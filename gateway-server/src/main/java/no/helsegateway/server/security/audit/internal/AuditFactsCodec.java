package no.helsegateway.server.security.audit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The stored form of an access-log record: the {@link AuditFacts} as compact JSON, written on the
 * request thread (a few microseconds), from which {@link AuditEventBuilder} makes the AuditEvent
 * when the log is read. Encoding the FHIR AuditEvent itself on every request cost about 16 % of a
 * secured read's CPU; the facts hold everything the AuditEvent is built from, so the resource read
 * back is the same.
 *
 * <p>Rows written before this form hold the AuditEvent's own FHIR JSON ({@code {"resourceType":
 * ...}}); {@link #isAuditEventJson} tells them apart so that they stay readable.
 */
final class AuditFactsCodec {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private AuditFactsCodec() {}

  static String encode(AuditFacts facts) {
    try {
      return JSON.writeValueAsString(facts);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("access log record not encodable", e);
    }
  }

  static AuditFacts decode(String stored) {
    try {
      return JSON.readValue(stored, AuditFacts.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("access log record not decodable", e);
    }
  }

  /** A row written before the facts form: the AuditEvent's FHIR JSON. */
  static boolean isAuditEventJson(String stored) {
    return stored.startsWith("{\"resourceType\"");
  }
}
