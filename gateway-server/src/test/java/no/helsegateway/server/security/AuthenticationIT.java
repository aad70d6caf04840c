package no.helsegateway.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.helsegateway.server.SharedContextIT;
import no.helsegateway.server.TestTokens;
import no.helsegateway.server.security.dev.DpopProofs;
import no.helsegateway.server.security.dev.LocalTokenIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Authentication through HTTP, as an attacker would try it: every bad token or DPoP proof gets the
 * same 401 (OperationOutcome, one text, a challenge, nothing about which check failed); a missing
 * scope on an operations endpoint gets 403.
 */
class AuthenticationIT extends SharedContextIT {

  @LocalServerPort int port;
  @Autowired MeterRegistry meters;

  private final HttpClient http = HttpClient.newHttpClient();

  private String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String token(Object... kv) {
    Map<String, Object> c = new LinkedHashMap<>();
    for (int i = 0; i + 1 < kv.length; i += 2) {
      c.put((String) kv[i], kv[i + 1]);
    }
    return TestTokens.with(tokenIssuer, c);
  }

  private static String signed(JWSHeader header, JWTClaimsSet claims, ECKey key) throws Exception {
    SignedJWT jwt = new SignedJWT(header, claims);
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  private void assertUniform401(HttpResponse<String> r, String scheme) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElse(""))
        .startsWith(scheme + " error=\"invalid_token\"");
    assertThat(r.body())
        .contains("\"resourceType\":\"OperationOutcome\"")
        .contains("Missing or invalid access token")
        .doesNotContainIgnoringCase("expired")
        .doesNotContainIgnoringCase("signature")
        .doesNotContainIgnoringCase("issuer")
        .doesNotContainIgnoringCase("audience")
        .doesNotContainIgnoringCase("exception");
  }

  @Test
  void metadataAndSmartConfigurationAreOpen() throws Exception {
    assertThat(get("/fhir/metadata").statusCode()).isEqualTo(200);
    HttpResponse<String> smart = get("/fhir/.well-known/smart-configuration");
    assertThat(smart.statusCode()).isEqualTo(200);
    assertThat(smart.body())
        .contains("\"issuer\":\"" + LocalTokenIssuer.ISSUER + "\"")
        .contains("token_endpoint")
        .contains("gateway/operations")
        .contains("dpop_signing_alg_values_supported");
  }

  @Test
  void aValidTokenOpensTheApi() throws Exception {
    assertThat(get("/fhir/Patient?_count=1", "Authorization", bearer()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void everyApiPathNeedsAToken() throws Exception {
    for (String path :
        List.of(
            "/fhir/Patient",
            "/fhir/",
            "/fhir/metadata/../Patient",
            "/%66hir/Patient",
            "/fhir;x=y/Patient",
            "/fhir",
            "/emessages/" + UUID.randomUUID(),
            "/emessages",
            "/terminology/unmapped",
            "/openehr/outbox/summary")) {
      assertUniform401(get(path), "Bearer");
    }
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(URI.create(url("/emessages")))
                .POST(HttpRequest.BodyPublishers.ofString("<x/>"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertUniform401(post, "Bearer");
  }

  @Test
  void badTokensGetOneUniformAnswer() throws Exception {
    Instant now = Instant.now();
    JWTClaimsSet good = SignedJWT.parse(bearer().substring(7)).getJWTClaimsSet();
    ECKey stranger = DpopProofs.newKey();
    String kid = tokenIssuer.publicJwks().getKeys().get(0).getKeyID();
    String[] parts = bearer().substring(7).split("\\.");
    JWTClaimsSet escalated =
        new JWTClaimsSet.Builder(good).claim("scope", "system/*.cruds user/*.cruds").build();
    SignedJWT hs =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256)
                .keyID(kid)
                .type(new JOSEObjectType("at+jwt"))
                .build(),
            good);
    hs.sign(new MACSigner(tokenIssuer.publicJwks().toString().getBytes(StandardCharsets.UTF_8)));
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("expired", token("exp", now.minusSeconds(60).getEpochSecond()));
    bad.put("not yet valid", token("nbf", now.plusSeconds(120).getEpochSecond()));
    bad.put("wrong issuer", token("iss", "https://helseid-sts.nhn.no"));
    bad.put("wrong audience", token("aud", "nhn:pps"));
    bad.put("wrong typ", token("typ", "id+jwt"));
    bad.put(
        "alg none",
        new PlainJWT(new PlainHeader.Builder().type(new JOSEObjectType("at+jwt")).build(), good)
            .serialize());
    bad.put(
        "bad signature", parts[0] + "." + Base64URL.encode(escalated.toString()) + "." + parts[2]);
    bad.put(
        "unknown kid",
        signed(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID("unknown")
                .type(new JOSEObjectType("at+jwt"))
                .build(),
            good,
            stranger));
    bad.put("HS256 with the public key", hs.serialize());
    bad.put("garbage", "not-a-token");
    String firstBody = null;
    for (Map.Entry<String, String> e : bad.entrySet()) {
      HttpResponse<String> r = get("/fhir/Patient", "Authorization", "Bearer " + e.getValue());
      assertUniform401(r, "Bearer");
      if (firstBody == null) {
        firstBody = r.body();
      }
      assertThat(r.body()).as(e.getKey()).isEqualTo(firstBody);
    }
    assertThat(
            meters
                .get("gateway.security.token.rejections")
                .tag("reason", "expired")
                .counter()
                .count())
        .isGreaterThanOrEqualTo(1.0);
  }

  @Test
  void operationsEndpointsNeedTheOperationsScope() throws Exception {
    String fhirOnly = "Bearer " + token("scope", "system/*.cruds");
    for (String path :
        List.of("/emessages?state=STORED", "/terminology/unmapped", "/openehr/outbox/summary")) {
      HttpResponse<String> r = get(path, "Authorization", fhirOnly);
      assertThat(r.statusCode()).as(path).isEqualTo(403);
      assertThat(r.body()).contains("\"resourceType\":\"OperationOutcome\"");
      assertThat(get(path, "Authorization", bearer()).statusCode()).as(path).isEqualTo(200);
    }
  }

  @Test
  void dpopBoundTokensNeedAMatchingFreshProof() throws Exception {
    ECKey key = DpopProofs.newKey();
    String token = tokenIssuer.mintDpopBound(TestTokens.systemClaims(), key);
    String target = url("/fhir/Patient");
    String proof = DpopProofs.create(key, "GET", target, token);
    HttpResponse<String> ok =
        get("/fhir/Patient?_count=1", "Authorization", "DPoP " + token, "DPoP", proof);
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);

    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("replayed jti", proof);
    bad.put("wrong htm", DpopProofs.create(key, "POST", target, token));
    bad.put("wrong htu", DpopProofs.create(key, "GET", url("/fhir/Observation"), token));
    bad.put("wrong ath", DpopProofs.create(key, "GET", target, token + "x"));
    bad.put(
        "stale iat",
        DpopProofs.create(
            key, "GET", target, token, Instant.now().minusSeconds(600), UUID.randomUUID() + ""));
    bad.put("key != cnf.jkt", DpopProofs.create(DpopProofs.newKey(), "GET", target, token));
    for (Map.Entry<String, String> e : bad.entrySet()) {
      HttpResponse<String> r =
          get("/fhir/Patient?_count=1", "Authorization", "DPoP " + token, "DPoP", e.getValue());
      assertThat(r.statusCode()).as(e.getKey()).isEqualTo(401);
      assertUniform401(r, "DPoP");
    }
    assertUniform401(get("/fhir/Patient", "Authorization", "DPoP " + token), "DPoP");
    assertUniform401(get("/fhir/Patient", "Authorization", "Bearer " + token), "Bearer");
    // a plain bearer token presented as DPoP
    String plain = bearer().substring(7);
    assertUniform401(
        get(
            "/fhir/Patient",
            "Authorization",
            "DPoP " + plain,
            "DPoP",
            DpopProofs.create(key, "GET", target, plain)),
        "DPoP");
  }

  @Test
  void devIssuerServesTokensOverLoopbackHttp() throws Exception {
    String base = "http://127.0.0.1:" + tokenIssuer.port();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/token"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"scope\":\"system/*.rs\",\"helseid://claims/client/claims/orgnr_parent\":\""
                            + TestTokens.ORGNR
                            + "\",\"exp\":"
                            + Instant.now().plus(Duration.ofMinutes(5)).getEpochSecond()
                            + "}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"token_type\":\"Bearer\"").contains("\"expires_in\":");
    String token = r.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
    assertThat(get("/fhir/Patient?_count=1", "Authorization", "Bearer " + token).statusCode())
        .isEqualTo(200);
    assertThat(
            http.send(
                    HttpRequest.newBuilder(URI.create(base + "/jwks")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body())
        .contains("\"kty\":\"EC\"")
        .doesNotContain("\"d\":");
    ECKey key = DpopProofs.newKey();
    HttpResponse<String> bound =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/token"))
                .header("DPoP", DpopProofs.create(key, "POST", base + "/token", null))
                .POST(HttpRequest.BodyPublishers.ofString("{\"scope\":\"system/*.rs\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(bound.body()).contains("\"token_type\":\"DPoP\"");
  }
}
