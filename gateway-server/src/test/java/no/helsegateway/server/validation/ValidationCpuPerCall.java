package no.helsegateway.server.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import no.helsegateway.profiles.GatewayProfiles;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

/**
 * A benchmark, not a test: thread CPU time per {@link ProfileValidator#validate} call for one
 * resource file, in rounds after a warm-up round. A transaction Bundle is validated as the
 * e-message pipeline does it ({@link ProfileValidator#validateEntries}, every entry against its
 * type's profile). With {@code target/classes} first on the class path the gateway's {@code
 * OIDUtilities} stand-in is in effect; without {@code target/classes/org} the library's original is
 * (see docs/benchmarks.md, "Validation cost per call").
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
    Supplier<List<SingleValidationMessage>> call =
        resource instanceof Bundle bundle && bundle.getType() == Bundle.BundleType.TRANSACTION
            ? () -> validator.validateEntries(bundle, type -> true)
            : () -> validator.validate(resource);
    List<SingleValidationMessage> first = call.get();
    int messages = first.size();
    if (Boolean.getBoolean("bench.print")) {
      first.forEach(
          m ->
              System.out.println(
                  m.getSeverity() + " " + m.getLocationString() + " " + m.getMessage()));
    }
    for (int round = 0; round <= rounds; round++) {
      long cpu = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < calls; i++) {
        call.get();
      }
      double perCall = (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / calls;
      System.out.printf(
          "%s %d: %.2f ms CPU per validation (%d calls, %d messages each)%n",
          round == 0 ? "warm-up" : "round", round, perCall, calls, messages);
    }
  }
}
