package no.helsegateway.server.security.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import no.helsegateway.server.security.GatewayPrincipal;
import no.helsegateway.server.security.audit.AuditEntry;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/**
 * The AuditEvent of an access against HL7 Norway's no-domain-Trustframework-Auditevent (checked
 * element by element here; the IG's StructureDefinitions are not part of the gateway's package, so
 * no validator run), and the patient's view. Synthetic persons: fnr 13116900216 (the Epikrise
 * example's), HPR 9144897 and org.nr 874716782 / 993467049 (the IG example's).
 */
class AuditEventBuilderTest {

  static final FhirContext R4 = FhirContext.forR4Cached();
  final AuditEventBuilder builder = new AuditEventBuilder();

  static AuditFacts.Agent doctor() {
    return new AuditFacts.Agent(
        true,
        "13116900216",
        "9144897",
        "August September",
        "epj-client",
        "993467049",
        "874716782",
        null,
        "10.0.0.7");
  }

  static AuditFacts.Care btg() {
    return new AuditFacts.Care(
        "BTG", "BLAALYS", "23423255", "bevisstløs pasient i akuttmottak", true, 1710830705L, true);
  }

  static AuditFacts facts(List<String> patients, AuditFacts.Agent agent, AuditFacts.Care care) {
    return new AuditFacts(
        "e1",
        Instant.parse("2026-03-19T06:45:00Z"),
        "req-1",
        AuditFacts.REST,
        "E",
        "search-type",
        0,
        null,
        agent,
        patients,
        null,
        List.of(),
        "Observation?patient=Patient%2Fp1",
        care,
        null);
  }

  @Test
  void aHealthWorkersAccessToOnePatientFollowsTheNorwegianProfile() {
    AuditEvent e = builder.build(facts(List.of("Patient/p1"), doctor(), btg()));

    assertThat(e.getMeta().getProfile().get(0).getValue()).isEqualTo(AuditEventBuilder.PROFILE);
    assertThat(e.getType().getCode()).isEqualTo("110110");
    assertThat(e.getAction()).isEqualTo(AuditEvent.AuditEventAction.E);
    assertThat(e.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
    // who: a contained PractitionerRole -> Practitioner (fnr + HPR), legal entity, point of care
    assertThat(e.getAgent()).hasSize(1);
    AuditEvent.AuditEventAgentComponent agent = e.getAgentFirstRep();
    assertThat(agent.getRequestor()).isTrue();
    assertThat(agent.getWho().getReference()).isEqualTo("#agent");
    PractitionerRole role =
        (PractitionerRole)
            e.getContained().stream().filter(r -> r.getId().equals("agent")).findFirst().get();
    assertThat(role.getPractitioner().getReference()).isEqualTo("#practitioner");
    assertThat(role.getOrganization().getReference()).isEqualTo("#legal-entity");
    assertThat(role.getLocationFirstRep().getReference()).isEqualTo("#point-of-care");
    Practitioner practitioner =
        (Practitioner)
            e.getContained().stream()
                .filter(r -> r.getId().equals("practitioner"))
                .findFirst()
                .get();
    assertThat(practitioner.getIdentifier())
        .extracting(i -> i.getSystem() + "|" + i.getValue())
        .containsExactly(
            "urn:oid:2.16.578.1.12.4.1.4.1|13116900216", "urn:oid:2.16.578.1.12.4.1.4.4|9144897");
    // purpose of use: BTG from v3 ActReason, with the decision template code
    assertThat(e.getPurposeOfEventFirstRep().getCoding())
        .extracting(Coding::getSystem, Coding::getCode)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(AuditEventBuilder.ACT_REASON, "BTG"),
            org.assertj.core.groups.Tuple.tuple(AuditEventBuilder.PURPOSE_DETAILS, "BLAALYS"));
    // one patient: the patient extension; care relation metadata with all four parts
    Extension patient = e.getExtensionByUrl(AuditEventBuilder.PATIENT_EXTENSION);
    assertThat(((Reference) patient.getValue()).getReference()).isEqualTo("Patient/p1");
    Extension care = e.getExtensionByUrl(AuditEventBuilder.CARE_RELATION_EXTENSION);
    assertThat(care.getExtension())
        .extracting(Extension::getUrl)
        .containsExactly(
            "decision-ref-id", "decision-ref-description", "decision-ref-user-selected", "toa");
    // what: the patient and the query
    assertThat(e.getEntity()).extracting(en -> en.getRole().getCode()).containsExactly("1", "24");
    assertThat(new String(e.getEntity().get(1).getQuery())).contains("Observation?patient=");
    // it encodes (what the log stores)
    assertThat(R4.newJsonParser().encodeResourceToString(e))
        .contains("\"resourceType\":\"AuditEvent\"");
  }

  @Test
  void severalPatientsAreEntitiesAndTheProfileIsNotClaimed() {
    AuditEvent e = builder.build(facts(List.of("Patient/p1", "Patient/p2"), doctor(), null));
    assertThat(e.getMeta().getProfile()).isEmpty();
    assertThat(e.getExtensionByUrl(AuditEventBuilder.PATIENT_EXTENSION)).isNull();
    assertThat(e.getEntity())
        .filteredOn(en -> en.getRole().getCode().equals("1"))
        .extracting(en -> en.getWhat().getReference())
        .containsExactly("Patient/p1", "Patient/p2");
    assertThat(e.getPurposeOfEvent()).isEmpty();
  }

  @Test
  void aSystemClientIsAnApplicationAgentForItsOrganisation() {
    AuditFacts.Agent system =
        new AuditFacts.Agent(false, null, null, null, "lab-system", "993467049", null, null, null);
    AuditEvent e = builder.build(facts(List.of("Patient/p1"), system, null));
    assertThat(e.getMeta().getProfile()).isEmpty();
    assertThat(e.getAgentFirstRep().getType().getCodingFirstRep().getCode()).isEqualTo("110150");
    assertThat(e.getAgentFirstRep().getWho().getReference()).isEqualTo("#legal-entity");
    assertThat(e.getAgentFirstRep().getAltId()).isEqualTo("lab-system");
  }

  @Test
  void theRowCarriesWhoPurposeAndBothPatientKeys() {
    AuditFacts f =
        new AuditFacts(
            "e2",
            Instant.now(),
            "t1",
            AuditFacts.EMESSAGE,
            "C",
            "epikrise-1.2",
            0,
            null,
            new AuditFacts.Agent(
                false, null, null, "Sykehuset", null, "993467049", null, "8094", null),
            List.of("Patient/p1"),
            List.of(AuditEventBuilder.FNR + "|13116900216"),
            List.of("Condition/c1/_history/1"),
            null,
            null,
            new AuditFacts.Message("t1", "m1", "http", "STORED"));
    AuditEntry row = AuditEventBuilder.entry(f);
    assertThat(row.patients())
        .containsExactly("Patient/p1", "urn:oid:2.16.578.1.12.4.1.4.1|13116900216");
    assertThat(row.clientId()).isEqualTo("8094");
    assertThat(row.agentName()).isEqualTo("Sykehuset");
    AuditEvent e = builder.build(f);
    assertThat(e.getType().getCode()).isEqualTo("110107");
    assertThat(e.getEntity())
        .extracting(en -> en.getRole().getCode())
        .containsExactly("1", "1", "4", "3");
  }

  @Test
  void thePatientsViewHasNoFreeTextNoOtherPatientAndNoHealthWorkerFnr() {
    AuditEntry row =
        AuditEventBuilder.entry(facts(List.of("Patient/p1", "Patient/p2"), doctor(), btg()));
    AuditEvent view = builder.patientView(row, "Patient/p1");
    String json = R4.newJsonParser().encodeResourceToString(view);
    assertThat(json)
        .doesNotContain("bevisstløs")
        .doesNotContain("Patient/p2")
        .doesNotContain("13116900216")
        .doesNotContain("Observation?")
        .doesNotContain("23423255")
        .contains("August September")
        .contains("9144897")
        .contains("874716782")
        .contains("\"BTG\"");
  }

  @Test
  void auditAccessNeedsANamedAuditEventScopeOrAPatientScope() {
    assertThat(AuditAccess.level(principal(Set.of("system/AuditEvent.rs"), null)))
        .isEqualTo(AuditAccess.Level.ALL);
    assertThat(AuditAccess.level(principal(Set.of("user/AuditEvent.read"), "13116900216")))
        .isEqualTo(AuditAccess.Level.ALL);
    assertThat(AuditAccess.level(principal(Set.of("gateway/operations"), null)))
        .isEqualTo(AuditAccess.Level.ALL);
    assertThat(AuditAccess.level(principal(Set.of("system/*.cruds"), null)))
        .isEqualTo(AuditAccess.Level.NONE);
    assertThat(AuditAccess.level(principal(Set.of("system/AuditEvent.cud"), null)))
        .isEqualTo(AuditAccess.Level.NONE);
    assertThat(AuditAccess.level(principal(Set.of("patient/*.rs"), "13116900216")))
        .isEqualTo(AuditAccess.Level.OWN);
    assertThat(AuditAccess.level(principal(Set.of("patient/AuditEvent.rs"), null)))
        .isEqualTo(AuditAccess.Level.NONE);
    assertThat(AuditAccess.level(principal(Set.of("patient/Observation.rs"), "13116900216")))
        .isEqualTo(AuditAccess.Level.NONE);
    assertThat(AuditAccess.level(null)).isEqualTo(AuditAccess.Level.ALL);
  }

  static GatewayPrincipal principal(Set<String> scopes, String pid) {
    return new GatewayPrincipal(
        "sub", "client", scopes, pid, null, null, 4, "993467049", null, null, null);
  }
}
