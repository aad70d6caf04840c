package no.helsegateway.server.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import no.helsegateway.server.security.GatewayPrincipal;
import no.helsegateway.server.security.Principals;
import no.helsegateway.server.security.dev.DpopProofs;
import no.helsegateway.server.security.dev.LocalTokenIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The filter without a server: required DPoP, open paths, the principal attribute, metrics. */
class AuthenticationFilterTest {

  final LocalTokenIssuer issuer =
      new LocalTokenIssuer(
          AccessTokenValidatorTest.key("k"),
          "helsegateway:fhir",
          Duration.ofMinutes(5),
          Clock.systemUTC());
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  AuthenticationFilter filter(boolean dpopRequired) {
    AccessTokenValidator validator =
        new AccessTokenValidator(
            AccessTokenValidatorTest.config(List.of("ES256")),
            LocalTokenIssuer.ISSUER,
            new ImmutableJWKSet<>(issuer.publicJwks()),
            Clock.systemUTC());
    return new AuthenticationFilter(
        validator,
        new DpopVerifier(validator.algorithms(), Duration.ofSeconds(60), Clock.systemUTC()),
        dpopRequired,
        FhirContext.forR4Cached(),
        meters,
        () -> "{\"issuer\":\"x\"}");
  }

  static MockHttpServletRequest request(String method, String path) {
    MockHttpServletRequest r = new MockHttpServletRequest(method, path);
    r.setServerName("localhost");
    r.setServerPort(8080);
    return r;
  }

  @Test
  void setsThePrincipalForAValidToken() throws Exception {
    MockHttpServletRequest req = request("GET", "/fhir/Patient");
    req.addHeader("Authorization", "Bearer " + issuer.mint(Map.of("scope", "system/*.rs")));
    MockFilterChain chain = new MockFilterChain();
    filter(false).doFilter(req, new MockHttpServletResponse(), chain);
    assertThat(chain.getRequest()).isSameAs(req);
    GatewayPrincipal p = Principals.of(req).orElseThrow();
    assertThat(p.scopes()).containsExactly("system/*.rs");
  }

  @Test
  void requiredDpopRefusesPlainBearerTokensAndAcceptsBoundOnes() throws Exception {
    AuthenticationFilter f = filter(true);
    MockHttpServletRequest plain = request("GET", "/fhir/Patient");
    plain.addHeader("Authorization", "Bearer " + issuer.mint(Map.of()));
    MockHttpServletResponse refused = new MockHttpServletResponse();
    MockFilterChain notCalled = new MockFilterChain();
    f.doFilter(plain, refused, notCalled);
    assertThat(refused.getStatus()).isEqualTo(401);
    assertThat(refused.getHeader("WWW-Authenticate")).startsWith("DPoP error=\"invalid_token\"");
    assertThat(refused.getContentAsString()).contains(AuthenticationFilter.INVALID_TOKEN);
    assertThat(notCalled.getRequest()).isNull();
    assertThat(Principals.of(plain)).isEmpty();
    assertThat(
            meters
                .get("gateway.security.token.rejections")
                .tag("reason", "dpop_required")
                .counter()
                .count())
        .isEqualTo(1.0);

    ECKey key = DpopProofs.newKey();
    String token = issuer.mintDpopBound(Map.of(), key);
    MockHttpServletRequest bound = request("GET", "/fhir/Patient");
    bound.addHeader("Authorization", "DPoP " + token);
    bound.addHeader(
        "DPoP", DpopProofs.create(key, "GET", "http://localhost:8080/fhir/Patient", token));
    MockFilterChain chain = new MockFilterChain();
    MockHttpServletResponse ok = new MockHttpServletResponse();
    f.doFilter(bound, ok, chain);
    assertThat(ok.getStatus()).isEqualTo(200);
    assertThat(chain.getRequest()).isSameAs(bound);
    assertThat(Principals.of(bound).orElseThrow().dpopJkt()).isNotNull();
  }

  @Test
  void metadataAndSmartConfigurationAreOpenButNothingElse() throws Exception {
    AuthenticationFilter f = filter(false);
    MockFilterChain chain = new MockFilterChain();
    f.doFilter(request("GET", "/fhir/metadata"), new MockHttpServletResponse(), chain);
    assertThat(chain.getRequest()).isNotNull();

    MockHttpServletResponse smart = new MockHttpServletResponse();
    f.doFilter(
        request("GET", "/fhir/.well-known/smart-configuration"), smart, new MockFilterChain());
    assertThat(smart.getStatus()).isEqualTo(200);
    assertThat(smart.getContentAsString()).isEqualTo("{\"issuer\":\"x\"}");

    for (String[] mp :
        new String[][] {
          {"POST", "/fhir/metadata"}, {"GET", "/fhir/metadata/x"}, {"GET", "/fhir/Patient"}
        }) {
      MockHttpServletResponse r = new MockHttpServletResponse();
      MockFilterChain c = new MockFilterChain();
      f.doFilter(request(mp[0], mp[1]), r, c);
      assertThat(r.getStatus()).as(mp[1]).isEqualTo(401);
      assertThat(c.getRequest()).isNull();
    }
  }
}
