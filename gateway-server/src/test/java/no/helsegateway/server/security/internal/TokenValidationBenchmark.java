package no.helsegateway.server.security.internal;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import no.helsegateway.server.config.GatewaySecurityProperties;
import no.helsegateway.server.security.dev.DpopProofs;
import no.helsegateway.server.security.dev.LocalTokenIssuer;

/**
 * CPU cost of authentication per request, without a server: the first use of a token (full ES256
 * check), a reused token (cache hit), and a DPoP request (token plus a fresh proof). Not a test;
 * run with {@code mvn -B -q -o -pl gateway-server test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=no.helsegateway.server.security.internal.TokenValidationBenchmark}.
 */
public final class TokenValidationBenchmark {

  private TokenValidationBenchmark() {}

  public static void main(String[] args) throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k").generate();
    LocalTokenIssuer issuer =
        new LocalTokenIssuer(key, "aud", Duration.ofHours(1), Clock.systemUTC());
    AccessTokenValidator validator =
        new AccessTokenValidator(
            new GatewaySecurityProperties.Token(
                "",
                "",
                "aud",
                List.of("ES256", "RS256"),
                Duration.ofSeconds(5),
                3,
                Duration.ofMinutes(10)),
            LocalTokenIssuer.ISSUER,
            new ImmutableJWKSet<>(issuer.publicJwks()),
            Clock.systemUTC());
    DpopVerifier dpop =
        new DpopVerifier(validator.algorithms(), Duration.ofSeconds(60), Clock.systemUTC());
    Map<String, Object> claims = Map.of("scope", "system/*.cruds");
    String reused = issuer.mint(claims);
    ECKey proofKey = DpopProofs.newKey();
    String bound = issuer.mintDpopBound(claims, proofKey);
    String jkt = proofKey.toPublicJWK().computeThumbprint().toString();
    String url = "http://localhost:8080/fhir/Patient";
    for (int round = 1; round <= 3; round++) {
      List<String> fresh = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        fresh.add(issuer.mint(claims));
      }
      long t0 = System.nanoTime();
      for (String t : fresh) {
        validator.validate(t);
      }
      long t1 = System.nanoTime();
      int n = 20000;
      for (int i = 0; i < n; i++) {
        validator.validate(reused);
      }
      long t2 = System.nanoTime();
      List<String> proofs = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        proofs.add(DpopProofs.create(proofKey, "GET", url, bound));
      }
      long t3 = System.nanoTime();
      for (String p : proofs) {
        validator.validate(bound);
        dpop.verify(p, "GET", url, bound, jkt);
      }
      long t4 = System.nanoTime();
      System.out.printf(
          "round %d: first use of a token %.0f us, reused token %.1f us, DPoP request %.0f us%n",
          round,
          (t1 - t0) / 1000.0 / fresh.size(),
          (t2 - t1) / 1000.0 / n,
          (t4 - t3) / 1000.0 / proofs.size());
    }
  }
}
