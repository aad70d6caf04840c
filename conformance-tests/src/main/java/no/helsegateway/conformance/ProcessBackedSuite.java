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
    http = new FhirHttp(gateway.fhirBase());
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
