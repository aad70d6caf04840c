package no.helsegateway.server.security;

import ca.uhn.fhir.context.FhirContext;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.helsegateway.server.config.GatewaySecurityProperties;
import no.helsegateway.server.security.dev.LocalTokenIssuer;
import no.helsegateway.server.security.internal.AccessTokenValidator;
import no.helsegateway.server.security.internal.AuthenticationFilter;
import no.helsegateway.server.security.internal.DpopVerifier;
import no.helsegateway.server.security.internal.RemoteJwks;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Authentication: access-token validation (HelseID rules, DPoP), the filter on the API paths, the
 * operations-endpoint check, and the local dev token issuer. Refuses to start under the {@code
 * prod} profile with security off or with the dev issuer on.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

  /** The API paths that need a token (every endpoint on the API port but the open ones). */
  public static final List<String> PROTECTED_PATHS =
      List.of(
          "/fhir/*", "/emessages", "/emessages/*", "/terminology/*", "/openehr/*", "/security/*");

  public SecurityConfiguration(GatewaySecurityProperties security, Environment environment) {
    if (environment.acceptsProfiles(Profiles.of("prod"))) {
      if (!security.enabled()) {
        throw new IllegalStateException(
            "gateway.security.enabled=false is refused under the prod profile");
      }
      if (security.devIssuer().enabled()) {
        throw new IllegalStateException(
            "The dev token issuer (gateway.security.dev-issuer.enabled) is refused under the prod"
                + " profile; set GATEWAY_SECURITY_DEVISSUER_ENABLED=false and configure the"
                + " HelseID issuer (gateway.security.token.issuer, jwks-uri, audience)");
      }
    }
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(
      prefix = "gateway.security.dev-issuer",
      name = "enabled",
      havingValue = "true",
      matchIfMissing = true)
  public LocalTokenIssuer localTokenIssuer(
      GatewaySecurityProperties security, @Value("${gateway.data-dir:./data}") String dataDir) {
    LocalTokenIssuer issuer =
        LocalTokenIssuer.loadOrCreate(
            Path.of(dataDir, "dev-issuer"),
            security.token().audience(),
            security.devIssuer().tokenLifetime());
    issuer.start(security.devIssuer().port());
    return issuer;
  }

  @Bean
  public OperationsAccess operationsAccess(
      GatewaySecurityProperties security, FhirContext fhirContext) {
    return new OperationsAccess(security, fhirContext);
  }

  @Bean
  @ConditionalOnProperty(
      prefix = "gateway.security",
      name = "enabled",
      havingValue = "true",
      matchIfMissing = true)
  public FilterRegistrationBean<AuthenticationFilter> authenticationFilter(
      GatewaySecurityProperties security,
      ObjectProvider<LocalTokenIssuer> devIssuer,
      FhirContext fhirContext,
      MeterRegistry meters) {
    GatewaySecurityProperties.Token token = security.token();
    LocalTokenIssuer dev = devIssuer.getIfAvailable();
    JWKSource<SecurityContext> keys;
    String issuer = token.issuer();
    String jwksUri = token.jwksUri();
    if (jwksUri == null || jwksUri.isBlank()) {
      if (dev == null) {
        throw new IllegalStateException(
            "gateway.security.token.jwks-uri is empty and the dev issuer is off: no keys to"
                + " check access tokens with (set the HelseID jwks-uri and issuer)");
      }
      keys = new ImmutableJWKSet<>(dev.publicJwks());
      jwksUri = dev.baseUrl() + "/jwks";
      if (issuer == null || issuer.isBlank()) {
        issuer = dev.issuer();
      }
    } else {
      if (issuer == null || issuer.isBlank()) {
        throw new IllegalStateException(
            "gateway.security.token.issuer must be set when jwks-uri is (the exact iss)");
      }
      keys = RemoteJwks.of(jwksUri, token.jwksCacheTtl(), Duration.ofSeconds(30));
    }
    Clock clock = Clock.systemUTC();
    AccessTokenValidator validator = new AccessTokenValidator(token, issuer, keys, clock);
    DpopVerifier dpop =
        new DpopVerifier(validator.algorithms(), security.dpop().proofWindow(), clock);
    String smart = smartConfiguration(issuer, jwksUri, dev, validator);
    AuthenticationFilter filter =
        new AuthenticationFilter(
            validator, dpop, security.dpop().required(), fhirContext, meters, () -> smart);
    FilterRegistrationBean<AuthenticationFilter> reg = new FilterRegistrationBean<>(filter);
    reg.setUrlPatterns(PROTECTED_PATHS);
    reg.setName("gatewayAuthentication");
    // after Spring's character-encoding and forwarded-header filters, before HAPI and MVC
    reg.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return reg;
  }

  static String smartConfiguration(
      String issuer, String jwksUri, LocalTokenIssuer dev, AccessTokenValidator validator) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("issuer", issuer);
    doc.put("jwks_uri", jwksUri);
    doc.put(
        "token_endpoint",
        dev != null && issuer.equals(dev.issuer())
            ? dev.baseUrl() + "/token"
            : issuer.replaceAll("/+$", "") + "/connect/token");
    doc.put("grant_types_supported", List.of("client_credentials", "authorization_code"));
    doc.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt"));
    doc.put(
        "scopes_supported",
        List.of(
            "system/*.cruds",
            "system/*.rs",
            "user/*.cruds",
            "user/*.rs",
            "patient/*.rs",
            OperationsAccess.SCOPE));
    doc.put("response_types_supported", List.of("code"));
    doc.put("code_challenge_methods_supported", List.of("S256"));
    doc.put(
        "capabilities",
        List.of(
            "permission-v2",
            "client-confidential-asymmetric",
            "launch-standalone",
            "context-standalone-patient"));
    doc.put(
        "dpop_signing_alg_values_supported",
        validator.algorithms().stream().map(JWSAlgorithm::getName).sorted().toList());
    return JSONObjectUtils.toJSONString(doc);
  }
}
