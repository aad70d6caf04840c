package no.helsegateway.server.security.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import no.helsegateway.server.config.GatewaySecurityProperties;
import no.helsegateway.server.security.GatewayPrincipal;

/**
 * Validates an access token as a HelseID-protected API must (NHN "Validating Access Tokens"): a JWS
 * (never {@code none}) with an allowed asymmetric algorithm, header {@code typ} {@code at+jwt} or
 * {@code JWT}, a signature by a key of the issuer's JWKS, the exact {@code iss}, {@code aud}
 * containing this API's audience, {@code exp} and {@code nbf} with a small clock skew, and a
 * security level high enough for user tokens. Then maps the claims to a {@link GatewayPrincipal}.
 */
public final class AccessTokenValidator {

  private static final Set<String> ALLOWED_TYP = Set.of("at+jwt", "application/at+jwt", "jwt");

  private final String issuer;
  private final String audience;
  private final Set<JWSAlgorithm> algorithms;
  private final Duration clockSkew;
  private final int minSecurityLevel;
  private final Clock clock;
  private final DefaultJWTProcessor<SecurityContext> processor;

  /**
   * Tokens that passed every check, so that a client reusing its token (the normal case) costs one
   * signature verification per token, not per request. Time checks are repeated on every hit; an
   * entry lives at most {@link #RECENT_TTL}, which bounds how long a key withdrawn from the JWKS
   * still counts.
   */
  private final Cache<String, Valid> recent;

  static final Duration RECENT_TTL = Duration.ofMinutes(5);

  private record Valid(GatewayPrincipal principal, long expMillis, long nbfMillis) {}

  public AccessTokenValidator(
      GatewaySecurityProperties.Token config,
      String issuer,
      JWKSource<SecurityContext> keys,
      Clock clock) {
    this.issuer = issuer;
    this.audience = config.audience();
    this.algorithms = allowedAlgorithms(config.algorithms());
    this.clockSkew = config.clockSkew();
    this.minSecurityLevel = config.minSecurityLevel();
    this.clock = clock;
    this.processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
    // typ is checked before (with a reason of its own); the processor must not re-check it
    processor.setJWSTypeVerifier((type, context) -> {});
    processor.setJWTClaimsSetVerifier(claimsVerifier());
    this.recent =
        Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(RECENT_TTL)
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .build();
  }

  /**
   * The allowed algorithms: asymmetric JWS only. {@code none} and HMAC (which would let a public
   * key act as a shared secret) are refused at start-up.
   */
  static Set<JWSAlgorithm> allowedAlgorithms(List<String> names) {
    Set<JWSAlgorithm> out = new LinkedHashSet<>();
    for (String name : names) {
      JWSAlgorithm alg = JWSAlgorithm.parse(name.trim());
      if (!JWSAlgorithm.Family.RSA.contains(alg) && !JWSAlgorithm.Family.EC.contains(alg)) {
        throw new IllegalStateException(
            "gateway.security.token.algorithms: only asymmetric signature algorithms (RS*, PS*,"
                + " ES*) are allowed, not "
                + name);
      }
      out.add(alg);
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("gateway.security.token.algorithms is empty");
    }
    return Set.copyOf(out);
  }

  public Set<JWSAlgorithm> algorithms() {
    return algorithms;
  }

  /** The principal of a valid token; {@link TokenRejected} with the reason otherwise. */
  public GatewayPrincipal validate(String token) throws TokenRejected {
    Valid known = recent.getIfPresent(token);
    if (known != null) {
      checkTimes(known.expMillis(), known.nbfMillis());
      return known.principal();
    }
    return validateFully(token);
  }

  private void checkTimes(long expMillis, long nbfMillis) throws TokenRejected {
    long now = clock.millis();
    long skew = clockSkew.toMillis();
    if (now - skew >= expMillis) {
      throw new TokenRejected("expired");
    }
    if (now + skew < nbfMillis) {
      throw new TokenRejected("not_yet_valid");
    }
  }

  private GatewayPrincipal validateFully(String token) throws TokenRejected {
    JWT jwt;
    try {
      jwt = JWTParser.parse(token);
    } catch (ParseException e) {
      throw new TokenRejected("malformed");
    }
    if (!(jwt instanceof SignedJWT signed)) {
      throw new TokenRejected("algorithm");
    }
    JWSHeader header = signed.getHeader();
    if (!algorithms.contains(header.getAlgorithm())) {
      throw new TokenRejected("algorithm");
    }
    JOSEObjectType typ = header.getType();
    if (typ == null || !ALLOWED_TYP.contains(typ.getType().toLowerCase(Locale.ROOT))) {
      throw new TokenRejected("typ");
    }
    final JWTClaimsSet claims;
    try {
      claims = processor.process(signed, null);
    } catch (ClaimRejected e) {
      throw new TokenRejected(e.reason);
    } catch (BadJOSEException e) {
      String m = String.valueOf(e.getMessage());
      throw new TokenRejected(m.contains("Invalid signature") ? "signature" : "unknown_key");
    } catch (com.nimbusds.jose.RemoteKeySourceException e) {
      throw new TokenRejected("jwks_unavailable");
    } catch (com.nimbusds.jose.KeySourceException e) {
      // e.g. an unknown kid while the JWKS refresh is rate-limited
      throw new TokenRejected("unknown_key");
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new TokenRejected("signature");
    }
    GatewayPrincipal principal;
    try {
      principal = TokenClaims.principal(claims);
    } catch (RuntimeException | ParseException e) {
      throw new TokenRejected("claims");
    }
    if (TokenClaims.isUserToken(principal) && principal.securityLevel() < minSecurityLevel) {
      throw new TokenRejected("security_level");
    }
    Date nbf = claims.getNotBeforeTime();
    recent.put(
        token,
        new Valid(
            principal,
            claims.getExpirationTime().getTime(),
            nbf == null ? Long.MIN_VALUE : nbf.getTime()));
    return principal;
  }

  private JWTClaimsSetVerifier<SecurityContext> claimsVerifier() {
    return (claims, context) -> {
      if (!issuer.equals(claims.getIssuer())) {
        throw new ClaimRejected("issuer");
      }
      List<String> aud = claims.getAudience();
      if (aud == null || !aud.contains(audience)) {
        throw new ClaimRejected("audience");
      }
      Date exp = claims.getExpirationTime();
      if (exp == null) {
        throw new ClaimRejected("expired");
      }
      Date nbf = claims.getNotBeforeTime();
      try {
        checkTimes(exp.getTime(), nbf == null ? Long.MIN_VALUE : nbf.getTime());
      } catch (TokenRejected e) {
        throw new ClaimRejected(e.reason());
      }
    };
  }

  /** A claim check failed (carries the reason through nimbus' processor). */
  private static final class ClaimRejected extends BadJWTException {
    private final String reason;

    ClaimRejected(String reason) {
      super(reason);
      this.reason = reason;
    }
  }
}
