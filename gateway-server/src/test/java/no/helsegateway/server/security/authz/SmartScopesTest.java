package no.helsegateway.server.security.authz;

import static no.helsegateway.server.security.authz.SmartScopes.Permission.CREATE;
import static no.helsegateway.server.security.authz.SmartScopes.Permission.DELETE;
import static no.helsegateway.server.security.authz.SmartScopes.Permission.READ;
import static no.helsegateway.server.security.authz.SmartScopes.Permission.SEARCH;
import static no.helsegateway.server.security.authz.SmartScopes.Permission.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import no.helsegateway.server.security.authz.SmartScopes.Context;
import no.helsegateway.server.security.authz.SmartScopes.Permission;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmartScopesTest {

  /** scope | type asked | permissions granted (letters) | context */
  @ParameterizedTest(name = "{0} on {1} grants [{2}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "patient/*.rs | Observation | rs | PATIENT",
        "patient/*.rs | *           | rs | PATIENT",
        "user/Observation.cruds | Observation | cruds | USER",
        "user/Observation.cruds | Patient | '' | USER",
        "system/*.cruds | Condition | cruds | SYSTEM",
        "system/Patient.c | Patient | c | SYSTEM",
        "system/Patient.c | * | '' | SYSTEM",
        "user/Observation.read | Observation | rs | USER",
        "user/Observation.write | Observation | cud | USER",
        "system/*.* | Encounter | cruds | SYSTEM",
        "patient/Observation.ud | Observation | ud | PATIENT",
        // garbled or unknown: nothing
        "patient/Observation.sr | Observation | '' | ",
        "patient/Observation.rr | Observation | '' | ",
        "patient/Observation.x | Observation | '' | ",
        "patient/Observation. | Observation | '' | ",
        "patient/observation.rs | Observation | '' | ",
        "admin/*.cruds | Observation | '' | ",
        "patient/Observation.rs?category=laboratory | Observation | '' | ",
        "launch/patient | Patient | '' | ",
        "openid | Patient | '' | ",
        "patient/*.READ | Patient | '' | ",
        "' patient/*.rs' | Patient | rs | PATIENT",
      })
  void grants(String scope, String type, String letters, String context) {
    SmartScopes s = SmartScopes.parse(List.of(scope));
    for (Permission p : Permission.values()) {
      assertThat(s.allows(p, type))
          .as("%s %s", scope, p)
          .isEqualTo(letters.indexOf(p.letter()) >= 0);
    }
    assertThat(s.context().map(Enum::name).orElse(null))
        .isEqualTo(context == null || context.isBlank() ? null : context);
  }

  @ParameterizedTest
  @CsvSource({"READ", "SEARCH"})
  void theNarrowestContextWins(Permission p) {
    SmartScopes s = SmartScopes.parse(List.of("system/*.cruds", "patient/Observation.rs"));
    assertThat(s.context()).contains(Context.PATIENT);
    assertThat(s.allows(p, "Observation")).isTrue();
    assertThat(s.allows(p, "Condition")).isFalse();
    assertThat(s.allows(CREATE, "Observation")).isFalse();
  }

  @org.junit.jupiter.api.Test
  void scopesAddUpWithinAContext() {
    SmartScopes s =
        SmartScopes.parse(List.of("user/Observation.r", "user/Observation.s", "user/Patient.d"));
    assertThat(s.allows(READ, "Observation")).isTrue();
    assertThat(s.allows(SEARCH, "Observation")).isTrue();
    assertThat(s.allows(DELETE, "Patient")).isTrue();
    assertThat(s.allows(UPDATE, "Patient")).isFalse();
    assertThat(s.mayShow("Observation")).isTrue();
    assertThat(s.mayShow("Condition")).isFalse();
    assertThat(SmartScopes.parse(null).isEmpty()).isTrue();
  }
}
