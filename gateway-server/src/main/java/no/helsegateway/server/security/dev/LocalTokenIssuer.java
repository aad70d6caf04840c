package no.helsegateway.server.security.dev;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local token issuer for development and tests, never for production (the {@code prod} profile
 * refuses to start with it): it signs HelseID-shaped access tokens with an EC P-256 key (ES256)
 * that is kept under {@code <gateway.data-dir>/dev-issuer/}, so that minted tokens survive a
 * restart.
 *
 * <p>Java API: {@link #mint(Map)} and {@link #mintDpopBound(Map, ECKey)}. HTTP API on loopback only
 * ({@link #start(int)}): {@code POST /token} with a JSON object of claims (and optionally a {@code
 * DPoP} proof header, which binds the token to the proof's key) answers {@code {"access_token",
 * "token_type", "expires_in"}}; {@code GET /jwks}; {@code GET /.well-known/openid-configuration}.
 */
public final class LocalTokenIssuer implements AutoCloseable {

  /** The {@code iss} of every token it mints (a name that can never resolve). */
  public static final String ISSUER = "https://dev-issuer.helsegateway.invalid";

  /** The header {@code typ} it writes unless the claims give a {@code typ} of their own. */
  public static final String ACCESS_TOKEN_TYPE = "at+jwt";

  private static final Logger log = LoggerFactory.getLogger(LocalTokenIssuer.class);
  private static final String KEY_FILE = "signing-key.jwk.json";

  private final ECKey key;
  private final String audience;
  private final Duration lifetime;
  private final Clock clock;
  private HttpServer server;
  private ExecutorService executor;

  public LocalTokenIssuer(ECKey key, String audience, Duration lifetime, Clock clock) {
    this.key = key;
    this.audience = audience;
    this.lifetime = lifetime;
    this.clock = clock;
  }

  /** Loads the signing key from {@code dir}, or creates and stores one there. */
  public static LocalTokenIssuer loadOrCreate(Path dir, String audience, Duration lifetime) {
    return new LocalTokenIssuer(loadOrCreateKey(dir), audience, lifetime, Clock.systemUTC());
  }

  static ECKey loadOrCreateKey(Path dir) {
    Path file = dir.resolve(KEY_FILE);
    try {
      if (Files.isRegularFile(file)) {
        return ECKey.parse(Files.readString(file, StandardCharsets.UTF_8));
      }
      ECKey key =
          new ECKeyGenerator(Curve.P_256)
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(JWSAlgorithm.ES256)
              .keyIDFromThumbprint(true)
              .generate();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "key", ".tmp");
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the data directory's own permissions apply
      }
      Files.writeString(tmp, key.toJSONString(), StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or create the dev issuer key in " + dir, e);
    } catch (ParseException | JOSEException e) {
      throw new IllegalStateException("The dev issuer key in " + file + " is unreadable", e);
    }
  }

  public String issuer() {
    return ISSUER;
  }

  public String audience() {
    return audience;
  }

  /** The public signing key set (what {@code GET /jwks} serves). */
  public JWKSet publicJwks() {
    return new JWKSet(key.toPublicJWK());
  }

  /**
   * A signed access token. Fills {@code iss}, {@code aud}, {@code iat}, {@code nbf}, {@code exp}
   * (now + the configured lifetime), {@code jti} and the header {@code typ at+jwt} unless the
   * claims give them; the claims override. {@code iat}, {@code nbf} and {@code exp} are epoch
   * seconds. A {@code typ} entry sets the header {@code typ} instead of a claim.
   */
  public String mint(Map<String, Object> claims) {
    Map<String, Object> all = new LinkedHashMap<>(claims);
    Object typ = all.remove("typ");
    Instant now = clock.instant();
    JWTClaimsSet.Builder b =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .audience(audience)
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plus(lifetime)))
            .jwtID(UUID.randomUUID().toString());
    all.forEach(
        (name, value) -> {
          if (value instanceof Number n && List.of("iat", "nbf", "exp").contains(name)) {
            b.claim(name, new Date(n.longValue() * 1000));
          } else {
            b.claim(name, value);
          }
        });
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.ES256)
            .keyID(key.getKeyID())
            .type(new JOSEObjectType(typ == null ? ACCESS_TOKEN_TYPE : typ.toString()))
            .build();
    SignedJWT jwt = new SignedJWT(header, b.build());
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  /** A token bound to {@code proofKey} ({@code cnf.jkt} = its JWK SHA-256 thumbprint). */
  public String mintDpopBound(Map<String, Object> claims, ECKey proofKey) {
    Map<String, Object> all = new LinkedHashMap<>(claims);
    try {
      all.put("cnf", Map.of("jkt", proofKey.toPublicJWK().computeThumbprint().toString()));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return mint(all);
  }

  /** Starts the HTTP endpoint on loopback; {@code port} 0 = a free port. Returns the port. */
  public synchronized int start(int port) {
    if (server != null) {
      return port();
    }
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "The dev token issuer cannot listen on 127.0.0.1:" + port + " (in use?)", e);
    }
    server.createContext("/token", this::token);
    server.createContext("/jwks", ex -> send(ex, 200, publicJwks().toString()));
    server.createContext(
        "/.well-known/openid-configuration", ex -> send(ex, 200, openIdConfiguration()));
    executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "dev-token-issuer");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.start();
    log.info(
        "Dev token issuer (NOT for production) at http://127.0.0.1:{}/token, issuer {}",
        port(),
        ISSUER);
    return port();
  }

  /** The HTTP port, or -1 when not started. */
  public synchronized int port() {
    return server == null ? -1 : server.getAddress().getPort();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
  }

  private String openIdConfiguration() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("issuer", ISSUER);
    doc.put("jwks_uri", baseUrl() + "/jwks");
    doc.put("token_endpoint", baseUrl() + "/token");
    doc.put("token_endpoint_auth_methods_supported", List.of("none"));
    doc.put("id_token_signing_alg_values_supported", List.of("ES256"));
    doc.put("dpop_signing_alg_values_supported", List.of("ES256", "RS256", "PS256"));
    return JSONObjectUtils.toJSONString(doc);
  }

  private void token(HttpExchange ex) throws IOException {
    try {
      if (!"POST".equals(ex.getRequestMethod())) {
        send(ex, 405, "{\"error\":\"invalid_request\"}");
        return;
      }
      Map<String, Object> claims;
      try (InputStream in = ex.getRequestBody()) {
        String body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8).trim();
        claims = body.isEmpty() ? Map.of() : JSONObjectUtils.parse(body);
      } catch (ParseException e) {
        send(ex, 400, "{\"error\":\"invalid_request\",\"error_description\":\"JSON object\"}");
        return;
      }
      String proof = ex.getRequestHeaders().getFirst("DPoP");
      String token;
      boolean bound;
      if (proof != null) {
        ECKey proofKey = proofKey(proof);
        if (proofKey == null) {
          send(ex, 400, "{\"error\":\"invalid_dpop_proof\"}");
          return;
        }
        token = mintDpopBound(claims, proofKey);
        bound = true;
      } else {
        token = mint(claims);
        bound = claims.get("cnf") != null;
      }
      long expiresIn;
      try {
        Date exp = SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime();
        expiresIn = exp == null ? 0 : Math.max(0, (exp.getTime() - clock.millis()) / 1000);
      } catch (ParseException e) {
        throw new IllegalStateException(e);
      }
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("access_token", token);
      answer.put("token_type", bound ? "DPoP" : "Bearer");
      answer.put("expires_in", expiresIn);
      send(ex, 200, JSONObjectUtils.toJSONString(answer));
    } catch (RuntimeException e) {
      log.warn("Dev token issuer: request failed ({})", e.getClass().getSimpleName());
      send(ex, 400, "{\"error\":\"invalid_request\"}");
    } finally {
      ex.close();
    }
  }

  /** The public key of a validly self-signed DPoP proof, else null. */
  private static ECKey proofKey(String proof) {
    try {
      SignedJWT jwt = SignedJWT.parse(proof);
      if (!(jwt.getHeader().getJWK() instanceof ECKey k) || k.isPrivate()) {
        return null;
      }
      return jwt.verify(new ECDSAVerifier(k)) ? k : null;
    } catch (ParseException | JOSEException e) {
      return null;
    }
  }

  private static void send(HttpExchange ex, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }
}
