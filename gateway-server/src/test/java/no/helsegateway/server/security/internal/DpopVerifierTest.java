package no.helsegateway.server.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;
import no.helsegateway.server.security.dev.DpopProofs;
import org.junit.jupiter.api.Test;

/** DPoP proof checks (RFC 9449): each mismatch is refused with its own reason. */
class DpopVerifierTest {

  static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  static final String URL = "https://gw.example.no/fhir/Patient";
  static final String TOKEN = "header.payload.signature";

  final DpopVerifier verifier =
      new DpopVerifier(
          Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256),
          Duration.ofSeconds(60),
          Clock.fixed(NOW, ZoneOffset.UTC));
  final ECKey key = DpopProofs.newKey();
  final String jkt = thumbprint(key);

  static String thumbprint(ECKey k) {
    try {
      return k.toPublicJWK().computeThumbprint().toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  String proof(String htm, String htu, String token, Instant iat) {
    return DpopProofs.create(key, htm, htu, token, iat, UUID.randomUUID().toString());
  }

  String rejection(String proof, String method, String url, String token, String jkt) {
    try {
      verifier.verify(proof, method, url, token, jkt);
    } catch (TokenRejected e) {
      return e.reason();
    }
    throw new AssertionError("proof accepted");
  }

  @Test
  void acceptsAMatchingProofOnceOnly() throws Exception {
    String p = proof("GET", URL, TOKEN, NOW.minusSeconds(5));
    verifier.verify(p, "GET", URL + "?name=x", TOKEN, jkt);
    assertThat(rejection(p, "GET", URL, TOKEN, jkt)).isEqualTo("dpop_replay");
  }

  @Test
  void comparesUrlsWithoutQueryCaseOfHostOrDefaultPort() throws Exception {
    verifier.verify(
        proof("POST", "https://GW.example.no:443/fhir/Patient", TOKEN, NOW),
        "POST",
        URL,
        TOKEN,
        jkt);
  }

  @Test
  void refusesMismatches() {
    assertThat(rejection(proof("POST", URL, TOKEN, NOW), "GET", URL, TOKEN, jkt))
        .isEqualTo("dpop_htm");
    assertThat(
            rejection(
                proof("GET", "https://gw.example.no/fhir/Observation", TOKEN, NOW),
                "GET",
                URL,
                TOKEN,
                jkt))
        .isEqualTo("dpop_htu");
    assertThat(rejection(proof("GET", URL, "other.token.value", NOW), "GET", URL, TOKEN, jkt))
        .isEqualTo("dpop_ath");
    assertThat(rejection(proof("GET", URL, null, NOW), "GET", URL, TOKEN, jkt))
        .isEqualTo("dpop_ath");
    assertThat(rejection(proof("GET", URL, TOKEN, NOW.minusSeconds(61)), "GET", URL, TOKEN, jkt))
        .isEqualTo("dpop_iat");
    assertThat(rejection(proof("GET", URL, TOKEN, NOW.plusSeconds(61)), "GET", URL, TOKEN, jkt))
        .isEqualTo("dpop_iat");
    assertThat(
            rejection(
                proof("GET", URL, TOKEN, NOW), "GET", URL, TOKEN, thumbprint(DpopProofs.newKey())))
        .isEqualTo("dpop_key_mismatch");
    assertThat(rejection("not-a-jwt", "GET", URL, TOKEN, jkt)).isEqualTo("dpop_malformed");
  }

  @Test
  void refusesAProofThatIsNotTypedDpop() {
    // an access-token-shaped JWT signed by the same key is not a proof
    String notAProof =
        new no.helsegateway.server.security.dev.LocalTokenIssuer(
                key, "a", Duration.ofMinutes(1), Clock.fixed(NOW, ZoneOffset.UTC))
            .mint(java.util.Map.of("htm", "GET", "htu", URL));
    assertThat(rejection(notAProof, "GET", URL, TOKEN, jkt)).isEqualTo("dpop_typ");
  }
}
