package no.helsegateway.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Issue-3 figures over HTTP: validated {@code POST /fhir/Patient} (sequential and 4 clients),
 * {@code $validate} of a 50-entry transaction Bundle, and the same POSTs with validation off, as a
 * ratio. Starts the gateway jar twice on fresh H2 storage (enforce, then off).
 *
 * <p>Run: {@code mvn -B -q -Pquick install -DskipTests && mvn -B -q -pl conformance-tests exec:java
 * -Dexec.mainClass=no.helsegateway.conformance.ValidationBenchmark}
 */
public final class ValidationBenchmark {

  public static void main(String[] args) throws Exception {
    if (System.getProperty("gateway.jar") == null) {
      System.setProperty("gateway.jar", "gateway-server/target/gateway-server-exec.jar");
      System.setProperty("gateway.work-dir", "target/validation-bench");
    }
    int sequential = 500;
    int parallel = 1000;
    StringBuilder out = new StringBuilder(LoadHarness.markdownHeader()).append('\n');
    List<LoadHarness.Result> on = run("enforce", sequential, parallel, out);
    List<LoadHarness.Result> off = run("off", sequential, parallel, out);
    out.append('\n');
    for (int i = 0; i < 2; i++) {
      out.append(
          String.format(
              Locale.ROOT,
              "Overhead of validation on write, %d client(s): p50 %.2fx, p95 %.2fx, throughput %.2fx%n",
              on.get(i).clients(),
              on.get(i).percentileMillis(50) / off.get(i).percentileMillis(50),
              on.get(i).percentileMillis(95) / off.get(i).percentileMillis(95),
              off.get(i).perSecond() / on.get(i).perSecond()));
    }
    System.out.println(out);
  }

  private static List<LoadHarness.Result> run(
      String mode, int sequential, int parallel, StringBuilder out) throws Exception {
    GatewayProcess gateway =
        GatewayProcess.fromSystemProperties(
            "validation-" + mode, Map.of("gateway.validation.default-mode", mode));
    ProcessBackedSuite.deleteRecursively(gateway.workDir());
    try {
      gateway.start();
      FhirHttp fhir = gateway.fhirClient();
      LoadHarness load = new LoadHarness(fhir);
      load.createPatients(4, 200); // warm-up, not measured
      List<LoadHarness.Result> results = new ArrayList<>();
      results.add(
          load.createPatients(1, sequential).named("POST /fhir/Patient, validation " + mode));
      results.add(load.createPatients(4, parallel).named("POST /fhir/Patient, validation " + mode));
      if (mode.equals("enforce")) {
        String bundle = transactionBundle(50);
        for (int i = 0; i < 3; i++) {
          fhir.postJson("Bundle/$validate", bundle); // warm-up
        }
        results.add(load.validate(1, 20, bundle).named("POST /fhir/Bundle/$validate (50 entries)"));
      }
      results.forEach(r -> out.append(r.markdownRow()).append('\n'));
      return results;
    } finally {
      gateway.stop();
    }
  }

  /** 25 patients and 25 observations about them, linked by urn:uuid references. */
  static String transactionBundle(int entries) {
    StringBuilder b =
        new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
    for (int i = 0; i < entries / 2; i++) {
      String pid = "urn:uuid:" + UUID.randomUUID();
      if (i > 0) {
        b.append(',');
      }
      b.append("{\"fullUrl\":\"")
          .append(pid)
          .append("\",\"resource\":")
          .append(FhirApiSuite.patientJson(SyntheticPersons.nextFodselsnummer(), "Bench"))
          .append(",\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}},")
          .append("{\"resource\":{\"resourceType\":\"Observation\",\"status\":\"final\",")
          .append("\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8867-4\"}]},")
          .append("\"subject\":{\"reference\":\"")
          .append(pid)
          .append("\"},\"effectiveDateTime\":\"2026-01-05T10:00:00+01:00\",")
          .append("\"valueQuantity\":{\"value\":72,\"unit\":\"/min\",")
          .append("\"system\":\"http://unitsofmeasure.org\",\"code\":\"/min\"}},")
          .append("\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}");
    }
    return b.append("]}").toString();
  }
}
