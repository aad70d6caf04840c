package no.helsegateway.server.security.internal;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;

/**
 * The issuer's signing keys fetched from its JWKS URL: cached for {@code ttl}, fetched again when a
 * token names an unknown {@code kid} (key rotation), but at most once per {@code minInterval} so
 * that tokens with made-up key ids cannot make the gateway hammer the issuer.
 */
public final class RemoteJwks {

  private RemoteJwks() {}

  public static JWKSource<SecurityContext> of(String jwksUri, Duration ttl, Duration minInterval) {
    try {
      return JWKSourceBuilder.create(
              URI.create(jwksUri).toURL(), new DefaultResourceRetriever(5_000, 5_000, 512 * 1024))
          .cache(ttl.toMillis(), 15_000)
          .rateLimited(minInterval.toMillis())
          .retrying(true)
          .build();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "gateway.security.token.jwks-uri is not a URL: " + jwksUri, e);
    }
  }
}
