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
