package no.helsegateway.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A real EHRbase 2.16.0 (the {@code conformance-tests/ehrbase-server} jar) run as a process with a
 * JDK >= 21 against the machine's PostgreSQL, in a database of its own that is dropped and
 * recreated first, with the roles, schemas, extension and settings EHRbase expects. Basic
 * authentication on, admin API off.
 */
public final class EhrbaseProcess implements AutoCloseable {

  public static final String USER = "ehrbase-user";
  public static final String PASSWORD = "ehrbase-test-password";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path jar;
  private final Path jdk;
  private final Path workDir;
  private final String pgHostPort;
  private final String pgSuperuser;
  private final String pgSuperuserPassword;
  private final String database;
  private final int port;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final JvmProcess process;

  public EhrbaseProcess(
      Path jar,
      Path jdk,
      Path workDir,
      String pgHostPort,
      String pgSuperuser,
      String pgSuperuserPassword,
      String database) {
    this.jar = jar;
    this.jdk = jdk;
    this.workDir = workDir;
    this.pgHostPort = pgHostPort;
    this.pgSuperuser = pgSuperuser;
    this.pgSuperuserPassword = pgSuperuserPassword;
    this.database = database;
    this.port = JvmProcess.freePort();
    this.process = new JvmProcess("EHRbase", workDir, "ehrbase.log");
  }

  /**
   * From the system properties Maven sets ({@code ehrbase.jar}, {@code ehrbase.jdk}, {@code
   * gateway.it.pg.*}).
   */
  public static EhrbaseProcess fromSystemProperties(String name) {
    return new EhrbaseProcess(
        Path.of(
            System.getProperty(
                "ehrbase.jar",
                "../conformance-tests/ehrbase-server/target/ehrbase-server-exec.jar")),
        Path.of(System.getProperty("ehrbase.jdk", "/usr/lib/jvm/temurin-25-jdk-amd64")),
        Path.of(System.getProperty("gateway.work-dir", "target/gateway-runs"), name),
        System.getProperty("gateway.it.pg.hostport", "127.0.0.1:5432"),
        System.getProperty("gateway.it.pg.user", "postgres"),
        System.getProperty("gateway.it.pg.password", ""),
        System.getProperty("ehrbase.it.database", "ehrbase_test"));
  }

  /** Why this machine cannot run EHRbase, or null when it can. */
  public String missingPrerequisite() {
    if (!Files.isRegularFile(jar)) {
      return "the EHRbase jar is missing (" + jar + "); build conformance-tests/ehrbase-server";
    }
    if (!Files.isExecutable(jdk.resolve("bin/java"))) {
      return "no JDK >= 21 at " + jdk + " (set -Dehrbase.jdk)";
    }
    try (Connection c = superuser("postgres")) {
      return null;
    } catch (SQLException e) {
      return "PostgreSQL is not reachable at " + pgHostPort + ": " + e.getMessage();
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port + "/ehrbase";
  }

  public Duration lastStartTime() {
    return process.lastStartTime();
  }

  /**
   * Drops and recreates the database with what EHRbase needs before its first start (Flyway does
   * the rest).
   */
  public void createFreshDatabase() throws SQLException {
    try (Connection c = superuser("postgres");
        Statement s = c.createStatement()) {
      s.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ehrbase') THEN CREATE ROLE"
              + " ehrbase WITH LOGIN PASSWORD 'ehrbase'; END IF; IF NOT EXISTS (SELECT FROM pg_roles"
              + " WHERE rolname = 'ehrbase_restricted') THEN CREATE ROLE ehrbase_restricted WITH LOGIN"
              + " PASSWORD 'ehrbase_restricted'; END IF; END $$");
      s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + database + " ENCODING 'UTF-8' LOCALE 'C' TEMPLATE template0");
      s.execute("GRANT ALL PRIVILEGES ON DATABASE " + database + " TO ehrbase");
      s.execute("GRANT ALL PRIVILEGES ON DATABASE " + database + " TO ehrbase_restricted");
    }
    try (Connection c = superuser(database);
        Statement s = c.createStatement()) {
      for (String sql :
          List.of(
              "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
              "CREATE SCHEMA IF NOT EXISTS ehr AUTHORIZATION ehrbase",
              "CREATE SCHEMA IF NOT EXISTS ext AUTHORIZATION ehrbase",
              "GRANT USAGE ON SCHEMA ehr TO ehrbase_restricted",
              "GRANT USAGE ON SCHEMA ext TO ehrbase_restricted",
              "ALTER DEFAULT PRIVILEGES FOR USER ehrbase IN SCHEMA ehr GRANT SELECT, INSERT, UPDATE,"
                  + " DELETE ON TABLES TO ehrbase_restricted",
              "ALTER DEFAULT PRIVILEGES FOR USER ehrbase IN SCHEMA ehr GRANT SELECT ON SEQUENCES TO"
                  + " ehrbase_restricted",
              "CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\" SCHEMA ext",
              "ALTER DATABASE " + database + " SET search_path TO ext",
              "ALTER DATABASE " + database + " SET intervalstyle = 'iso_8601'",
              "ALTER FUNCTION jsonb_path_query(jsonb,jsonpath,jsonb,boolean) ROWS 1")) {
        s.execute(sql);
      }
    }
  }

  private Connection superuser(String db) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://" + pgHostPort + "/" + db, pgSuperuser, pgSuperuserPassword);
  }

  /**
   * Starts EHRbase and waits until its status endpoint answers (boot is 10-90 s depending on load).
   */
  public EhrbaseProcess start() throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(jdk.resolve("bin/java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-jar");
    cmd.add(jar.toAbsolutePath().toString());
    cmd.add("--server.port=" + port);
    cmd.add("--server.address=127.0.0.1");
    cmd.add("--spring.datasource.url=jdbc:postgresql://" + pgHostPort + "/" + database);
    cmd.add("--security.authUser=" + USER);
    cmd.add("--security.authPassword=" + PASSWORD);
    process.start(cmd, () -> status() == 200, Duration.ofMillis(500), Duration.ofSeconds(300));
    return this;
  }

  private int status() throws InterruptedException {
    try {
      return http.send(
              authorised(URI.create(baseUrl() + "/rest/status"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    }
  }

  /** Graceful stop, waiting for the process to end. */
  public void stop() throws InterruptedException {
    process.stop();
  }

  /** Runs an AQL query; the result rows. */
  public List<JsonNode> aql(String query, Map<String, Object> parameters) throws Exception {
    ObjectNode body = JSON.createObjectNode();
    body.put("q", query);
    body.set("query_parameters", JSON.valueToTree(parameters));
    HttpResponse<String> r =
        http.send(
            authorised(URI.create(baseUrl() + "/rest/openehr/v1/query/aql"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new AssertionError("AQL answered " + r.statusCode() + ": " + r.body());
    }
    List<JsonNode> rows = new ArrayList<>();
    JSON.readTree(r.body()).path("rows").forEach(rows::add);
    return rows;
  }

  private HttpRequest.Builder authorised(URI uri) {
    return HttpRequest.newBuilder(uri)
        .header(
            "Authorization",
            "Basic "
                + Base64.getEncoder()
                    .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
