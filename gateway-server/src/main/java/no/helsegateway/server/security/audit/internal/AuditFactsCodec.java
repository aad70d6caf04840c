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

  private static void agent(JsonGenerator g, AuditFacts.Agent a) throws IOException {
    g.writeFieldName("agent");
    if (a == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    g.writeBooleanField("person", a.person());
    g.writeStringField("pid", a.pid());
    g.writeStringField("hprNumber", a.hprNumber());
    g.writeStringField("name", a.name());
    g.writeStringField("clientId", a.clientId());
    g.writeStringField("orgnrParent", a.orgnrParent());
    g.writeStringField("orgnrChild", a.orgnrChild());
    g.writeStringField("herId", a.herId());
    g.writeStringField("address", a.address());
    g.writeEndObject();
  }

  private static void care(JsonGenerator g, AuditFacts.Care c) throws IOException {
    g.writeFieldName("care");
    if (c == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    g.writeStringField("purposeOfUse", c.purposeOfUse());
    g.writeStringField("purposeOfUseDetails", c.purposeOfUseDetails());
    g.writeStringField("decisionRefId", c.decisionRefId());
    g.writeStringField("decisionRefDescription", c.decisionRefDescription());
    g.writeBooleanField("userSelected", c.userSelected());
    g.writeNumberField("timeOfAttestation", c.timeOfAttestation());
    g.writeBooleanField("breakTheGlass", c.breakTheGlass());
    g.writeEndObject();
  }

  private static void message(JsonGenerator g, AuditFacts.Message m) throws IOException {
    g.writeFieldName("message");
    if (m == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    g.writeStringField("trackingId", m.trackingId());
    g.writeStringField("messageId", m.messageId());
    g.writeStringField("channel", m.channel());
    g.writeStringField("state", m.state());
    g.writeEndObject();
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
