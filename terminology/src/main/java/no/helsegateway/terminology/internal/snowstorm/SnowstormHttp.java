package no.helsegateway.terminology.internal.snowstorm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import no.helsegateway.terminology.SnowstormConfig;

/**
 * GETs JSON from Snowstorm with java.net.http: per-request timeout, retries with exponential
 * back-off on I/O errors, timeouts and 5xx, and a circuit breaker. Any other failure (404 and other
 * 4xx, malformed JSON) ends the call at once. Thread-safe.
 */
public final class SnowstormHttp {

  /** Waits between attempts; tests pass one that does not wait. */
  @FunctionalInterface
  public interface Sleeper {
    Sleeper THREAD = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SnowstormConfig config;
  private final HttpClient client;
  private final Sleeper sleeper;
  private final CircuitBreaker breaker;

  public SnowstormHttp(SnowstormConfig config, Sleeper sleeper, Clock clock) {
    this.config = config;
    this.sleeper = sleeper;
    this.breaker = new CircuitBreaker(config.failureThreshold(), config.openDuration(), clock);
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(config.connectTimeout())
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Builds a URL under the base URL: path segments as given, query values encoded. */
  public URI uri(String path, Map<String, String> query) {
    String base = config.baseUrl().toString();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    StringJoiner q = new StringJoiner("&", "?", "");
    q.setEmptyValue("");
    query.forEach(
        (k, v) -> {
          if (v != null) {
            q.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
          }
        });
    return URI.create(base + path + q);
  }

  /** GETs and parses JSON; throws {@link SnowstormUnavailableException} on any failure. */
  public JsonNode getJson(URI uri, String accept) {
    if (!breaker.allows()) {
      throw new SnowstormUnavailableException("circuit open after repeated failures", null);
    }
    try {
      JsonNode json = getWithRetries(uri, accept);
      breaker.success();
      return json;
    } catch (SnowstormUnavailableException e) {
      breaker.failure();
      throw e;
    }
  }

  private JsonNode getWithRetries(URI uri, String accept) {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(config.requestTimeout())
            .header("Accept", accept)
            .GET()
            .build();
    Duration backoff = config.initialBackoff();
    SnowstormUnavailableException last = null;
    for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
      if (attempt > 1) {
        pause(backoff);
        backoff = min(backoff.multipliedBy(2), config.maxBackoff());
      }
      try {
        HttpResponse<byte[]> response =
            client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        if (status >= 500) {
          last = new SnowstormUnavailableException("HTTP " + status, null);
          continue;
        }
        if (status != 200) {
          throw new SnowstormUnavailableException("HTTP " + status, null);
        }
        return parse(response.body());
      } catch (IOException e) {
        last = new SnowstormUnavailableException(e.getClass().getSimpleName(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SnowstormUnavailableException("interrupted", e);
      }
    }
    throw last;
  }

  private static JsonNode parse(byte[] body) {
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || !node.isObject()) {
        throw new SnowstormUnavailableException("answer is not a JSON object", null);
      }
      return node;
    } catch (IOException e) {
      throw new SnowstormUnavailableException("malformed JSON", e);
    }
  }

  private void pause(Duration backoff) {
    try {
      sleeper.sleep(backoff);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SnowstormUnavailableException("interrupted", e);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
