package no.helsegateway.server.security.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import no.helsegateway.server.security.dev.LocalTokenIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The issuer's JWKS over HTTP: cached, fetched again for a new kid (rotation), rate-limited. */
class RemoteJwksTest {

  WireMockServer issuer;
  final ECKey keyA = AccessTokenValidatorTest.key("a");
  final ECKey keyB = AccessTokenValidatorTest.key("b");
  final ECKey keyC = AccessTokenValidatorTest.key("c");

  @BeforeEach
  void start() {
    issuer = new WireMockServer(options().dynamicPort());
    issuer.start();
    publish(keyA);
  }

  @AfterEach
  void stop() {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  void publish(ECKey... keys) {
    String body =
        new JWKSet(
                List.of(keys).stream()
                    .map(k -> (com.nimbusds.jose.jwk.JWK) k.toPublicJWK())
                    .toList())
            .toString();
    issuer.stubFor(
        get(urlEqualTo("/jwks"))
            .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(body)));
  }

  String token(ECKey key) {
    return new LocalTokenIssuer(key, "helsegateway:fhir", Duration.ofMinutes(5), Clock.systemUTC())
        .mint(Map.of("scope", "system/*.rs"));
  }

  @Test
  void cachesRotatesAndRateLimits() throws Exception {
    AccessTokenValidator validator =
        new AccessTokenValidator(
            AccessTokenValidatorTest.config(List.of("ES256")),
            LocalTokenIssuer.ISSUER,
            RemoteJwks.of(
                issuer.baseUrl() + "/jwks", Duration.ofMinutes(10), Duration.ofSeconds(30)),
            Clock.systemUTC());
    validator.validate(token(keyA));
    validator.validate(token(keyA));
    issuer.verify(1, getRequestedFor(urlEqualTo("/jwks")));

    // the issuer rotates: a token with the new kid makes the gateway fetch the set again
    publish(keyA, keyB);
    validator.validate(token(keyB));
    issuer.verify(2, getRequestedFor(urlEqualTo("/jwks")));

    // an unknown kid right after: refused without another fetch (rate limit)
    try {
      validator.validate(token(keyC));
      throw new AssertionError("accepted");
    } catch (TokenRejected e) {
      assertThat(e.reason()).isEqualTo("unknown_key");
    }
    issuer.verify(2, getRequestedFor(urlEqualTo("/jwks")));
  }

  @Test
  void anUnreachableIssuerRefusesTokens() {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    AccessTokenValidator validator =
        new AccessTokenValidator(
            AccessTokenValidatorTest.config(List.of("ES256")),
            LocalTokenIssuer.ISSUER,
            RemoteJwks.of(
                "http://127.0.0.1:" + port + "/jwks",
                Duration.ofMinutes(10),
                Duration.ofSeconds(30)),
            Clock.systemUTC());
    try {
      validator.validate(token(keyA));
      throw new AssertionError("accepted");
    } catch (TokenRejected e) {
      assertThat(e.reason()).isIn("jwks_unavailable", "unknown_key");
    }
  }
}
