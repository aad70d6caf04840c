package no.helsegateway.server.validation;

import ca.uhn.fhir.context.FhirContext;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import no.helsegateway.profiles.GatewayProfiles;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * A benchmark, not a test: thread CPU time per {@link ProfileValidator#validate} call for one
 * resource file, in rounds after a warm-up round. With {@code target/classes} first on the class
 * path the gateway's {@code OIDUtilities} stand-in is in effect; without {@code target/classes/org}
 * the library's original is (see docs/benchmarks.md, "Validation cost per call").
 *
 * <p>Arguments: resource JSON file, calls per round (default 200), rounds (default 4).
 */
public final class ValidationCpuPerCall {

  private ValidationCpuPerCall() {}

  public static void main(String[] args) throws Exception {
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    FhirContext ctx = FhirContext.forR4();
    ProfileValidator validator = new ProfileValidator(GatewayProfiles.load(ctx));
    IBaseResource resource = ctx.newJsonParser().parseResource(Files.readString(Path.of(args[0])));
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int messages = validator.validate(resource).size();
    for (int round = 0; round <= rounds; round++) {
      long cpu = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < calls; i++) {
        validator.validate(resource);
      }
      double perCall = (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / calls;
      System.out.printf(
          "%s %d: %.2f ms CPU per validation (%d calls, %d messages each)%n",
          round == 0 ? "warm-up" : "round", round, perCall, calls, messages);
    }
  }
}
