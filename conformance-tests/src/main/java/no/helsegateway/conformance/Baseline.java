package no.helsegateway.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * The foundation baseline: starts the gateway jar on fresh storage (h2 or postgresql), measures the
 * time until /fhir/metadata answers, resident memory after boot and after load, and the sequential
 * and 8-client rates of POST Patient and GET Patient?identifier=. Prints Markdown.
 *
 * <p>Run: {@code mvn -B -q -Pquick install -DskipTests && mvn -B -q -pl conformance-tests exec:java
 * -Dexec.mainClass=no.helsegateway.conformance.Baseline -Dexec.args="h2"}
 */
public final class Baseline {

  public static void main(String[] args) throws Exception {
    String storage = args.length > 0 ? args[0] : "h2";
    int sequential = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    int parallel = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
    Map<String, String> settings = Map.of();
    if (storage.equals("postgresql")) {
      String url =
          System.getProperty("gateway.it.pg.url", "jdbc:postgresql://127.0.0.1:5432/gateway_test");
      try (Connection c = DriverManager.getConnection(url, "postgres", "");
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS public CASCADE");
        s.execute("CREATE SCHEMA public");
      }
      settings =
          Map.of(
              "spring.datasource.url", url,
              "spring.datasource.username", "postgres",
              "spring.datasource.password", "");
    }
    if (System.getProperty("gateway.jar") == null) {
      System.setProperty("gateway.jar", "gateway-server/target/gateway-server-exec.jar");
      System.setProperty("gateway.work-dir", "target/baseline");
    }
    GatewayProcess gateway = GatewayProcess.fromSystemProperties("baseline-" + storage, settings);
    ProcessBackedSuite.deleteRecursively(gateway.workDir());
    try {
      gateway.start();
      long startMs = gateway.lastStartTime().toMillis();
      long rssBoot = rssKb(gateway.pid());
      LoadHarness load = new LoadHarness(gateway.fhirClient());
      // Warm-up: not measured.
      load.createPatients(4, 200);
      List<String> fnrs = load.seedPatients(200);
      load.searchByIdentifier(4, 200, fnrs);

      List<LoadHarness.Result> results =
          List.of(
              load.createPatients(1, sequential),
              load.createPatients(8, parallel),
              load.searchByIdentifier(1, sequential, fnrs),
              load.searchByIdentifier(8, parallel, fnrs));
      long rssLoad = rssKb(gateway.pid());

      StringBuilder out = new StringBuilder();
      out.append("Storage: ").append(storage).append('\n');
      out.append("Start to /fhir/metadata answering (fresh storage, JVM start included): ")
          .append(startMs)
          .append(" ms\n");
      out.append("Resident memory after boot: ")
          .append(rssBoot / 1024)
          .append(" MiB; after load: ")
          .append(rssLoad / 1024)
          .append(" MiB (-Xmx1536m)\n\n");
      out.append(LoadHarness.markdownHeader()).append('\n');
      results.forEach(r -> out.append(r.markdownRow()).append('\n'));
      System.out.println(out);
    } finally {
      gateway.stop();
    }
  }

  static long rssKb(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
