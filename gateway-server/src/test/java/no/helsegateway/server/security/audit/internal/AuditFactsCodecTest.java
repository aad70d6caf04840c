package no.helsegateway.server.security.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.junit.jupiter.api.Test;

/**
 * The access log stores an event's facts and builds the AuditEvent when it is read: the event read
 * back must be the one that would have been stored before (same FHIR JSON), for a health worker
 * with break-the-glass, a system client's search and a received e-message. Synthetic persons as in
 * {@link AuditEventBuilderTest}.
 */
class AuditFactsCodecTest {

  static final FhirContext R4 = FhirContext.forR4Cached();
  final AuditEventBuilder builder = new AuditEventBuilder();

  @Test
  void theAuditEventBuiltFromStoredFactsIsTheOneBuiltAtTheRequest() {
    AuditFacts message =
        new AuditFacts(
            "e3",
            Instant.parse("2026-03-19T06:45:00.123Z"),
            "track-1",
            AuditFacts.EMESSAGE,
            "C",
            "DIALOGMELDING",
            4,
            "refused",
            new AuditFacts.Agent(
                false, null, null, "Legekontoret", null, "874716782", null, "12345", null),
            List.of(),
            List.of(AuditEventBuilder.FNR + "|13116900216"),
            List.of("Communication/c1/_history/1"),
            null,
            null,
            new AuditFacts.Message("track-1", "msg-1", "http", "REJECTED"));
    for (AuditFacts facts :
        List.of(
            AuditEventBuilderTest.facts(
                List.of("Patient/p1"), AuditEventBuilderTest.doctor(), AuditEventBuilderTest.btg()),
            AuditEventBuilderTest.facts(
                List.of("Patient/p1", "Patient/p2"),
                new AuditFacts.Agent(
                    false, null, null, null, "lab-system", "993467049", null, null, "10.0.0.8"),
                null),
            message)) {
      String stored = AuditFactsCodec.encode(facts);

      assertThat(AuditFactsCodec.isAuditEventJson(stored)).isFalse();
      AuditFacts back = AuditFactsCodec.decode(stored);
      assertThat(back).isEqualTo(facts);
      assertThat(json(builder.build(back))).isEqualTo(json(builder.build(facts)));
    }
  }

  /**
   * The hand-written encoder writes exactly the object mapper's text: every component, nulls,
   * escapes and the instant at every precision (whole seconds, millis, micros, nanos).
   */
  @Test
  void theStreamingEncoderWritesWhatTheObjectMapperWrites() {
    List<AuditFacts> cases =
        List.of(
            AuditEventBuilderTest.facts(
                List.of("Patient/p1"), AuditEventBuilderTest.doctor(), AuditEventBuilderTest.btg()),
            new AuditFacts(
                "01890a5d-ac96-774b-bcce-b302099a8057",
                Instant.parse("2026-03-19T06:45:00Z"),
                null,
                AuditFacts.REST,
                "E",
                "search-type",
                0,
                null,
                null,
                List.of(),
                null,
                List.of("Observation/o1/_history/2", "Observation/\"quoted\""),
                "Observation?code=http%3A%2F%2Floinc.org%7C8867-4&_count=10",
                null,
                null),
            new AuditFacts(
                "e9",
                Instant.parse("2026-03-19T06:45:00.000123Z"),
                "r\u00e6\u00f8\u00e5\t\n",
                AuditFacts.HL7V2,
                "C",
                "ADT^A01",
                8,
                "error",
                AuditFacts.Agent.UNKNOWN,
                List.of("Patient/p\u2028"),
                List.of("urn:oid:2.16.578.1.12.4.1.4.1|13116900216"),
                List.of(),
                null,
                new AuditFacts.Care("BTG", null, "d1", "Akutt \"innleggelse\"", true, 0, true),
                new AuditFacts.Message(null, "m1", "mllp", "STORED")),
            new AuditFacts(
                "e10",
                Instant.parse("1970-01-01T00:00:00.000000001Z"),
                "q",
                AuditFacts.EMESSAGE,
                "R",
                "read",
                4,
                "denied",
                new AuditFacts.Agent(
                    true, "13116900216", "9144889", "Ola", "c", "1", "2", "3", "::1"),
                List.of("Patient/a", "Patient/b"),
                List.of(),
                List.of("Patient/a"),
                null,
                new AuditFacts.Care(null, "x", null, null, false, 1_763_000_000L, false),
                null));
    for (AuditFacts facts : cases) {
      String stored = AuditFactsCodec.encode(facts);
      assertThat(stored).isEqualTo(AuditFactsCodec.encodeWithMapper(facts));
      assertThat(AuditFactsCodec.decode(stored)).isEqualTo(facts);
    }
  }

  @Test
  void aRowWrittenAsAuditEventJsonIsToldApart() {
    String older =
        json(
            builder.build(
                AuditEventBuilderTest.facts(
                    List.of("Patient/p1"), AuditEventBuilderTest.doctor(), null)));

    assertThat(AuditFactsCodec.isAuditEventJson(older)).isTrue();
  }

  private static String json(AuditEvent e) {
    return R4.newJsonParser().encodeResourceToString(e);
  }
}
