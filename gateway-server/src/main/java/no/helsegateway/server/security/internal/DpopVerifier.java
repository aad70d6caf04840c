package no.helsegateway.server.security.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.security.Key;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Locale;
import java.util.Set;
import no.helsegateway.server.security.dev.DpopProofs;

/**
 * Checks a DPoP proof (RFC 9449 and the HelseID profile) for one request: header {@code
 * typ=dpop+jwt}, an allowed asymmetric algorithm, a public {@code jwk}; a valid signature by that
 * key; {@code htm} and {@code htu} matching the request; {@code iat} within the proof window;
 * {@code ath} the hash of the access token; the key's thumbprint equal to the token's {@code
 * cnf.jkt}; and a {@code jti} never seen before within the window (bounded replay cache).
 */
public final class DpopVerifier {

  private final Set<JWSAlgorithm> algorithms;
  private final Duration window;
  private final Clock clock;
  private final Cache<String, Boolean> seen;

  public DpopVerifier(Set<JWSAlgorithm> algorithms, Duration window, Clock clock) {
    this.algorithms = algorithms;
    this.window = window;
    this.clock = clock;
    // twice the window: a proof may be up to one window in the future or in the past
    this.seen =
        Caffeine.newBuilder()
            .maximumSize(1_000_000)
            .expireAfterWrite(window.multipliedBy(2))
            .build();
  }

  public void verify(String proof, String method, String url, String accessToken, String jkt)
      throws TokenRejected {
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(proof);
    } catch (ParseException e) {
      throw new TokenRejected("dpop_malformed");
    }
    JWSHeader header = jwt.getHeader();
    if (header.getType() == null || !"dpop+jwt".equals(header.getType().getType())) {
      throw new TokenRejected("dpop_typ");
    }
    if (!algorithms.contains(header.getAlgorithm())) {
      throw new TokenRejected("dpop_algorithm");
    }
    JWK jwk = header.getJWK();
    if (jwk == null || jwk.isPrivate()) {
      throw new TokenRejected("dpop_jwk");
    }
    try {
      Key key;
      if (jwk instanceof ECKey ec) {
        key = ec.toECPublicKey();
      } else if (jwk instanceof RSAKey rsa) {
        key = rsa.toRSAPublicKey();
      } else {
        throw new TokenRejected("dpop_jwk");
      }
      if (!jwt.verify(new DefaultJWSVerifierFactory().createJWSVerifier(header, key))) {
        throw new TokenRejected("dpop_signature");
      }
    } catch (JOSEException e) {
      throw new TokenRejected("dpop_signature");
    }
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new TokenRejected("dpop_malformed");
    }
    if (!method.equals(claims.getClaim("htm"))) {
      throw new TokenRejected("dpop_htm");
    }
    if (!(claims.getClaim("htu") instanceof String htu) || !sameUrl(htu, url)) {
      throw new TokenRejected("dpop_htu");
    }
    Date iat = claims.getIssueTime();
    long now = clock.millis();
    if (iat == null || Math.abs(now - iat.getTime()) > window.toMillis()) {
      throw new TokenRejected("dpop_iat");
    }
    Object ath = claims.getClaim("ath");
    if (!(ath instanceof String a)
        || !MessageDigest.isEqual(
            a.getBytes(), DpopProofs.accessTokenHash(accessToken).getBytes())) {
      throw new TokenRejected("dpop_ath");
    }
    String thumbprint;
    try {
      thumbprint = jwk.computeThumbprint().toString();
    } catch (JOSEException e) {
      throw new TokenRejected("dpop_jwk");
    }
    if (jkt == null || !MessageDigest.isEqual(thumbprint.getBytes(), jkt.getBytes())) {
      throw new TokenRejected("dpop_key_mismatch");
    }
    String jti = claims.getJWTID();
    if (jti == null || jti.isBlank() || jti.length() > 256) {
      throw new TokenRejected("dpop_jti");
    }
    if (seen.asMap().putIfAbsent(thumbprint + ' ' + jti, Boolean.TRUE) != null) {
      throw new TokenRejected("dpop_replay");
    }
  }

  /**
   * {@code htu} equals the request URL ignoring query, fragment, scheme/host case, default port.
   */
  static boolean sameUrl(String htu, String requestUrl) {
    try {
      return normalise(URI.create(htu)).equals(normalise(URI.create(requestUrl)));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String normalise(URI u) {
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    String host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
    int port = u.getPort();
    if (port == -1) {
      port = "https".equals(scheme) ? 443 : 80;
    }
    String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
    return scheme + "://" + host + ":" + port + path;
  }
}
