package no.helsegateway.server.security.authz.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import no.helsegateway.server.security.GatewayPrincipal;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class ShieldsTest {

  static final String HPR = "9144897";
  static final String ORG = "974633574";
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  static Consent consent(
      Consent.ConsentState state,
      Consent.ConsentProvisionType type,
      Identifier actor,
      Period period) {
    Consent c = new Consent();
    c.setStatus(state);
    c.getProvision().setType(type);
    if (actor != null) {
      c.getProvision().addActor().setReference(new Reference().setIdentifier(actor));
    }
    c.getProvision().setPeriod(period);
    return c;
  }

  static GatewayPrincipal user(String hpr, String org) {
    return new GatewayPrincipal(
        "s", "c", Set.of("user/*.rs"), "13116900216", hpr, null, 4, org, null, null, null);
  }

  @Test
  void aDenyNamingAPractitionerOrOrganisationBlocksThem() {
    Shields.Shield byHpr =
        Shields.parse(
            consent(
                Consent.ConsentState.ACTIVE,
                Consent.ConsentProvisionType.DENY,
                new Identifier().setSystem(Shields.HPR_SYSTEM).setValue(HPR),
                null));
    Shields.Shield byOrg =
        Shields.parse(
            consent(
                Consent.ConsentState.ACTIVE,
                Consent.ConsentProvisionType.DENY,
                new Identifier().setSystem(Shields.ORGNR_SYSTEM).setValue(ORG),
                null));
    Date now = Date.from(NOW);
    assertThat(byHpr.blocks(user(HPR, "1"), now)).isTrue();
    assertThat(byHpr.blocks(user("1234567", ORG), now)).isFalse();
    assertThat(byOrg.blocks(user("1234567", ORG), now)).isTrue();
    assertThat(byOrg.blocks(user(HPR, "983544622"), now)).isFalse();
  }

  @Test
  void onlyActiveDeniesWithAnActorCount() {
    Identifier actor = new Identifier().setSystem(Shields.HPR_SYSTEM).setValue(HPR);
    assertThat(
            Shields.parse(
                consent(
                    Consent.ConsentState.INACTIVE, Consent.ConsentProvisionType.DENY, actor, null)))
        .isNull();
    assertThat(
            Shields.parse(
                consent(
                    Consent.ConsentState.ACTIVE, Consent.ConsentProvisionType.PERMIT, actor, null)))
        .isNull();
    assertThat(
            Shields.parse(
                consent(
                    Consent.ConsentState.ACTIVE, Consent.ConsentProvisionType.DENY, null, null)))
        .isNull();
    assertThat(
            Shields.parse(
                consent(
                    Consent.ConsentState.ACTIVE,
                    Consent.ConsentProvisionType.DENY,
                    new Identifier().setSystem("urn:other").setValue(HPR),
                    null)))
        .isNull();
  }

  @Test
  void thePeriodLimitsWhenTheShieldHoldsAndItIsCachedUntilInvalidated() {
    Period future = new Period().setStart(Date.from(NOW.plusSeconds(3600)));
    Period past = new Period().setEnd(Date.from(NOW.minusSeconds(3600)));
    Period open = new Period().setStart(Date.from(NOW.minusSeconds(3600)));
    Identifier actor = new Identifier().setSystem(Shields.HPR_SYSTEM).setValue(HPR);
    AtomicInteger loads = new AtomicInteger();
    List<Consent> stored =
        new java.util.ArrayList<>(
            List.of(
                consent(
                    Consent.ConsentState.ACTIVE, Consent.ConsentProvisionType.DENY, actor, future),
                consent(
                    Consent.ConsentState.ACTIVE, Consent.ConsentProvisionType.DENY, actor, past)));
    Shields shields =
        new Shields(
            p -> {
              loads.incrementAndGet();
              return stored.stream().map(Shields::parse).toList();
            },
            Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(shields.blocks(List.of("Patient/1"), user(HPR, ORG))).isFalse();
    stored.add(
        consent(Consent.ConsentState.ACTIVE, Consent.ConsentProvisionType.DENY, actor, open));
    assertThat(shields.blocks(List.of("Patient/1"), user(HPR, ORG))).isFalse(); // cached
    shields.invalidate();
    assertThat(shields.blocks(List.of("Patient/1"), user(HPR, ORG))).isTrue();
    assertThat(loads.get()).isEqualTo(2);
  }

  @Test
  void theIndexAnswersForEveryPatientWithOneLoadUntilAConsentIsWritten() {
    Identifier actor = new Identifier().setSystem(Shields.HPR_SYSTEM).setValue(HPR);
    Shields.Shield shield =
        Shields.parse(
            consent(Consent.ConsentState.ACTIVE, Consent.ConsentProvisionType.DENY, actor, null));
    AtomicInteger perPatient = new AtomicInteger();
    AtomicInteger all = new AtomicInteger();
    java.util.Map<String, List<Shields.Shield>> stored =
        new java.util.HashMap<>(java.util.Map.of("Patient/1", List.of(shield)));
    Shields shields =
        new Shields(
            p -> {
              perPatient.incrementAndGet();
              return List.of();
            },
            () -> {
              all.incrementAndGet();
              return java.util.Optional.of(java.util.Map.copyOf(stored));
            },
            Clock.fixed(NOW, ZoneOffset.UTC));

    assertThat(shields.blocks(List.of("Patient/1"), user(HPR, ORG))).isTrue();
    assertThat(shields.blocks(List.of("Patient/2"), user(HPR, ORG))).isFalse();
    assertThat(shields.blocks(List.of("Patient/new"), user(HPR, ORG))).isFalse();
    assertThat(all.get()).isEqualTo(1);
    stored.put("Patient/2", List.of(shield));
    shields.invalidate();
    assertThat(shields.blocks(List.of("Patient/2"), user(HPR, ORG))).isTrue();
    assertThat(all.get()).isEqualTo(2);
    assertThat(perPatient.get()).isZero();
  }

  @Test
  void aLoadThatOverlapsAConsentWriteIsUsedOnceAndNotKept() {
    Identifier actor = new Identifier().setSystem(Shields.HPR_SYSTEM).setValue(HPR);
    Shields.Shield shield =
        Shields.parse(
            consent(Consent.ConsentState.ACTIVE, Consent.ConsentProvisionType.DENY, actor, null));
    AtomicInteger all = new AtomicInteger();
    Shields[] self = new Shields[1];
    self[0] =
        new Shields(
            p -> List.of(),
            () -> {
              if (all.incrementAndGet() == 1) {
                // a Consent write commits while the first load reads the old state
                self[0].invalidate();
                return java.util.Optional.of(java.util.Map.of());
              }
              return java.util.Optional.of(java.util.Map.of("Patient/1", List.of(shield)));
            },
            Clock.fixed(NOW, ZoneOffset.UTC));

    assertThat(self[0].blocks(List.of("Patient/1"), user(HPR, ORG))).isFalse();
    assertThat(self[0].blocks(List.of("Patient/1"), user(HPR, ORG))).isTrue();
    assertThat(all.get()).isEqualTo(2);
  }

  @Test
  void withTooManyConsentsForTheIndexEachPatientIsSearched() {
    AtomicInteger perPatient = new AtomicInteger();
    Shields shields =
        new Shields(
            p -> {
              perPatient.incrementAndGet();
              return List.of();
            },
            java.util.Optional::empty,
            Clock.fixed(NOW, ZoneOffset.UTC));

    assertThat(shields.blocks(List.of("Patient/1", "Patient/2"), user(HPR, ORG))).isFalse();
    assertThat(shields.blocks(List.of("Patient/1"), user(HPR, ORG))).isFalse();
    assertThat(perPatient.get()).isEqualTo(2);
  }
}
