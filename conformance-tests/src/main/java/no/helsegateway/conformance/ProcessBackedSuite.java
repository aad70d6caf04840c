package no.helsegateway.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The API suite against a gateway process this suite starts itself, so that it can also test what
 * only the owner of the process can: that data survive a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ProcessBackedSuite extends FhirApiSuite {

  private GatewayProcess gateway;
  private FhirHttp http;

  /** A short name for the run's work directory. */
  protected abstract String storageName();

  /** Settings that select the storage, e.g. a PostgreSQL URL; empty for the embedded default. */
  protected abstract Map<String, String> storageSettings();

  @BeforeAll
  void startGateway() throws Exception {
    gateway = GatewayProcess.fromSystemProperties(storageName(), storageSettings());
    deleteRecursively(gateway.workDir());
    gateway.start();
    System.out.printf(
        "[%s] gateway ready after %d ms (fresh storage)%n",
        storageName(), gateway.lastStartTime().toMillis());
    http = gateway.fhirClient();
  }

  @AfterAll
  void stopGateway() throws Exception {
    if (gateway != null) {
      gateway.stop();
    }
  }

  @Override
  protected FhirHttp fhir() {
    return http;
  }

  protected GatewayProcess gateway() {
    return gateway;
  }

  @Test
  void storedDataSurviveARestart() throws Exception {
    String fnr = SyntheticPersons.nextFodselsnummer();
    String family = uniqueFamily();
    String id = idFromLocation(createPatient(fnr, family));

    gateway.stop();
    gateway.start();
    System.out.printf(
        "[%s] gateway ready after %d ms (restart on existing storage)%n",
        storageName(), gateway.lastStartTime().toMillis());

    FhirHttp.Answer read = fhir().get("Patient/" + id);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().path("identifier").path(0).path("value").asText()).isEqualTo(fnr);
    assertThat(count("Patient?family=" + family)).isEqualTo(1);
  }

  /**
   * Black-box authentication: without a token, with a bad one, or with one lacking the operations
   * scope the API refuses (401 / 403, OperationOutcome, one text); metadata and the SMART
   * configuration are open; a token minted before a restart still works after it (the dev issuer's
   * key is persisted), as {@link #storedDataSurviveARestart()} relies on.
   */
  @Test
  void theApiNeedsAValidAccessToken() {
    FhirHttp anonymous = new FhirHttp(gateway.fhirBase());
    assertThat(anonymous.get("metadata").status()).isEqualTo(200);
    FhirHttp.Answer smart = anonymous.get(".well-known/smart-configuration");
    assertThat(smart.status()).isEqualTo(200);
    assertThat(smart.json().path("token_endpoint").asText()).startsWith(gateway.devIssuerBase());
    java.util.Map<String, Object> expired =
        new java.util.LinkedHashMap<>(DevTokens.defaultClaims());
    expired.put("exp", java.time.Instant.now().minusSeconds(120).getEpochSecond());
    java.util.Map<String, Object> fhirOnly =
        new java.util.LinkedHashMap<>(DevTokens.defaultClaims());
    fhirOnly.put("scope", "system/*.cruds");
    String expiredToken = gateway.tokens().mint(expired);
    for (FhirHttp.Answer refused :
        java.util.List.of(
            anonymous.get("Patient"),
            anonymous.get("Patient", "Authorization", "Bearer not-a-token"),
            anonymous.get("Patient", "Authorization", "Bearer " + expiredToken))) {
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.header("WWW-Authenticate").orElse("")).startsWith("Bearer");
      assertThat(refused.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
      assertThat(refused.body())
          .contains("Missing or invalid access token")
          .doesNotContain("expired");
    }
    String base = gateway.fhirBase().substring(0, gateway.fhirBase().length() - "/fhir".length());
    FhirHttp.Answer forbidden =
        anonymous.get(
            base + "/emessages?state=STORED",
            "Accept",
            "application/json",
            "Authorization",
            "Bearer " + gateway.tokens().mint(fhirOnly));
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(fhir().get("Patient?_count=1").status()).isEqualTo(200);
  }

  /**
   * The e-message pipeline over HTTP on this storage: a synchronous POST is answered with AppRec
   * status 1 after storage, the same message again gets the same AppRec and creates nothing, bad
   * messages get status 2 with their 8221 code (never a 5xx), and a 50 MB body gets 413.
   */
  @Test
  void emessagePipelineOverHttp() throws Exception {
    EMessageClient client = gateway.emessageClient();
    String msgId = EMessageClient.newMsgId();
    String fnr = SyntheticPersons.nextFodselsnummer();
    var first = client.postSync(EMessageClient.epikrise(msgId, fnr));
    assertThat(first.statusCode()).isEqualTo(200);
    // the official example is valid: stored whole in enforce mode
    assertThat(EMessageClient.appRecStatus(first.body())).isEqualTo("1");
    assertThat(first.body()).contains("<Id>" + msgId + "</Id>");
    String trackingId = first.headers().firstValue("X-Tracking-Id").orElseThrow();
    assertThat(client.status(trackingId).path("outcome").asText()).isEqualTo("ACCEPTED");
    assertThat(count("Patient?identifier=" + fnr)).isEqualTo(1);

    var again = client.postSync(EMessageClient.epikrise(msgId, fnr));
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(first.body());
    String secondId = again.headers().firstValue("X-Tracking-Id").orElseThrow();
    assertThat(client.status(secondId).path("outcome").asText()).isEqualTo("DUPLICATE");
    assertThat(count("Patient?identifier=" + fnr)).isEqualTo(1);

    java.util.Map<String, String> negatives = new java.util.LinkedHashMap<>();
    negatives.put("this is not xml", "T01");
    negatives.put("<Message><MsgId>x</Message>", "T01");
    negatives.put(EMessageClient.wrongNamespace(), "T10");
    negatives.put(EMessageClient.schemaInvalid(), "T02");
    negatives.put(EMessageClient.invalidFodselsnummer(), "E31");
    negatives.put(EMessageClient.xxe(), "T01");
    negatives.put(EMessageClient.billionLaughs(), "T01");
    for (var n : negatives.entrySet()) {
      var r = client.postSync(n.getKey());
      assertThat(r.statusCode()).as(n.getValue()).isEqualTo(200);
      assertThat(EMessageClient.appRecStatus(r.body())).as(n.getValue()).isEqualTo("2");
      assertThat(r.body()).as(n.getValue()).contains("V=\"" + n.getValue() + "\"");
    }

    byte[] big = new byte[50 * 1024 * 1024];
    java.util.Arrays.fill(big, (byte) '<');
    assertThat(client.postSync(big).statusCode()).isEqualTo(413);
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
