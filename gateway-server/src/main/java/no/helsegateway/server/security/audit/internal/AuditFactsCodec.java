package no.helsegateway.server.security.audit.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.StringWriter;
import java.time.format.DateTimeFormatter;
import java.util.List;

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

  /**
   * The facts as JSON, written field by field with the streaming generator: the same text the
   * object mapper writes (components in declaration order, nulls included, the instant in ISO-8601;
   * {@code AuditFactsCodecTest} compares both), at a fraction of its cost on every request.
   */
  static String encode(AuditFacts facts) {
    StringWriter out = new StringWriter(512);
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("id", facts.id());
      g.writeFieldName("recorded");
      if (facts.recorded() == null) {
        g.writeNull();
      } else {
        g.writeString(DateTimeFormatter.ISO_INSTANT.format(facts.recorded()));
      }
      g.writeStringField("requestId", facts.requestId());
      g.writeStringField("source", facts.source());
      g.writeStringField("action", facts.action());
      g.writeStringField("subtype", facts.subtype());
      g.writeNumberField("outcome", facts.outcome());
      g.writeStringField("outcomeCode", facts.outcomeCode());
      agent(g, facts.agent());
      strings(g, "patients", facts.patients());
      strings(g, "patientIdentifiers", facts.patientIdentifiers());
      strings(g, "resources", facts.resources());
      g.writeStringField("query", facts.query());
      care(g, facts.care());
      message(g, facts.message());
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("access log record not encodable", e);
    }
    return out.toString();
  }

  /** The object mapper's form of the same facts (what {@link #encode} must equal). */
  static String encodeWithMapper(AuditFacts facts) {
    try {
      return JSON.writeValueAsString(facts);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("access log record not encodable", e);
    }
  }

  /** Writes the fields of one value. */
  @FunctionalInterface
  private interface Fields<T> {
    void write(JsonGenerator g, T value) throws IOException;
  }

  /** {@code "name": null} or {@code "name": { fields }}. */
  private static <T> void object(JsonGenerator g, String name, T value, Fields<T> fields)
      throws IOException {
    g.writeFieldName(name);
    if (value == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    fields.write(g, value);
    g.writeEndObject();
  }

  private static void agent(JsonGenerator g, AuditFacts.Agent agent) throws IOException {
    object(
        g,
        "agent",
        agent,
        (out, a) -> {
          out.writeBooleanField("person", a.person());
          out.writeStringField("pid", a.pid());
          out.writeStringField("hprNumber", a.hprNumber());
          out.writeStringField("name", a.name());
          out.writeStringField("clientId", a.clientId());
          out.writeStringField("orgnrParent", a.orgnrParent());
          out.writeStringField("orgnrChild", a.orgnrChild());
          out.writeStringField("herId", a.herId());
          out.writeStringField("address", a.address());
        });
  }

  private static void care(JsonGenerator g, AuditFacts.Care care) throws IOException {
    object(
        g,
        "care",
        care,
        (out, c) -> {
          out.writeStringField("purposeOfUse", c.purposeOfUse());
          out.writeStringField("purposeOfUseDetails", c.purposeOfUseDetails());
          out.writeStringField("decisionRefId", c.decisionRefId());
          out.writeStringField("decisionRefDescription", c.decisionRefDescription());
          out.writeBooleanField("userSelected", c.userSelected());
          out.writeNumberField("timeOfAttestation", c.timeOfAttestation());
          out.writeBooleanField("breakTheGlass", c.breakTheGlass());
        });
  }

  private static void message(JsonGenerator g, AuditFacts.Message message) throws IOException {
    object(
        g,
        "message",
        message,
        (out, m) -> {
          out.writeStringField("trackingId", m.trackingId());
          out.writeStringField("messageId", m.messageId());
          out.writeStringField("channel", m.channel());
          out.writeStringField("state", m.state());
        });
  }

  private static void strings(JsonGenerator g, String name, List<String> values)
      throws IOException {
    g.writeArrayFieldStart(name);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
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
