package no.helsegateway.conformance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End-to-end e-message throughput: synchronous {@code POST /emessages} (receipt, queue, XSD,
 * translation, profile validation, FHIR transaction, AppRec) with N concurrent senders, each
 * message a fresh MsgId and synthetic patient. Starts the gateway jar on fresh storage (h2 or
 * postgresql), warms up, then prints throughput and latency percentiles as Markdown.
 *
 * <p>Run: {@code mvn -B -q -pl conformance-tests exec:java
 * -Dexec.mainClass=no.helsegateway.conformance.PipelineBenchmark -Dexec.args="h2 4 1000"}; with
 * {@code -Dbench.threads=true} it also prints the gateway's CPU by thread group ({@link
 * ThreadCpu}).
 */
public final class PipelineBenchmark {

  public static void main(String[] args) throws Exception {
    String storage = args.length > 0 ? args[0] : "h2";
    int senders = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int messages = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    // what is sent: "short" (the official short Epikrise as a new document, the default),
    // "diagnoses" (with three diagnoses and four medications) or "cancellation" (the official
    // short example as it is: a cancellation, stored as entered-in-error; the figures before
    // 2026-11-23 were taken with it)
    String kind = args.length > 3 ? args[3] : "short";
    MESSAGE = message(kind);
    // Warn mode: every Bundle is validated against the profiles (same cost) and stored whole; the
    // Epikrise translation does not yet meet every gateway profile constraint.
    Map<String, String> settings = Map.of("gateway.validation.default-mode", "warn");
    if (storage.equals("postgresql")) {
      String url =
          System.getProperty(
              "gateway.it.pg.url", "jdbc:postgresql://127.0.0.1:5432/gateway_pipeline_bench");
      ensureDatabase(url);
      try (Connection c = DriverManager.getConnection(url, "postgres", "");
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS public CASCADE");
        s.execute("CREATE SCHEMA public");
      }
      settings =
          Map.of(
              "gateway.validation.default-mode", "warn",
              "spring.datasource.url", url,
              "spring.datasource.username", "postgres",
              "spring.datasource.password", "");
    }
    if (System.getProperty("gateway.jar") == null) {
      System.setProperty("gateway.jar", "gateway-server/target/gateway-server-exec.jar");
      System.setProperty("gateway.work-dir", "target/pipeline-bench");
    }
    GatewayProcess gateway = GatewayProcess.fromSystemProperties("pipeline-" + storage, settings);
    ProcessBackedSuite.deleteRecursively(gateway.workDir());
    try {
      gateway.start();
      EMessageClient client = gateway.emessageClient();
      // warm-up, not reported: rounds of 250 messages until the JIT compiler takes at most 5 %
      // of a round's CPU (the steady state a gateway runs in), at most -Dbench.warmup-rounds
      ThreadCpu.warmUp(
          gateway.pid(),
          ThreadCpu.SETTLED,
          Integer.getInteger("bench.warmup-rounds", 80),
          () -> run(client, senders, 250));
      double cpu0 = processCpuSeconds(gateway.pid());
      Map<String, Long> threads0 = ThreadCpu.snapshot(gateway.pid());
      long[] lat = run(client, senders, messages);
      double cpu = cpu0 < 0 ? -1 : processCpuSeconds(gateway.pid()) - cpu0;
      System.out.println(report(storage, senders, lat) + " message: " + kind);
      if (Boolean.getBoolean("bench.threads")) {
        System.out.println(ThreadCpu.report(threads0, ThreadCpu.snapshot(gateway.pid()), messages));
      }
      if (cpu >= 0) {
        System.out.printf(
            "gateway process CPU: %.1f s for %d messages = %.1f ms CPU per message%n",
            cpu, messages, cpu * 1000 / messages);
      }
      System.out.println("group commit (warm-up included): " + groupCommits(gateway));
    } finally {
      gateway.stop();
    }
  }

  /** Shared transactions and units per commit, from the gateway's metrics endpoint. */
  static String groupCommits(GatewayProcess gateway) {
    try {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(gateway.managementBase() + "/prometheus")).build(),
              HttpResponse.BodyHandlers.ofString());
      Matcher count =
          Pattern.compile("(?m)^gateway_emessages_commits_count(?:\\{[^}]*})? ([0-9.E+]+)$")
              .matcher(r.body());
      Matcher total =
          Pattern.compile("(?m)^gateway_emessages_commits_sum(?:\\{[^}]*})? ([0-9.E+]+)$")
              .matcher(r.body());
      if (r.statusCode() != 200 || !count.find() || !total.find()) {
        return "not reported (HTTP " + r.statusCode() + ")";
      }
      double commits = Double.parseDouble(count.group(1));
      double units = Double.parseDouble(total.group(1));
      return String.format(
          "%.0f final states in %.0f commits = %.2f per commit", units, commits, units / commits);
    } catch (Exception e) {
      return "not reported (" + e.getClass().getSimpleName() + ")";
    }
  }

  /**
   * CPU time (user + system, all threads) of a process from /proc (Linux), in seconds; -1 when it
   * cannot be read. The gateway's CPU per message is the figure that other load disturbs least.
   */
  static double processCpuSeconds(long pid) {
    try {
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields after the command: state(0) ... utime(11) stime(12), in clock ticks (100 per second)
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Creates the database named in the URL when it is missing. */
  static void ensureDatabase(String url) throws Exception {
    String name = url.substring(url.lastIndexOf('/') + 1);
    String admin = url.substring(0, url.lastIndexOf('/') + 1) + "postgres";
    try (Connection c = DriverManager.getConnection(admin, "postgres", "");
        Statement s = c.createStatement()) {
      var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
      if (!rs.next()) {
        s.execute("CREATE DATABASE " + name);
      }
    }
  }

  private static java.util.function.BinaryOperator<String> MESSAGE = message("short");

  static java.util.function.BinaryOperator<String> message(String kind) {
    return switch (kind) {
      case "short" -> EMessageClient::newShortEpikrise;
      case "diagnoses" -> EMessageClient::epikriseWithDiagnoses;
      case "cancellation" -> EMessageClient::epikrise;
      default ->
          throw new IllegalArgumentException(
              "message kind: short, diagnoses or cancellation, not " + kind);
    };
  }

  /** Sends {@code n} messages with {@code senders} threads; returns the latencies (ns) + wall. */
  static long[] run(EMessageClient client, int senders, int n) throws Exception {
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    long start = System.nanoTime();
    List<Future<?>> fs = new ArrayList<>();
    for (int s = 0; s < senders; s++) {
      fs.add(
          pool.submit(
              () -> {
                while (next.getAndIncrement() < n) {
                  String body =
                      MESSAGE.apply(
                          EMessageClient.newMsgId(), SyntheticPersons.nextFodselsnummer());
                  long t0 = System.nanoTime();
                  var r = client.postSync(body);
                  long t = System.nanoTime() - t0;
                  if (r.statusCode() != 200 || !"1".equals(EMessageClient.appRecStatus(r.body()))) {
                    failures.incrementAndGet();
                  }
                  latencies.add(t);
                }
                return null;
              }));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    long wall = System.nanoTime() - start;
    pool.shutdown();
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " messages were not answered with status 1");
    }
    long[] out = new long[latencies.size() + 1];
    for (int i = 0; i < latencies.size(); i++) {
      out[i] = latencies.get(i);
    }
    out[out.length - 1] = wall;
    return out;
  }

  static String report(String storage, int senders, long[] latAndWall) {
    int n = latAndWall.length - 1;
    long wall = latAndWall[n];
    long[] lat = java.util.Arrays.copyOf(latAndWall, n);
    java.util.Arrays.sort(lat);
    return String.format(
        "| %s | %d | %d | %.1f | %.0f | %.0f | %.0f | %.0f |",
        storage,
        senders,
        n,
        n / (wall / 1e9),
        lat[(int) (n * 0.50)] / 1e6,
        lat[(int) Math.min(n - 1, n * 0.95)] / 1e6,
        lat[(int) Math.min(n - 1, n * 0.99)] / 1e6,
        lat[n - 1] / 1e6);
  }
}
