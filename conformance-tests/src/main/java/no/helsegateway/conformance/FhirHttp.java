package no.helsegateway.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** A small FHIR-over-HTTP client: what any vendor system would send, nothing gateway-specific. */
public final class FhirHttp {

  public static final String FHIR_JSON = "application/fhir+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client;
  private final String base;
  private final Supplier<String> authorization;

  public FhirHttp(String baseUrl) {
    this(baseUrl, () -> null);
  }

  /**
   * @param authorization the Authorization header value to send (e.g. {@code Bearer <token>}); a
   *     null value sends none
   */
  public FhirHttp(String baseUrl, Supplier<String> authorization) {
    this.authorization = authorization == null ? () -> null : authorization;
    this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  public String base() {
    return base;
  }

  /** One HTTP answer with its body parsed as JSON when it is JSON. */
  public record Answer(int status, java.net.http.HttpHeaders headers, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("Response body is not JSON: " + abbreviate(body), e);
      }
    }

    public Optional<String> header(String name) {
      return headers.firstValue(name);
    }

    @Override
    public String toString() {
      return "HTTP " + status + " " + abbreviate(body);
    }

    private static String abbreviate(String s) {
      return s == null ? "" : s.length() > 500 ? s.substring(0, 500) + "..." : s;
    }
  }

  public Answer get(String path, String... headers) {
    return send(request(path, headers).GET());
  }

  public Answer delete(String path, String... headers) {
    return send(request(path, headers).DELETE());
  }

  public Answer post(String path, String body, String contentType, String... headers) {
    return send(
        request(path, headers)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
  }

  public Answer postJson(String path, String body, String... headers) {
    return post(path, body, FHIR_JSON, headers);
  }

  public Answer put(String path, String body, String... headers) {
    return send(
        request(path, headers)
            .header("Content-Type", FHIR_JSON)
            .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
  }

  public Answer patch(String path, String body, String contentType, String... headers) {
    return send(
        request(path, headers)
            .header("Content-Type", contentType)
            .method("PATCH", HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
  }

  /** Any method, with an optional body in the given media type. */
  public Answer exchange(String method, String path, String body, String contentType) {
    HttpRequest.Builder b = request(path);
    if (body == null) {
      return send(b.method(method, HttpRequest.BodyPublishers.noBody()));
    }
    return send(
        b.header("Content-Type", contentType)
            .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
  }

  /** Follows an absolute link as returned by the server (paging). */
  public Answer getAbsolute(String url) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
    String auth = authorization.get();
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return send(b.GET());
  }

  private HttpRequest.Builder request(String path, String... headers) {
    String url = path.startsWith("http") ? path : base + (path.startsWith("/") ? "" : "/") + path;
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(60))
            .header("Accept", FHIR_JSON);
    boolean explicitAuth = false;
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
      explicitAuth |= headers[i].equalsIgnoreCase("Authorization");
    }
    String auth = explicitAuth ? null : authorization.get();
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return b;
  }

  private Answer send(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> r =
          client.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Answer(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
