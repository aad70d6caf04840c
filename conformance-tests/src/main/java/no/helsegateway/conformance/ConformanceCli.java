package no.helsegateway.conformance;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs the FHIR API suite against any endpoint, e.g. a deployed gateway:
 *
 * <p>{@code mvn -B -q -pl conformance-tests exec:java
 * -Dexec.mainClass=no.helsegateway.conformance.ConformanceCli
 * -Dexec.args="http://localhost:8080/fhir"}
 */
public final class ConformanceCli {

  /**
   * The Authorization header for an external endpoint: {@code -Dgateway.token=<access token>} (e.g.
   * from the dev issuer's {@code POST /token}); none when unset.
   */
  public static java.util.function.Supplier<String> externalAuthorization() {
    String token = System.getProperty("gateway.token");
    return () -> token == null || token.isBlank() ? null : "Bearer " + token;
  }

  /** The suite bound to the endpoint given on the command line. */
  public static class ExternalEndpointSuite extends FhirApiSuite {
    private final FhirHttp http =
        new FhirHttp(System.getProperty("gateway.base-url"), externalAuthorization());

    @Override
    protected FhirHttp fhir() {
      return http;
    }
  }

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: ConformanceCli <FHIR base URL>");
      System.exit(2);
    }
    System.setProperty("gateway.base-url", args[0]);
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectClass(ExternalEndpointSuite.class))
            .build();
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    launcher.execute(request, listener);
    TestExecutionSummary summary = listener.getSummary();
    summary.printTo(new PrintWriter(System.out));
    summary.printFailuresTo(new PrintWriter(System.out), 20);
    System.out.printf(
        "%d passed, %d failed%n", summary.getTestsSucceededCount(), summary.getTotalFailureCount());
    System.exit(summary.getTotalFailureCount() == 0 ? 0 : 1);
  }
}
