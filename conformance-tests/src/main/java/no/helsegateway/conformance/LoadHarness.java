package no.helsegateway.conformance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import no.helsegateway.conformance.FhirHttp.Answer;

/**
 * A bounded load harness for the FHIR API: a fixed number of requests, sequential or from N
 * clients, reporting throughput and latency percentiles. Every request must succeed; a failure
 * stops the run with the answer, so a figure is never measured on errors.
 */
public final class LoadHarness {

  private final FhirHttp fhir;

  public LoadHarness(FhirHttp fhir) {
    this.fhir = fhir;
  }

  /** One measured run. */
  public record Result(String name, int clients, int requests, double seconds, List<Long> micros) {
    public Result named(String newName) {
      return new Result(newName, clients, requests, seconds, micros);
    }

    public double perSecond() {
      return requests / seconds;
    }

    public double percentileMillis(double p) {
      List<Long> sorted = new ArrayList<>(micros);
      Collections.sort(sorted);
      int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
      return sorted.get(Math.max(0, index)) / 1000.0;
    }

    public String markdownRow() {
      return String.format(
          Locale.ROOT,
          "| %s | %d | %d | %.0f | %.1f | %.1f | %.1f |",
          name,
          clients,
          requests,
          perSecond(),
          percentileMillis(50),
          percentileMillis(95),
          percentileMillis(99));
    }
  }

  public static String markdownHeader() {
    return "| operation | clients | requests | req/s | p50 ms | p95 ms | p99 ms |\n"
        + "|---|---|---|---|---|---|---|";
  }

  /** Creates {@code count} patients with fresh synthetic fødselsnummer; returns them. */
  public List<String> seedPatients(int count) {
    List<String> fnrs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String fnr = SyntheticPersons.nextFodselsnummer();
      check(fhir.postJson("Patient", FhirApiSuite.patientJson(fnr, "Seed")), 201);
      fnrs.add(fnr);
    }
    return fnrs;
  }

  public Result createPatients(int clients, int requests) throws Exception {
    return run(
        "POST /fhir/Patient",
        clients,
        requests,
        i ->
            check(
                fhir.postJson(
                    "Patient",
                    FhirApiSuite.patientJson(SyntheticPersons.nextFodselsnummer(), "Load")),
                201));
  }

  public Result searchByIdentifier(int clients, int requests, List<String> fnrs) throws Exception {
    return run(
        "GET /fhir/Patient?identifier=",
        clients,
        requests,
        i -> {
          String fnr = fnrs.get(i % fnrs.size());
          Answer a =
              check(
                  fhir.get("Patient?identifier=" + FhirApiSuite.enc(FhirApiSuite.FNR + "|" + fnr)),
                  200);
          if (!a.body().contains(fnr)) {
            throw new IllegalStateException("search did not find the patient");
          }
          return a;
        });
  }

  /** Creates {@code count} patients; returns their ids. */
  public List<String> seedPatientIds(int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Answer a =
          check(
              fhir.postJson(
                  "Patient",
                  FhirApiSuite.patientJson(SyntheticPersons.nextFodselsnummer(), "Seed")),
              201);
      ids.add(a.json().path("id").asText());
    }
    return ids;
  }

  /** {@code GET /fhir/Patient/{id}} over the given ids, round robin. */
  public Result readPatients(int clients, int requests, List<String> ids) throws Exception {
    return run(
        "GET /fhir/Patient/{id}",
        clients,
        requests,
        i -> check(fhir.get("Patient/" + ids.get(i % ids.size())), 200));
  }

  /** {@code $validate} of one Bundle, repeated; the answer must be an OperationOutcome. */
  public Result validate(int clients, int requests, String bundle) throws Exception {
    return run(
        "POST /fhir/Bundle/$validate",
        clients,
        requests,
        i -> {
          Answer a = fhir.postJson("Bundle/$validate", bundle);
          if (a.status() != 200 && a.status() != 412 && a.status() != 422) {
            throw new IllegalStateException("unexpected " + a);
          }
          if (!a.body().contains("OperationOutcome")) {
            throw new IllegalStateException("no OperationOutcome: " + a);
          }
          return a;
        });
  }

  private Result run(String name, int clients, int requests, IntFunction<Answer> call)
      throws Exception {
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
                    long t0 = System.nanoTime();
                    call.apply(i);
                    micros.add((System.nanoTime() - t0) / 1000);
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
    return new Result(name, clients, requests, seconds, micros);
  }

  private static Answer check(Answer a, int expected) {
    if (a.status() != expected) {
      throw new IllegalStateException("expected " + expected + " but got " + a);
    }
    return a;
  }
}
