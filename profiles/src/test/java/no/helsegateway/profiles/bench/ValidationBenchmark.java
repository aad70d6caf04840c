package no.helsegateway.profiles.bench;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.Arrays;
import java.util.List;
import no.helsegateway.profiles.GatewayProfiles;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * In-process validation benchmark (a plain harness, not JMH). Run with:
 *
 * <pre>
 * cd /work/main &amp;&amp; mvn -B -q -pl profiles test-compile exec:java \
 *   -Dexec.mainClass=no.helsegateway.profiles.bench.ValidationBenchmark -Dexec.classpathScope=test
 * </pre>
 *
 * Optional system properties: {@code -Dbench.patientRuns=2000 -Dbench.bundleRuns=200} (do not use
 * {@code -Dexec.args}: it would also reach the package-building execution).
 */
public final class ValidationBenchmark {

  private ValidationBenchmark() {}

  public static void main(String[] args) {
    int patientRuns = Integer.getInteger("bench.patientRuns", 2000);
    int bundleRuns = Integer.getInteger("bench.bundleRuns", 200);

    long t0 = System.nanoTime();
    FhirContext ctx = FhirContext.forR4();
    GatewayProfiles profiles = GatewayProfiles.load(ctx);
    long loaded = System.nanoTime();
    int warmed = profiles.warmUp();
    long warm = System.nanoTime();
    System.out.printf(
        "load: %.0f ms, warmUp (%d examples): %.0f ms%n",
        ms(loaded - t0), warmed, ms(warm - loaded));

    FhirValidator validator = profiles.newValidator();
    Patient patient = (Patient) find(profiles, "gw-example-patient");

    // First vs tenth validation of a Patient after warmUp().
    double[] firstTen = new double[10];
    for (int i = 0; i < 10; i++) {
      long s = System.nanoTime();
      check(validator.validateWithResult(patient.copy()));
      firstTen[i] = ms(System.nanoTime() - s);
    }
    System.out.printf(
        "after warmUp: 1st Patient validation %.2f ms, 10th %.2f ms, ratio %.1f%n",
        firstTen[0], firstTen[9], firstTen[0] / firstTen[9]);

    report("Patient", measure(validator, patient, 200, patientRuns));

    Bundle bundle = transactionBundle(profiles, 50);
    report("Transaction Bundle (50 entries)", measure(validator, bundle, 20, bundleRuns));
  }

  private static double[] measure(FhirValidator v, Resource r, int warmUp, int runs) {
    for (int i = 0; i < warmUp; i++) {
      check(v.validateWithResult(r.copy()));
    }
    double[] times = new double[runs];
    for (int i = 0; i < runs; i++) {
      Resource copy = r.copy();
      long s = System.nanoTime();
      check(v.validateWithResult(copy));
      times[i] = ms(System.nanoTime() - s);
    }
    Arrays.sort(times);
    return times;
  }

  private static void report(String name, double[] sorted) {
    System.out.printf(
        "%s: n=%d p50=%.2f ms p95=%.2f ms p99=%.2f ms max=%.2f ms mean=%.2f ms%n",
        name,
        sorted.length,
        pct(sorted, 50),
        pct(sorted, 95),
        pct(sorted, 99),
        sorted[sorted.length - 1],
        Arrays.stream(sorted).average().orElse(0));
  }

  /** Patient + organisation + practitioner, then clinical examples repeated up to n entries. */
  static Bundle transactionBundle(GatewayProfiles profiles, int n) {
    Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    List<IBaseResource> examples = profiles.examples();
    int i = 0;
    while (bundle.getEntry().size() < n) {
      Resource r = ((Resource) examples.get(i++ % examples.size())).copy();
      r.setId((String) null);
      bundle
          .addEntry()
          .setFullUrl(
              String.format("urn:uuid:00000000-0000-4000-8000-%012d", bundle.getEntry().size()))
          .setResource(r)
          .getRequest()
          .setMethod(Bundle.HTTPVerb.POST)
          .setUrl(r.fhirType());
    }
    return bundle;
  }

  private static IBaseResource find(GatewayProfiles profiles, String id) {
    return profiles.examples().stream()
        .filter(r -> r.getIdElement().getIdPart().equals(id))
        .findFirst()
        .orElseThrow();
  }

  private static void check(ValidationResult result) {
    boolean error =
        result.getMessages().stream().anyMatch(m -> m.getSeverity() == ResultSeverityEnum.ERROR);
    if (error) {
      throw new IllegalStateException(
          "benchmark input invalid: "
              + result.getMessages().stream()
                  .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR)
                  .map(m -> m.getLocationString() + " " + m.getMessage())
                  .toList());
    }
  }

  private static double pct(double[] sorted, int p) {
    int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
  }

  private static double ms(long nanos) {
    return nanos / 1_000_000.0;
  }
}
