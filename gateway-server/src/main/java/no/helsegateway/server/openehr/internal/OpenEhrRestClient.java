package no.helsegateway.server.openehr.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.helsegateway.server.openehr.GatewayOpenEhrProperties;

/**
 * The part of the openEHR REST API (as EHRbase serves it under {@code <base>/rest/openehr/v1}) that
 * the gateway needs: EHR by subject, composition create/update/delete, templates, AQL. Plain {@code
 * java.net.http}: the SDK's client would bring a second HTTP stack and its own Jackson setup for
 * six calls. No patient data is logged or put into exception messages.
 */
public class OpenEhrRestClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A committed composition version: {@code <uuid>::<system>::<n>}. */
  public record VersionUid(String value) {
    public String objectId() {
      int i = value.indexOf("::");
      return i < 0 ? value : value.substring(0, i);
    }
  }

  private final HttpClient http;
  private final URI api;
  private final URI base;
  private final GatewayOpenEhrProperties props;

  public OpenEhrRestClient(GatewayOpenEhrProperties props) {
    this.props = props;
    String b = props.baseUrl().toString();
    this.base = URI.create(b.endsWith("/") ? b : b + "/");
    this.api = base.resolve("rest/openehr/v1/");
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(props.connectTimeout())
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  /** The EHR id for a subject, empty when the CDR has none. */
  public Optional<String> findEhr(String subjectId, String namespace) {
    HttpResponse<String> r =
        send(
            request("ehr?subject_id=" + enc(subjectId) + "&subject_namespace=" + enc(namespace))
                .header("Accept", "application/json")
                .GET());
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    expect(r, "find EHR", 200);
    return Optional.of(ehrId(r));
  }

  /** Creates the EHR for a subject; empty when it already exists (409). */
  public Optional<String> createEhr(String subjectId, String namespace) {
    ObjectNode status = JSON.createObjectNode();
    status.put("_type", "EHR_STATUS");
    status.put("archetype_node_id", "openEHR-EHR-EHR_STATUS.generic.v1");
    status.putObject("name").put("value", "EHR Status");
    ObjectNode ref = status.putObject("subject").putObject("external_ref");
    ref.putObject("id")
        .put("_type", "GENERIC_ID")
        .put("value", subjectId)
        .put("scheme", "id_scheme");
    ref.put("namespace", namespace);
    ref.put("type", "PERSON");
    status.put("is_modifiable", true);
    status.put("is_queryable", true);
    HttpResponse<String> r =
        send(
            request("ehr")
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Prefer", "return=representation")
                .POST(HttpRequest.BodyPublishers.ofString(status.toString())));
    if (r.statusCode() == 409) {
      return Optional.empty();
    }
    expect(r, "create EHR", 201, 200);
    return Optional.of(ehrId(r));
  }

  /**
   * Commits a new composition (canonical JSON); empty when one with the same uid exists (EHRbase
   * answers 412 "Provided Id ... already exists"; 409 from other CDRs).
   */
  public Optional<VersionUid> createComposition(String ehrId, String canonicalJson) {
    HttpResponse<String> r =
        send(
            request("ehr/" + seg(ehrId) + "/composition")
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Prefer", "return=minimal")
                .POST(HttpRequest.BodyPublishers.ofString(canonicalJson)));
    if (r.statusCode() == 409 || r.statusCode() == 412) {
      return Optional.empty();
    }
    expect(r, "create composition", 201, 204, 200);
    return Optional.of(versionUid(r));
  }

  /**
   * Updates a composition; empty when {@code precedingVersionUid} is no longer the latest (412).
   */
  public Optional<VersionUid> updateComposition(
      String ehrId, VersionUid precedingVersionUid, String canonicalJson) {
    HttpResponse<String> r =
        send(
            request("ehr/" + seg(ehrId) + "/composition/" + seg(precedingVersionUid.objectId()))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Prefer", "return=minimal")
                .header("If-Match", precedingVersionUid.value())
                .PUT(HttpRequest.BodyPublishers.ofString(canonicalJson)));
    if (r.statusCode() == 412) {
      return Optional.empty();
    }
    expect(r, "update composition", 200, 204);
    return Optional.of(versionUid(r));
  }

  /** Deletes a composition; true when deleted now, false when it was already gone or superseded. */
  public boolean deleteComposition(String ehrId, VersionUid precedingVersionUid) {
    HttpResponse<String> r =
        send(
            request("ehr/" + seg(ehrId) + "/composition/" + seg(precedingVersionUid.value()))
                .DELETE());
    if (r.statusCode() == 404 || r.statusCode() == 409 || r.statusCode() == 412) {
      return false;
    }
    expect(r, "delete composition", 204, 200);
    return true;
  }

  /** The latest version uid of a composition, empty when there is none or it is deleted. */
  public Optional<VersionUid> latestVersion(String ehrId, String objectId) {
    HttpResponse<String> r =
        send(
            request("ehr/" + seg(ehrId) + "/composition/" + seg(objectId))
                .header("Accept", "application/json")
                .GET());
    if (r.statusCode() == 404 || r.statusCode() == 204) {
      return Optional.empty();
    }
    expect(r, "read composition", 200);
    return Optional.of(versionUid(r));
  }

  /** Template ids known to the CDR (ADL 1.4). */
  public List<String> templateIds() {
    HttpResponse<String> r =
        send(request("definition/template/adl1.4").header("Accept", "application/json").GET());
    expect(r, "list templates", 200);
    List<String> ids = new ArrayList<>();
    for (JsonNode t : readTree(r.body())) {
      ids.add(t.path("template_id").asText());
    }
    return ids;
  }

  /** Uploads an OPT; false when the CDR already has it (409). */
  public boolean uploadTemplate(byte[] opt) {
    HttpResponse<String> r =
        send(
            request("definition/template/adl1.4")
                .header("Content-Type", "application/xml")
                .header("Accept", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(opt)));
    if (r.statusCode() == 409) {
      return false;
    }
    expect(r, "upload template", 201, 200, 204);
    return true;
  }

  /** Runs an AQL query; the rows as JSON arrays. */
  public List<JsonNode> query(String aql, Map<String, Object> parameters) {
    ObjectNode body = JSON.createObjectNode();
    body.put("q", aql);
    body.set("query_parameters", JSON.valueToTree(parameters));
    HttpResponse<String> r =
        send(
            request("query/aql")
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    expect(r, "AQL query", 200);
    List<JsonNode> rows = new ArrayList<>();
    readTree(r.body()).path("rows").forEach(rows::add);
    return rows;
  }

  /** Whether the CDR answers (its status endpoint, or any HTTP answer from the API). */
  public boolean reachable() {
    try {
      HttpResponse<String> r =
          http.send(
              authorised(HttpRequest.newBuilder(base.resolve("rest/status")))
                  .header("Accept", "application/json")
                  .timeout(props.connectTimeout().plus(props.connectTimeout()))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() < 500;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private HttpRequest.Builder request(String path) {
    return authorised(HttpRequest.newBuilder(api.resolve(path))).timeout(props.requestTimeout());
  }

  private HttpRequest.Builder authorised(HttpRequest.Builder builder) {
    if (props.hasToken()) {
      builder.header("Authorization", "Bearer " + props.token());
    } else if (props.hasBasicAuth()) {
      String pair = props.username() + ":" + (props.password() == null ? "" : props.password());
      builder.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    return builder;
  }

  private HttpResponse<String> send(HttpRequest.Builder builder) {
    HttpRequest request = builder.build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new CdrException(request.method() + " to the CDR failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CdrException(request.method() + " to the CDR interrupted", e);
    }
  }

  /**
   * 5xx, 408, 429 and the authentication answers are transient (the CDR or its configuration will
   * recover); other 4xx answers to a request the gateway built are permanent (for example a
   * composition the CDR rejects).
   */
  private static void expect(HttpResponse<String> r, String what, int... ok) {
    for (int s : ok) {
      if (r.statusCode() == s) {
        return;
      }
    }
    int s = r.statusCode();
    boolean transientStatus = s >= 500 || s == 408 || s == 429 || s == 401 || s == 403;
    throw new CdrException(
        what + ": HTTP " + s + reason(r), s, !transientStatus && s >= 400 && s < 500);
  }

  /**
   * The CDR's error text (it describes the composition's structure, not patient data), shortened.
   */
  private static String reason(HttpResponse<String> r) {
    String body = r.body() == null ? "" : r.body();
    try {
      JsonNode n = JSON.readTree(body);
      if (n.hasNonNull("message")) {
        body = n.get("message").asText();
      }
    } catch (IOException ignored) {
      // not JSON: keep the raw text
    }
    body = body.replaceAll("\\s+", " ").trim();
    return body.isEmpty() ? "" : " " + (body.length() > 500 ? body.substring(0, 500) : body);
  }

  private static String ehrId(HttpResponse<String> r) {
    if (r.body() != null && !r.body().isBlank()) {
      JsonNode id = readTree(r.body()).path("ehr_id").path("value");
      if (!id.isMissingNode() && !id.asText().isEmpty()) {
        return id.asText();
      }
    }
    return r.headers()
        .firstValue("ETag")
        .map(OpenEhrRestClient::unquote)
        .orElseThrow(() -> new CdrException("EHR answer without ehr_id", r.statusCode(), false));
  }

  private static VersionUid versionUid(HttpResponse<String> r) {
    Optional<String> etag = r.headers().firstValue("ETag").map(OpenEhrRestClient::unquote);
    if (etag.isPresent() && etag.get().contains("::")) {
      return new VersionUid(etag.get());
    }
    Optional<String> location = r.headers().firstValue("Location");
    if (location.isPresent() && location.get().contains("::")) {
      String l = location.get();
      return new VersionUid(l.substring(l.lastIndexOf('/') + 1));
    }
    if (r.body() != null && !r.body().isBlank()) {
      JsonNode uid = readTree(r.body()).path("uid").path("value");
      if (uid.asText().contains("::")) {
        return new VersionUid(uid.asText());
      }
    }
    throw new CdrException("composition answer without version uid", r.statusCode(), false);
  }

  private static String unquote(String etag) {
    String e = etag.startsWith("W/") ? etag.substring(2) : etag;
    return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")
        ? e.substring(1, e.length() - 1)
        : e;
  }

  private static JsonNode readTree(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new CdrException("CDR answer is not JSON", 0, false);
    }
  }

  /** A path segment: version uids keep their "::" (EHRbase expects them literally). */
  private static String seg(String s) {
    StringBuilder b = new StringBuilder();
    for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-._~:".indexOf(c) >= 0) {
        b.append((char) c);
      } else {
        b.append('%').append(String.format("%02X", c & 0xff));
      }
    }
    return b.toString();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
