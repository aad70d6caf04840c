package no.helsegateway.server.security.dev;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalTokenIssuerTest {

  @TempDir Path dir;

  @Test
  void theKeySurvivesARestartAndIsNotInTheJwks() throws Exception {
    LocalTokenIssuer first = LocalTokenIssuer.loadOrCreate(dir, "aud", Duration.ofMinutes(5));
    String token = first.mint(Map.of("scope", "system/*.rs"));
    LocalTokenIssuer second = LocalTokenIssuer.loadOrCreate(dir, "aud", Duration.ofMinutes(5));
    ECKey published = (ECKey) second.publicJwks().getKeys().get(0);
    assertThat(published.isPrivate()).isFalse();
    assertThat(SignedJWT.parse(token).verify(new ECDSAVerifier(published))).isTrue();
    assertThat(Files.list(dir)).hasSize(1);
  }

  @Test
  void fillsTheStandardClaimsAndLetsTheCallerOverrideThem() throws Exception {
    LocalTokenIssuer issuer = LocalTokenIssuer.loadOrCreate(dir, "aud", Duration.ofMinutes(5));
    SignedJWT jwt = SignedJWT.parse(issuer.mint(Map.of("aud", "other", "exp", 2_000_000_000L)));
    assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
    assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(LocalTokenIssuer.ISSUER);
    assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("other");
    assertThat(jwt.getJWTClaimsSet().getExpirationTime().getTime()).isEqualTo(2_000_000_000_000L);
    assertThat(jwt.getJWTClaimsSet().getJWTID()).isNotBlank();
    assertThat(jwt.getJWTClaimsSet().getNotBeforeTime()).isNotNull();
  }

  @Test
  void bindsTokensToTheProofKey() throws Exception {
    LocalTokenIssuer issuer = LocalTokenIssuer.loadOrCreate(dir, "aud", Duration.ofMinutes(5));
    ECKey key = DpopProofs.newKey();
    SignedJWT jwt = SignedJWT.parse(issuer.mintDpopBound(Map.of(), key));
    assertThat(jwt.getJWTClaimsSet().getJSONObjectClaim("cnf").get("jkt"))
        .isEqualTo(key.toPublicJWK().computeThumbprint().toString());
  }
}
