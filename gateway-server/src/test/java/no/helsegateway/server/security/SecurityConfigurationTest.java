package no.helsegateway.server.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import no.helsegateway.server.config.GatewaySecurityProperties;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The prod profile refuses the dev issuer and security off. */
class SecurityConfigurationTest {

  static GatewaySecurityProperties props(boolean enabled, boolean devIssuer) {
    return new GatewaySecurityProperties(
        enabled,
        new GatewaySecurityProperties.Token(
            "https://helseid-sts.nhn.no",
            "https://helseid-sts.nhn.no/.well-known/openid-configuration/jwks",
            "helsegateway:fhir",
            List.of("RS256"),
            Duration.ofSeconds(5),
            3,
            Duration.ofMinutes(10)),
        new GatewaySecurityProperties.Dpop(false, Duration.ofSeconds(60)),
        new GatewaySecurityProperties.DevIssuer(devIssuer, 0, Duration.ofHours(1)),
        new GatewaySecurityProperties.BreakTheGlass(false),
        new GatewaySecurityProperties.Audit(true, "auto", java.time.Duration.ofMillis(200)),
        null);
  }

  static MockEnvironment profiles(String... names) {
    MockEnvironment env = new MockEnvironment();
    env.setActiveProfiles(names);
    return env;
  }

  @Test
  void prodRefusesTheDevIssuer() {
    assertThatThrownBy(() -> new SecurityConfiguration(props(true, true), profiles("prod")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dev token issuer");
  }

  @Test
  void prodRefusesSecurityOff() {
    assertThatThrownBy(() -> new SecurityConfiguration(props(false, false), profiles("prod")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("gateway.security.enabled=false");
  }

  @Test
  void prodStartsWithHelseIdSettingsAndOtherProfilesWithTheDevIssuer() {
    assertThatCode(() -> new SecurityConfiguration(props(true, false), profiles("prod")))
        .doesNotThrowAnyException();
    assertThatCode(() -> new SecurityConfiguration(props(true, true), profiles("dev")))
        .doesNotThrowAnyException();
    assertThatCode(() -> new SecurityConfiguration(props(false, true), profiles()))
        .doesNotThrowAnyException();
  }
}
