package no.helsegateway.conformance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ConceptMap/$translate} over HTTP: starts the gateway jar (H2, shipped terminology test
 * data), warms up, then measures 1 and 4 clients with the same percentile method as {@link
 * LoadHarness}. Requests cycle through SNOMED CT to ICD-10 (extended map with rules) and ICD-10 to
 * SNOMED CT (CSV candidates) pairs of the test data; every answer must be 200 with {@code result}
 * true. Prints Markdown.
 *
 * <p>Run (after {@code mvn -B -pl gateway-server -am package -DskipTests}): {@code java -cp
 * conformance-tests/target/classes:$(cat cp.txt) no.helsegateway.conformance.TranslateBenchmark
 * [sequentialRequests] [parallelRequests]}, or against a running gateway with {@code
 * -Dgateway.fhir.base=http://host:8080/fhir}.
 */
public final class TranslateBenchmark {

  private static final String SNOMED = "http%3A%2F%2Fsnomed.info%2Fsct";
  private static final String ICD10 = "urn%3Aoid%3A2.16.578.1.12.4.1.1.7110";

  /** Query strings, each with a known answer in the shipped test data. */
  static final List<String> QUERIES =
      List.of(
          "system=" + SNOMED + "&code=6738008&targetsystem=" + ICD10,
          "system=" + SNOMED + "&code=2904007&targetsystem=" + ICD10,
          "system=" + SNOMED + "&code=767146004&targetsystem=" + ICD10,
          "system=" + SNOMED + "&code=254153009&targetsystem=" + ICD10,
          "system=" + ICD10 + "&code=N97.9&targetsystem=" + SNOMED,
          "system=" + ICD10 + "&code=J40&targetsystem=" + SNOMED,
          "system=" + ICD10 + "&code=F40.2&targetsystem=" + SNOMED,
          "system=" + ICD10 + "&code=T57.0&targetsystem=" + SNOMED);

  public static void main(String[] args) throws Exception {
    int sequential = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
    int parallel = args.length > 1 ? Integer.parseInt(args[1]) : 20000;
    String external = System.getProperty("gateway.fhir.base");
    GatewayProcess gateway = null;
    String base = external;
    if (external == null) {
      if (System.getProperty("gateway.jar") == null) {
        System.setProperty("gateway.jar", "gateway-server/target/gateway-server-exec.jar");
        System.setProperty("gateway.work-dir", "target/translate-benchmark");
      }
      gateway = GatewayProcess.fromSystemProperties("translate", Map.of());
      ProcessBackedSuite.deleteRecursively(gateway.workDir());
      gateway.start();
      base = gateway.fhirBase();
    }
    try {
      FhirHttp fhir =
          gateway != null
              ? gateway.fhirClient()
              : new FhirHttp(base, ConformanceCli.externalAuthorization());
      run(fhir, 4, 5000); // warm-up, not reported
      List<LoadHarness.Result> results = List.of(run(fhir, 1, sequential), run(fhir, 4, parallel));
      StringBuilder out = new StringBuilder();
      out.append(LoadHarness.markdownHeader()).append('\n');
      results.forEach(r -> out.append(r.markdownRow()).append('\n'));
      System.out.println(out);
    } finally {
      if (gateway != null) {
        gateway.stop();
      }
    }
  }

  static LoadHarness.Result run(FhirHttp fhir, int clients, int requests) throws Exception {
    List<Long> micros = Collections.synchronizedList(new ArrayList<>(requests));
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long start = System.nanoTime();
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        workers.add(
            pool.submit(
                () -> {
                  int i;
                  while ((i = next.getAndIncrement()) < requests) {
                    String query = QUERIES.get(i % QUERIES.size());
                    long t0 = System.nanoTime();
                    FhirHttp.Answer a = fhir.get("ConceptMap/$translate?" + query);
                    micros.add((System.nanoTime() - t0) / 1000);
                    if (a.status() != 200 || !a.body().contains("\"valueBoolean\":true")) {
                      throw new IllegalStateException("unexpected answer: " + a);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> w : workers) {
        w.get();
      }
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new LoadHarness.Result(
        "GET /fhir/ConceptMap/$translate", clients, requests, seconds, micros);
  }
}
