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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A sender of e-messages over the gateway's HTTP channel, and the test messages: copies of the
 * official Epikrise 1.2 example (a test message with fictitious persons, from the mappings golden
 * folder), each with a fresh MsgId and, when asked, a synthetic patient.
 */
public final class EMessageClient {

  static final String EPIKRISE_NS = "http://www.kith.no/xmlstds/epikrise/2012-02-15";
  static final String ORIGINAL_MSG_ID = "89da1760-456e-11e7-9598-0800200c9a66";
  static final String ORIGINAL_FNR = "13116900216";
  static final String DIAGNOSES_MSG_ID = "f022ccd0-4567-11e7-9598-0800200c9a66";

  /** The Epikrise sender's communication-party HER-id (ServProvider department). */
  public static final String SENDER_HER = "94866";

  /**
   * The example with the sender's organisation number (the dev token's, {@link DevTokens#ORGNR})
   * added to the service provider: the gateway accepts a message only from the organisation it
   * names as sender.
   */
  private static final String TEMPLATE = asSender(load("epikrise-1.2-c.input.xml"));

  /**
   * The official example with three coded diagnoses and four medications (same fictitious patient
   * as {@link #TEMPLATE}), sender added as there.
   */
  private static final String DIAGNOSES_TEMPLATE = asSender(load("epikrise-1.2-n.input.xml"));

  /**
   * The Epikrise with the dev token's organisation number ({@link DevTokens#ORGNR}) added to its
   * first institution (the sender's service provider), for examples that name the sender by HER-id
   * only.
   */
  public static String asSender(String epikrise) {
    return epikrise.replaceFirst(
        "</Inst>",
        "<AdditionalId><Id>"
            + DevTokens.ORGNR
            + "</Id><Type V=\"ENH\" DN=\"Organisasjonsnummer\"/></AdditionalId></Inst>");
  }

  private final String base;
  private final Supplier<String> authorization;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param base the gateway's base URL, e.g. {@code http://127.0.0.1:8080}
   */
  public EMessageClient(String base) {
    this(base, () -> null);
  }

  /**
   * @param authorization the Authorization header value to send ({@code Bearer <token>}); null
   *     sends none
   */
  public EMessageClient(String base, Supplier<String> authorization) {
    this.authorization = authorization == null ? () -> null : authorization;
    this.base = base.endsWith("/fhir") ? base.substring(0, base.length() - 5) : base;
  }

  private static String load(String name) {
    String rel = "mappings/src/test/resources/golden/emessage/" + name;
    for (Path p : new Path[] {Path.of(rel), Path.of("..", rel), Path.of("../..", rel)}) {
      if (Files.isRegularFile(p)) {
        try {
          return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    throw new IllegalStateException("Cannot find " + rel + " from " + Path.of("").toAbsolutePath());
  }

  public static String newMsgId() {
    return UUID.randomUUID().toString();
  }

  /** The example with this MsgId (and its own fictitious patient). */
  public static String epikrise(String msgId) {
    return TEMPLATE.replace(ORIGINAL_MSG_ID, msgId);
  }

  /** The example with this MsgId and this (synthetic) patient. */
  public static String epikrise(String msgId, String fnr) {
    return epikrise(msgId).replace(ORIGINAL_FNR, fnr);
  }

  /**
   * The example with this MsgId and this (synthetic) patient as a new document ({@code ServType}
   * "N", Ny) instead of a cancellation ("C", Kansellering): a short discharge summary with one
   * section, which the gateway stores as a final document. The official short example is a
   * cancellation, stored as entered-in-error, which the openEHR mirror has nothing to commit for.
   */
  public static String newShortEpikrise(String msgId, String fnr) {
    String cancellation = "<ServType V=\"C\" DN=\"Kansellering\"/>";
    String message = epikrise(msgId, fnr);
    if (!message.contains(cancellation)) {
      throw new IllegalStateException("the short example is no longer a cancellation");
    }
    return message.replaceFirst(
        java.util.regex.Pattern.quote(cancellation), "<ServType V=\"N\" DN=\"Ny\"/>");
  }

  /**
   * The example with three coded diagnoses (ICD-10) and four medication statements besides the
   * discharge summary, with this MsgId and this (synthetic) patient.
   */
  public static String epikriseWithDiagnoses(String msgId, String fnr) {
    return DIAGNOSES_TEMPLATE.replace(DIAGNOSES_MSG_ID, msgId).replace(ORIGINAL_FNR, fnr);
  }

  public static String wrongNamespace() {
    return epikrise(newMsgId()).replace(EPIKRISE_NS, "urn:example:not-a-kith-namespace");
  }

  public static String schemaInvalid() {
    return epikrise(newMsgId()).replaceFirst("<MIGversion>[^<]*</MIGversion>", "");
  }

  public static String invalidFodselsnummer() {
    return epikrise(newMsgId(), "13116900217");
  }

  public static String xxe() {
    return "<?xml version=\"1.0\"?>\n<!DOCTYPE Message [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
        + "<Message xmlns=\""
        + EPIKRISE_NS
        + "\"><MsgId>&xxe;</MsgId></Message>";
  }

  public static String billionLaughs() {
    StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n");
    b.append(" <!ENTITY lol \"lol\">\n");
    for (int i = 1; i <= 9; i++) {
      b.append(" <!ENTITY lol")
          .append(i)
          .append(" \"")
          .append(("&lol" + (i == 1 ? "" : String.valueOf(i - 1)) + ";").repeat(10))
          .append("\">\n");
    }
    b.append("]>\n<lolz>&lol9;</lolz>");
    return b.toString();
  }

  /** AppRec Status/@V of an AppRec document. */
  public static String appRecStatus(String appRec) {
    int i = appRec.indexOf("<Status ");
    if (i < 0) {
      return null;
    }
    int v = appRec.indexOf("V=\"", i) + 3;
    return appRec.substring(v, appRec.indexOf('"', v));
  }

  public HttpResponse<String> postSync(byte[] body) throws IOException, InterruptedException {
    return post("/emessages?mode=sync", body);
  }

  public HttpResponse<String> postSync(String body) throws IOException, InterruptedException {
    return postSync(body.getBytes(StandardCharsets.UTF_8));
  }

  public HttpResponse<String> postAsync(String body) throws IOException, InterruptedException {
    return post("/emessages?mode=async", body.getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> post(String path, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/xml")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    String auth = authorization.get();
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * GET with {@code Bearer <token>} when {@code token} is given (the legacy operations token), else
   * with the client's own authorization.
   */
  public HttpResponse<String> get(String path, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    String auth = token != null ? "Bearer " + token : authorization.get();
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  public JsonNode status(String trackingId) throws IOException, InterruptedException {
    return json.readTree(get("/emessages/" + trackingId, null).body());
  }

  public JsonNode json(String path, String token) throws IOException, InterruptedException {
    return json.readTree(get(path, token).body());
  }
}
