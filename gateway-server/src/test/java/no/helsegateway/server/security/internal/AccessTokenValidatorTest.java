package no.helsegateway.server.security.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.helsegateway.server.config.GatewaySecurityProperties;
import no.helsegateway.server.security.Attestation;
import no.helsegateway.server.security.GatewayPrincipal;
import no.helsegateway.server.security.dev.LocalTokenIssuer;
import org.junit.jupiter.api.Test;

/** Token validation, one check at a time: each bad token is refused with its own reason. */
class AccessTokenValidatorTest {

  static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final String AUD = "helsegateway:fhir";
  static final ECKey KEY = key("dev-key");

  final LocalTokenIssuer issuer = new LocalTokenIssuer(KEY, AUD, Duration.ofHours(1), CLOCK);
  final AccessTokenValidator validator = validator(List.of("RS256", "PS256", "ES256"));

  static GatewaySecurityProperties.Token config(List<String> algorithms) {
    return new GatewaySecurityProperties.Token(
        "", "", AUD, algorithms, Duration.ofSeconds(5), 3, Duration.ofMinutes(10));
  }

  AccessTokenValidator validator(List<String> algorithms) {
    return new AccessTokenValidator(
        config(algorithms),
        LocalTokenIssuer.ISSUER,
        new ImmutableJWKSet<>(issuer.publicJwks()),
        CLOCK);
  }

  static ECKey key(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, Object> claims(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("client_id", "epj");
    m.put("scope", "system/*.rs");
    m.put("helseid://claims/client/claims/orgnr_parent", "999999999");
    for (int i = 0; i + 1 < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  String rejectionOf(String token) {
    try {
      validator.validate(token);
    } catch (TokenRejected e) {
      return e.reason();
    }
    throw new AssertionError("token accepted");
  }

  long epoch(Duration offset) {
    return NOW.plus(offset).getEpochSecond();
  }

  @Test
  void acceptsAValidTokenAndMapsTheHelseIdClaims() throws Exception {
    Map<String, Object> attestation = new LinkedHashMap<>();
    attestation.put("type", "nhn:tillitsrammeverk:parameters");
    attestation.put(
        "care_relationship",
        Map.of(
            "purpose_of_use",
                Map.of("code", "TREAT", "system", "urn:oid:2.16.840.1.113883.1.11.20448"),
            "purpose_of_use_details", Map.of("code", "15"),
            "healthcare_service", Map.of("code", "KP02"),
            "decision_ref",
                Map.of("id", "d-1", "description", "Legekonsultasjon", "user_selected", false)));
    attestation.put("patients", List.of(Map.of("identifier", Map.of("id", "13116900216"))));
    attestation.put("toa", 1700121037);
    String token =
        issuer.mint(
            claims(
                "sub", "u1",
                "scope", List.of("user/*.rs", "user/Observation.cruds"),
                "name", "Lege Test",
                "helseid://claims/identity/pid", "13116900216",
                "helseid://claims/hpr/hpr_number", "565501872",
                "helseid://claims/identity/security_level", "4",
                "helseid://claims/client/claims/orgnr_child", "987654325",
                "authorization_details", List.of(attestation)));
    GatewayPrincipal p = validator.validate(token);
    assertThat(p.subject()).isEqualTo("u1");
    assertThat(p.clientId()).isEqualTo("epj");
    assertThat(p.scopes()).containsExactlyInAnyOrder("user/*.rs", "user/Observation.cruds");
    assertThat(p.pid()).isEqualTo("13116900216");
    assertThat(p.hprNumber()).isEqualTo("565501872");
    assertThat(p.name()).isEqualTo("Lege Test");
    assertThat(p.securityLevel()).isEqualTo(4);
    assertThat(p.orgnrParent()).isEqualTo("999999999");
    assertThat(p.actingOrgnr()).isEqualTo("987654325");
    assertThat(p.dpopJkt()).isNull();
    Attestation a = p.attestation();
    assertThat(a.purposeOfUse()).isEqualTo("TREAT");
    assertThat(a.purposeOfUseDetails()).isEqualTo("15");
    assertThat(a.healthcareService()).isEqualTo("KP02");
    assertThat(a.decisionRefId()).isEqualTo("d-1");
    assertThat(a.decisionRefDescription()).isEqualTo("Legekonsultasjon");
    assertThat(a.userSelected()).isFalse();
    assertThat(a.patientIdentifiers()).containsExactly("13116900216");
    assertThat(a.timeOfAttestation()).isEqualTo(1700121037L);
  }

  @Test
  void readsTheAttestationObjectFormAndNumericSecurityLevel() throws Exception {
    String token =
        issuer.mint(
            claims(
                "scope",
                "user/*.rs",
                "helseid://claims/identity/pid",
                "13116900216",
                "helseid://claims/identity/security_level",
                3,
                "attestation",
                Map.of(
                    "care_relation",
                    Map.of(
                        "purpose_of_use", Map.of("code", "BTG"),
                        "decision_ref",
                            Map.of("id", "x", "description", "akutt", "user_selected", true)),
                    "patients",
                    List.of(Map.of("identifier", Map.of("id", "13116900216"))))));
    GatewayPrincipal p = validator.validate(token);
    assertThat(p.securityLevel()).isEqualTo(3);
    assertThat(p.attestation().breakTheGlass()).isTrue();
    assertThat(p.attestation().userSelected()).isTrue();
    assertThat(p.attestation().decisionRefDescription()).isEqualTo("akutt");
  }

  @Test
  void userTokensNeedTheMinimumSecurityLevel() {
    assertThat(
            rejectionOf(
                issuer.mint(
                    claims(
                        "scope", "user/*.rs",
                        "helseid://claims/identity/pid", "13116900216",
                        "helseid://claims/identity/security_level", "2"))))
        .isEqualTo("security_level");
    assertThat(
            rejectionOf(
                issuer.mint(
                    claims("scope", "user/*.rs", "helseid://claims/identity/pid", "13116900216"))))
        .isEqualTo("security_level");
  }

  @Test
  void refusesExpiredAndNotYetValidTokensOutsideTheClockSkew() throws Exception {
    assertThat(rejectionOf(issuer.mint(claims("exp", epoch(Duration.ofSeconds(-6))))))
        .isEqualTo("expired");
    assertThat(rejectionOf(issuer.mint(claims("nbf", epoch(Duration.ofSeconds(60))))))
        .isEqualTo("not_yet_valid");
    // within the 5 s skew
    validator.validate(issuer.mint(claims("exp", epoch(Duration.ofSeconds(-3)))));
    validator.validate(issuer.mint(claims("nbf", epoch(Duration.ofSeconds(3)))));
  }

  @Test
  void refusesAWrongIssuerOrAudience() {
    assertThat(rejectionOf(issuer.mint(claims("iss", "https://helseid-sts.nhn.no"))))
        .isEqualTo("issuer");
    assertThat(rejectionOf(issuer.mint(claims("iss", LocalTokenIssuer.ISSUER + "/"))))
        .isEqualTo("issuer");
    assertThat(rejectionOf(issuer.mint(claims("aud", "nhn:pps")))).isEqualTo("audience");
    assertThat(rejectionOf(issuer.mint(claims("aud", List.of())))).isEqualTo("audience");
  }

  @Test
  void acceptsSeveralAudiencesWhenOneIsOurs() throws Exception {
    validator.validate(issuer.mint(claims("aud", List.of("nhn:pps", AUD))));
  }

  @Test
  void refusesTheWrongTyp() throws Exception {
    assertThat(rejectionOf(issuer.mint(claims("typ", "id+jwt")))).isEqualTo("typ");
    assertThat(rejectionOf(issuer.mint(claims("typ", "dpop+jwt")))).isEqualTo("typ");
    validator.validate(issuer.mint(claims("typ", "JWT")));
    // no typ at all
    SignedJWT untyped =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(KEY.getKeyID()).build(),
            JWTClaimsSet.parse(
                SignedJWT.parse(issuer.mint(claims())).getJWTClaimsSet().toJSONObject()));
    untyped.sign(new ECDSASigner(KEY));
    assertThat(rejectionOf(untyped.serialize())).isEqualTo("typ");
  }

  @Test
  void refusesUnsignedTokens() throws Exception {
    JWTClaimsSet body = SignedJWT.parse(issuer.mint(claims())).getJWTClaimsSet();
    String none =
        new PlainJWT(new PlainHeader.Builder().type(new JOSEObjectType("at+jwt")).build(), body)
            .serialize();
    assertThat(rejectionOf(none)).isEqualTo("algorithm");
    // a hand-made "alg":"none" header with a signature part
    String[] parts = issuer.mint(claims()).split("\\.");
    String forged =
        Base64URL.encode("{\"alg\":\"none\",\"typ\":\"at+jwt\"}").toString() + "." + parts[1] + ".";
    assertThat(rejectionOf(forged)).isIn("algorithm", "malformed");
  }

  @Test
  void refusesHs256SignedWithThePublicKey() throws Exception {
    JWTClaimsSet body = SignedJWT.parse(issuer.mint(claims())).getJWTClaimsSet();
    SignedJWT hs =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256)
                .keyID(KEY.getKeyID())
                .type(new JOSEObjectType("at+jwt"))
                .build(),
            body);
    hs.sign(new MACSigner(issuer.publicJwks().toString().getBytes(StandardCharsets.UTF_8)));
    assertThat(rejectionOf(hs.serialize())).isEqualTo("algorithm");
  }

  @Test
  void refusesABadSignatureAndAnUnknownKey() throws Exception {
    String good = issuer.mint(claims());
    String[] parts = good.split("\\.");
    JWTClaimsSet changed =
        new JWTClaimsSet.Builder(SignedJWT.parse(good).getJWTClaimsSet())
            .claim("scope", "system/*.cruds gateway/operations")
            .build();
    String tampered = parts[0] + "." + Base64URL.encode(changed.toString()) + "." + parts[2];
    assertThat(rejectionOf(tampered)).isEqualTo("signature");

    ECKey other = key("other-key");
    LocalTokenIssuer stranger = new LocalTokenIssuer(other, AUD, Duration.ofHours(1), CLOCK);
    assertThat(rejectionOf(stranger.mint(claims()))).isEqualTo("unknown_key");
    // same kid as ours, different key: the signature does not verify
    LocalTokenIssuer impostor =
        new LocalTokenIssuer(key(KEY.getKeyID()), AUD, Duration.ofHours(1), CLOCK);
    assertThat(rejectionOf(impostor.mint(claims()))).isEqualTo("signature");
  }

  @Test
  void refusesAnAlgorithmOutsideTheAllowList() {
    AccessTokenValidator rsaOnly = validator(List.of("RS256"));
    try {
      rsaOnly.validate(issuer.mint(claims()));
      throw new AssertionError("accepted");
    } catch (TokenRejected e) {
      assertThat(e.reason()).isEqualTo("algorithm");
    }
  }

  @Test
  void neverConfiguresNoneOrHmac() {
    for (String bad : List.of("none", "HS256", "HS512")) {
      assertThatThrownBy(() -> AccessTokenValidator.allowedAlgorithms(List.of("ES256", bad)))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void refusesGarbage() {
    for (String garbage : List.of("", "abc", "a.b.c", "x".repeat(50))) {
      assertThat(rejectionOf(garbage)).isIn("malformed", "algorithm");
    }
  }

  @Test
  void readsTheDpopBinding() throws Exception {
    ECKey proofKey = key("client");
    GatewayPrincipal p = validator.validate(issuer.mintDpopBound(claims(), proofKey));
    assertThat(p.dpopJkt()).isEqualTo(proofKey.toPublicJWK().computeThumbprint().toString());
  }

  @Test
  void expiryUsesTheClock() throws Exception {
    Date exp = SignedJWT.parse(issuer.mint(claims())).getJWTClaimsSet().getExpirationTime();
    assertThat(exp.toInstant()).isEqualTo(NOW.plus(Duration.ofHours(1)));
  }

  @Test
  void aReusedTokenStillExpires() throws Exception {
    Instant[] now = {NOW};
    Clock moving =
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now[0];
          }
        };
    AccessTokenValidator v =
        new AccessTokenValidator(
            config(List.of("ES256")),
            LocalTokenIssuer.ISSUER,
            new ImmutableJWKSet<>(issuer.publicJwks()),
            moving);
    String token = issuer.mint(claims("exp", epoch(Duration.ofMinutes(2))));
    GatewayPrincipal first = v.validate(token);
    assertThat(v.validate(token)).isSameAs(first); // cached
    now[0] = NOW.plus(Duration.ofMinutes(3));
    try {
      v.validate(token);
      throw new AssertionError("an expired cached token was accepted");
    } catch (TokenRejected e) {
      assertThat(e.reason()).isEqualTo("expired");
    }
  }
}
