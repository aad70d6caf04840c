package no.helsegateway.server.security.dev;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Builds DPoP proofs (RFC 9449) as a client would: {@code typ=dpop+jwt}, ES256, the public {@code
 * jwk} in the header, and {@code jti}, {@code htm}, {@code htu}, {@code iat}, {@code ath}. For
 * tests and local development; no gateway state.
 */
public final class DpopProofs {

  private DpopProofs() {}

  /** A fresh P-256 key pair for a DPoP client. */
  public static ECKey newKey() {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A proof for one request, issued now with a random {@code jti}. */
  public static String create(ECKey key, String htm, String htu, String accessToken) {
    return create(key, htm, htu, accessToken, Instant.now(), UUID.randomUUID().toString());
  }

  /**
   * A proof with a chosen issue time and {@code jti} (for replay and staleness tests); {@code
   * accessToken} null leaves out {@code ath}.
   */
  public static String create(
      ECKey key, String htm, String htu, String accessToken, Instant iat, String jti) {
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .jwtID(jti)
            .claim("htm", htm)
            .claim("htu", htu)
            .issueTime(Date.from(iat));
    if (accessToken != null) {
      claims.claim("ath", accessTokenHash(accessToken));
    }
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.ES256)
            .type(new JOSEObjectType("dpop+jwt"))
            .jwk(key.toPublicJWK())
            .build();
    SignedJWT jwt = new SignedJWT(header, claims.build());
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  /** {@code ath}: base64url (no padding) of the SHA-256 of the access token's ASCII form. */
  public static String accessTokenHash(String accessToken) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(accessToken.getBytes(StandardCharsets.US_ASCII));
      return Base64URL.encode(hash).toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
