package no.helsegateway.server.config;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Security settings ({@code gateway.security.*}): token validation as a HelseID-protected API does
 * it, authorisation and audit. Secrets come from the environment only, never from {@code
 * application.yaml}.
 *
 * @param enabled bearer tokens required on {@code /fhir}, {@code /emessages} and the operations
 *     endpoints, SMART scopes, need-to-know, shielding and audit enforced; off only for benchmarks
 *     that measure the overhead (never in production: the production profile refuses it)
 * @param token how access tokens are validated
 * @param dpop DPoP proof rules (RFC 9449)
 * @param devIssuer the local token issuer for development and tests (loopback only; refused under
 *     the {@code prod} profile)
 * @param breakTheGlass emergency access rules
 * @param audit access log rules
 * @param operationsToken legacy static bearer token for the operations endpoints; accepted only
 *     when {@code enabled=false} (set through {@code GATEWAY_SECURITY_OPERATIONSTOKEN})
 * @param populationReadOrgnrs organisation numbers of registries with a legal basis for reading the
 *     whole population's data (system tokens of these organisations read every patient; they still
 *     write only where they have a care relationship); empty by default
 * @param herOrganisations HER-id (the address register's id of an organisation or department) to
 *     organisation number, for e-message senders that name themselves by HER-id only: such a
 *     message is accepted from a token of that organisation; a HER-id not listed names nobody
 *     (refused)
 */
@Validated
@ConfigurationProperties("gateway.security")
public record GatewaySecurityProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue @NotNull Token token,
    @DefaultValue @NotNull Dpop dpop,
    @DefaultValue @NotNull DevIssuer devIssuer,
    @DefaultValue @NotNull BreakTheGlass breakTheGlass,
    @DefaultValue @NotNull Audit audit,
    String operationsToken,
    @DefaultValue List<String> populationReadOrgnrs,
    Map<String, @Pattern(regexp = "\\d{9}") String> herOrganisations) {

  @ConstructorBinding
  public GatewaySecurityProperties {
    populationReadOrgnrs =
        populationReadOrgnrs == null ? List.of() : List.copyOf(populationReadOrgnrs);
    herOrganisations = herOrganisations == null ? Map.of() : Map.copyOf(herOrganisations);
  }

  /** Without population-wide readers (tests and older callers). */
  public GatewaySecurityProperties(
      boolean enabled,
      Token token,
      Dpop dpop,
      DevIssuer devIssuer,
      BreakTheGlass breakTheGlass,
      Audit audit,
      String operationsToken) {
    this(
        enabled,
        token,
        dpop,
        devIssuer,
        breakTheGlass,
        audit,
        operationsToken,
        List.of(),
        Map.of());
  }

  /**
   * @param issuer the exact {@code iss} expected (HelseID: {@code https://helseid-sts.nhn.no});
   *     empty = the dev issuer's
   * @param jwksUri where the issuer's signing keys are fetched (cached, refreshed on an unknown
   *     {@code kid}); empty = the dev issuer's keys
   * @param audience the exact {@code aud} this API is registered with in HelseID
   * @param algorithms allowed JWS algorithms ({@code none} is never allowed)
   * @param clockSkew leeway on {@code exp}/{@code nbf} ("no more than a few seconds")
   * @param minSecurityLevel lowest {@code helseid://claims/identity/security_level} accepted for
   *     user tokens
   */
  public record Token(
      @DefaultValue("") String issuer,
      @DefaultValue("") String jwksUri,
      @DefaultValue("helsegateway:fhir") @NotNull String audience,
      @DefaultValue({"RS256", "PS256", "ES256"}) List<String> algorithms,
      @DefaultValue("5s") Duration clockSkew,
      @DefaultValue("3") int minSecurityLevel,
      @DefaultValue("10m") Duration jwksCacheTtl) {}

  /**
   * @param required refuse plain bearer tokens (every token must be DPoP-bound)
   * @param proofWindow how old (or how far in the future) a proof's {@code iat} may be; also the
   *     lifetime of the {@code jti} replay cache
   */
  public record Dpop(
      @DefaultValue("false") boolean required, @DefaultValue("60s") Duration proofWindow) {}

  /**
   * @param enabled start the local issuer (default on for local runs; the {@code prod} profile
   *     refuses to start with it)
   * @param port loopback port of its HTTP endpoint ({@code POST /token}, {@code GET /jwks}); 0 =
   *     any free port
   * @param tokenLifetime lifetime of minted tokens unless the request says otherwise
   */
  public record DevIssuer(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("8099") int port,
      @DefaultValue("1h") Duration tokenLifetime) {}

  /**
   * @param overridesShielding whether break-the-glass opens records the patient has shielded from
   *     the user (the law allows it only in narrow cases, so off by default)
   */
  public record BreakTheGlass(@DefaultValue("false") boolean overridesShielding) {}

  /**
   * @param enabled write an AuditEvent for every access of patient data (fail closed)
   * @param journalFsync whether each access-log journal write is forced to the disk ({@code auto}:
   *     when the database is PostgreSQL, whose commit does so; not on H2, whose commit does not),
   *     or {@code true} / {@code false}
   * @param journalInterval how often the journal is moved into the access-log tables (reading the
   *     log moves it first either way)
   */
  public record Audit(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("auto") String journalFsync,
      @DefaultValue("200ms") Duration journalInterval) {}

  public boolean operationsTokenConfigured() {
    return operationsToken != null && !operationsToken.isBlank();
  }
}
