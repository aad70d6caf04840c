package no.helsegateway.server.security.authz.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import no.helsegateway.server.security.Attestation;
import no.helsegateway.server.security.GatewayPrincipal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessPolicyTest {

  /** Synthetic persons: national id -> Patient. */
  static final Map<String, String> PATIENTS =
      Map.of("13116900216", "Patient/1", "15076500565", "Patient/2", "01017012345", "Patient/3");

  static final Function<Collection<String>, Set<String>> RESOLVE =
      ids ->
          ids.stream()
              .filter(PATIENTS::containsKey)
              .map(PATIENTS::get)
              .collect(java.util.stream.Collectors.toSet());

  /** The care-relationship table of the test: org 974633574 treats Patient/2. */
  static final CareRelationshipsStub RELATIONS = new CareRelationshipsStub();

  static final class CareRelationshipsStub {
    boolean exists(Collection<String> orgnrs, String patient) {
      return orgnrs.contains("974633574") && patient.equals("Patient/2");
    }
  }

  static AccessPolicy policy(String... populationRead) {
    return new AccessPolicy(RESOLVE, null, List.of(populationRead));
  }

  /** scope | pid | purpose | reason | attested | orgnr | may read | may not read | btg | denied */
  @ParameterizedTest(name = "{0} {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "patient/*.rs | 13116900216 | | | | | Patient/1 | Patient/2 | false | false",
        "patient/*.rs | 99999999999 | | | | | | Patient/1 | false | false",
        "user/*.rs | 01017012345 | TREAT | | 15076500565 | 974633574 | Patient/2 | Patient/1 | false | false",
        "user/*.rs | 01017012345 | COC | | 15076500565 | 974633574 | Patient/2 | Patient/3 | false | false",
        "user/*.rs | 01017012345 | ETREAT | | 15076500565 | 974633574 | Patient/2 | Patient/1 | false | false",
        "user/*.rs | 01017012345 | RESEARCH | | 15076500565 | 974633574 | | Patient/2 | false | false",
        "user/*.rs | 01017012345 | BTG | akutt innleggelse | 15076500565 | 974633574 | Patient/2 | Patient/1 | true | false",
        "user/*.rs | 01017012345 | BTG | | 15076500565 | 974633574 | | Patient/2 | false | true",
        "user/*.rs | 01017012345 | | | | 974633574 | | Patient/2 | false | false",
      })
  void explicitSets(
      String scope,
      String pid,
      String purpose,
      String reason,
      String attested,
      String orgnr,
      String may,
      String mayNot,
      boolean btg,
      boolean denied) {
    Attestation a =
        purpose == null
            ? null
            : new Attestation(
                purpose,
                null,
                null,
                reason,
                false,
                null,
                attested == null ? List.of() : List.of(attested),
                0);
    GatewayPrincipal p =
        new GatewayPrincipal(
            "s", "c", Set.of(scope), pid, "9144897", null, 4, orgnr, null, a, null);
    PatientAccess access = policy().evaluate(p);
    if (may != null) {
      assertThat(access.mayRead(may)).isTrue();
    }
    assertThat(access.mayRead(mayNot)).isFalse();
    assertThat(access.breakTheGlass()).isEqualTo(btg);
    assertThat(access.btgWithoutReason()).isEqualTo(denied);
    assertThat(access.decision().breakTheGlass()).isEqualTo(btg);
  }

  @org.junit.jupiter.api.Test
  void systemClientsSeeTheirOrganisationsPatientsAndRegistriesReadAll() {
    AccessPolicy policy = new AccessPolicy(RESOLVE, null, List.of("983544622"));
    GatewayPrincipal org =
        new GatewayPrincipal(
            "s", "c", Set.of("system/*.rs"), null, null, null, 0, "974633574", null, null, null);
    PatientAccess access =
        new PatientAccess(
            org,
            no.helsegateway.server.security.authz.SmartScopes.parse(org.scopes()),
            null,
            RELATIONS::exists,
            false,
            false,
            false);
    assertThat(access.mayRead("Patient/2")).isTrue();
    assertThat(access.mayRead("Patient/1")).isFalse();
    GatewayPrincipal registry =
        new GatewayPrincipal(
            "s", "c", Set.of("system/*.rs"), null, null, null, 0, "983544622", null, null, null);
    PatientAccess reg = policy.evaluate(registry);
    assertThat(reg.mayRead("Patient/1")).isTrue();
    assertThat(reg.restrictedReads()).isFalse();
  }
}
