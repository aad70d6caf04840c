package no.helsegateway.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue-9 figure: the overhead of security (token validation, authorisation) plus audit (one
 * access-log record per request, fail closed) on read and write latency, against the same server
 * build with both off ({@code gateway.security.enabled=false}, {@code
 * gateway.security.audit.enabled=false}), as a ratio (goal: under 1.3x).
 *
 * <p>Both gateways run at once on fresh H2 storage and are measured in alternating rounds (off, on,
 * off, on, ...), so that load from other processes on the machine falls on both alike; the ratio of
 * each round is reported and the median of the rounds is the figure. The secured one is called with
 * a system token from its dev issuer (fetched once, cached, as a client would). Beside latency, the
 * gateway process's CPU time per request (all its threads, from the OS) is reported per phase and
 * as a ratio: it is far less disturbed by other load on the machine than latency is.
 *
 * <p>Run: {@code mvn -B -q -Pquick install -DskipTests && mvn -B -q -pl conformance-tests exec:java
 * -Dexec.mainClass=no.helsegateway.conformance.SecurityOverheadBenchmark} (optional {@code
 * -Dbench.rounds=5}, the default since run 9: fewer rounds let one noisy round decide; {@code
 * -Dbench.baseline=audit-off} compares against security on with only the audit off, which isolates
 * the access log's share; {@code -Dbench.threads=true} prints the gateway's CPU by thread group for
 * each 4-client read phase, {@link ThreadCpu}).
 */
public final class SecurityOverheadBenchmark {

  record Run(String mode, GatewayProcess gateway, LoadHarness load, List<String> ids) {}

  public static void main(String[] args) throws Exception {
    if (System.getProperty("gateway.jar") == null) {
      System.setProperty("gateway.jar", "gateway-server/target/gateway-server-exec.jar");
      System.setProperty("gateway.work-dir", "target/security-bench");
    }
    int rounds = Integer.getInteger("bench.rounds", 5);
    Map<String, Map<String, String>> modes = new LinkedHashMap<>();
    // -Dbench.baseline=audit-off: the baseline keeps security on and turns only audit off, so the
    // ratio is the access log's share
    modes.put(
        "off",
        "audit-off".equals(System.getProperty("bench.baseline"))
            ? Map.of("gateway.security.audit.enabled", "false")
            : Map.of(
                "gateway.security.enabled", "false", "gateway.security.audit.enabled", "false"));
    modes.put("on", Map.of());
    List<Run> runs = new ArrayList<>();
    try {
      for (Map.Entry<String, Map<String, String>> m : modes.entrySet()) {
        GatewayProcess g =
            GatewayProcess.fromSystemProperties("security-" + m.getKey(), m.getValue());
        ProcessBackedSuite.deleteRecursively(g.workDir());
        g.start();
        LoadHarness load = new LoadHarness(g.fhirClient());
        List<String> ids = load.seedPatientIds(100);
        // warm-up, not measured: until the JIT compiler takes at most 5 % of a round's CPU (the
        // steady state a gateway runs in; on 2 cores HAPI's write path keeps the one C2 compiler
        // thread busy for some 20,000 requests), at most -Dbench.warmup-rounds rounds
        ThreadCpu.warmUp(
            g.pid(),
            ThreadCpu.SETTLED,
            Integer.getInteger("bench.warmup-rounds", 80),
            () -> {
              load.createPatients(4, 500);
              load.readPatients(4, 2000, ids);
            });
        runs.add(new Run(m.getKey(), g, load, ids));
      }
      StringBuilder table =
          new StringBuilder(
              LoadHarness.markdownHeader()
                  .replaceFirst("\n", " gateway CPU ms/request |\n")
                  .replaceFirst("\\|\\s*$", "|---|"));
      table.append('\n');
      Map<String, List<double[]>> ratios = new LinkedHashMap<>();
      StringBuilder threadTables = new StringBuilder();
      for (int round = 1; round <= rounds; round++) {
        Map<String, LoadHarness.Result[]> results = new LinkedHashMap<>();
        Map<String, double[]> cpus = new LinkedHashMap<>();
        for (Run r : runs) {
          double[] cpu = new double[4];
          long before = cpuNanos(r.gateway());
          LoadHarness.Result[] res = new LoadHarness.Result[4];
          res[0] = r.load().readPatients(1, 500, r.ids()).named(label("read", r.mode(), 1, round));
          before = cpuPerRequest(r.gateway(), before, res[0], cpu, 0);
          Map<String, Long> threads0 = ThreadCpu.snapshot(r.gateway().pid());
          res[1] = r.load().readPatients(4, 1000, r.ids()).named(label("read", r.mode(), 4, round));
          before = cpuPerRequest(r.gateway(), before, res[1], cpu, 1);
          if (Boolean.getBoolean("bench.threads")) {
            threadTables
                .append("\nCPU by thread group, ")
                .append(res[1].name())
                .append(":\n\n")
                .append(
                    ThreadCpu.report(
                        threads0, ThreadCpu.snapshot(r.gateway().pid()), res[1].requests()));
          }
          res[2] = r.load().createPatients(1, 300).named(label("write", r.mode(), 1, round));
          before = cpuPerRequest(r.gateway(), before, res[2], cpu, 2);
          res[3] = r.load().createPatients(4, 600).named(label("write", r.mode(), 4, round));
          cpuPerRequest(r.gateway(), before, res[3], cpu, 3);
          results.put(r.mode(), res);
          cpus.put(r.mode(), cpu);
          for (int i = 0; i < res.length; i++) {
            table
                .append(res[i].markdownRow())
                .append(String.format(Locale.ROOT, " %.2f |", cpu[i]))
                .append('\n');
          }
        }
        LoadHarness.Result[] off = results.get("off");
        LoadHarness.Result[] on = results.get("on");
        String[] names = {
          "read, 1 client", "read, 4 clients", "write, 1 client", "write, 4 clients"
        };
        for (int i = 0; i < names.length; i++) {
          ratios
              .computeIfAbsent(names[i], k -> new ArrayList<>())
              .add(
                  new double[] {
                    on[i].percentileMillis(50) / off[i].percentileMillis(50),
                    on[i].percentileMillis(95) / off[i].percentileMillis(95),
                    off[i].perSecond() / on[i].perSecond(),
                    cpus.get("on")[i] / cpus.get("off")[i]
                  });
        }
      }
      StringBuilder summary =
          new StringBuilder(
              "| interaction | p50 on/off (median of rounds) | p95 on/off | throughput off/on |"
                  + " gateway CPU per request on/off | rounds (p50 ratio) |\n"
                  + "|---|---|---|---|---|---|\n");
      for (Map.Entry<String, List<double[]>> e : ratios.entrySet()) {
        StringBuilder each = new StringBuilder();
        for (double[] r : e.getValue()) {
          each.append(String.format(Locale.ROOT, "%.2f ", r[0]));
        }
        summary.append(
            String.format(
                Locale.ROOT,
                "| %s | %.2fx | %.2fx | %.2fx | %.2fx | %s|%n",
                e.getKey(),
                median(e.getValue(), 0),
                median(e.getValue(), 1),
                median(e.getValue(), 2),
                median(e.getValue(), 3),
                each));
      }
      System.out.println(table);
      System.out.println(summary);
      System.out.println(threadTables);
    } finally {
      for (Run r : runs) {
        r.gateway().stop();
      }
    }
  }

  /** CPU time the gateway process has used so far (all its threads), in nanoseconds. */
  static long cpuNanos(GatewayProcess g) {
    return ProcessHandle.of(g.pid())
        .flatMap(h -> h.info().totalCpuDuration())
        .map(java.time.Duration::toNanos)
        .orElse(0L);
  }

  /**
   * Stores the gateway's CPU milliseconds per request of the phase that just ended ({@code
   * cpu[index]}) and returns the new reading. CPU time is what the machine's load disturbs least:
   * it does not count the time a thread waits for a core.
   */
  private static long cpuPerRequest(
      GatewayProcess g, long before, LoadHarness.Result r, double[] cpu, int index) {
    long now = cpuNanos(g);
    cpu[index] = (now - before) / 1e6 / r.requests();
    return now;
  }

  private static String label(String what, String mode, int clients, int round) {
    return String.format(
        Locale.ROOT,
        "%s, security+audit %s, round %d",
        what.equals("read") ? "GET /fhir/Patient/{id}" : "POST /fhir/Patient",
        mode,
        round);
  }

  static double median(List<double[]> values, int index) {
    double[] v = values.stream().mapToDouble(a -> a[index]).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
