package no.helsegateway.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Access tokens from the gateway's local dev issuer ({@code POST /token} on loopback), as a client
 * would fetch them from HelseID: one system client of a synthetic organisation with every FHIR
 * scope and the operations scope. Cached until shortly before expiry.
 */
public final class DevTokens {

  /** The test organisation (synthetic orgnr with a valid mod-11 control digit). */
  public static final String ORGNR = "999999999";

  public static final String SCOPES = "system/*.cruds gateway/operations";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String issuerBase;
  private final Map<String, Object> claims;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private String token;
  private Instant refreshAt = Instant.MIN;

  /**
   * @param issuerBase the dev issuer's base URL, e.g. {@code http://127.0.0.1:8099}
   */
  public DevTokens(String issuerBase) {
    this(issuerBase, defaultClaims());
  }

  public DevTokens(String issuerBase, Map<String, Object> claims) {
    this.issuerBase = issuerBase;
    this.claims = Map.copyOf(claims);
  }

  public static Map<String, Object> defaultClaims() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("sub", "conformance-tests");
    c.put("client_id", "conformance-tests");
    c.put("scope", SCOPES);
    c.put("helseid://claims/client/claims/orgnr_parent", ORGNR);
    return c;
  }

  /** {@code Bearer <token>}: the value of an Authorization header. */
  public synchronized String authorization() {
    if (token == null || Instant.now().isAfter(refreshAt)) {
      fetch();
    }
    return "Bearer " + token;
  }

  /** A fresh token with these claims (not cached). */
  public String mint(Map<String, Object> claims) {
    return post(claims).path("access_token").asText();
  }

  private void fetch() {
    JsonNode answer = post(claims);
    token = answer.path("access_token").asText();
    long expiresIn = answer.path("expires_in").asLong(60);
    refreshAt = Instant.now().plusSeconds(Math.max(0, expiresIn - 60));
  }

  private JsonNode post(Map<String, Object> body) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(issuerBase + "/token"))
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("The dev issuer answered " + r.statusCode());
      }
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot fetch a token from " + issuerBase, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
