package no.helsegateway.conformance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The gateway's executable jar run as a separate process, as an operator would run it: its own
 * ports, its own data directory, and optional extra settings (for example a PostgreSQL URL). It can
 * be stopped gracefully, killed with SIGKILL, and started again on the same data.
 */
public final class GatewayProcess implements AutoCloseable {

  private final Path jar;
  private final Path workDir;
  private final Map<String, String> settings;
  private final int port;
  private final int managementPort;
  private final int issuerPort;
  private final DevTokens tokens;
  private final JvmProcess process;

  public GatewayProcess(Path jar, Path workDir, Map<String, String> settings) {
    this.jar = jar;
    this.workDir = workDir;
    this.settings = settings;
    this.port = JvmProcess.freePort();
    this.managementPort = JvmProcess.freePort();
    this.issuerPort = JvmProcess.freePort();
    this.process = new JvmProcess("The gateway", workDir, "gateway.log");
    boolean secured =
        !"false".equals(settings.get("gateway.security.enabled"))
            && !"false".equals(settings.get("gateway.security.dev-issuer.enabled"));
    this.tokens = secured ? new DevTokens(devIssuerBase()) : null;
  }

  /** Reads the jar location and work directory from the system properties Maven sets. */
  public static GatewayProcess fromSystemProperties(String name, Map<String, String> settings) {
    String jar = System.getProperty("gateway.jar");
    String work = System.getProperty("gateway.work-dir", "target/gateway-runs");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(
          "The gateway jar is missing (" + jar + "); build gateway-server first (mvn install)");
    }
    return new GatewayProcess(Path.of(jar), Path.of(work, name), settings);
  }

  public String fhirBase() {
    return "http://127.0.0.1:" + port + "/fhir";
  }

  /** The local dev token issuer of this gateway (loopback, {@code POST /token}). */
  public String devIssuerBase() {
    return "http://127.0.0.1:" + issuerPort;
  }

  /** Tokens from the dev issuer; null when security or the dev issuer is off. */
  public DevTokens tokens() {
    return tokens;
  }

  /**
   * The Authorization header value for a system client with every FHIR scope and the operations
   * scope, fetched from the dev issuer (null when security is off).
   */
  public java.util.function.Supplier<String> authorization() {
    return tokens == null ? () -> null : tokens::authorization;
  }

  /** A FHIR client that sends this gateway's access token. */
  public FhirHttp fhirClient() {
    return new FhirHttp(fhirBase(), authorization());
  }

  /** An e-message client that sends this gateway's access token. */
  public EMessageClient emessageClient() {
    return new EMessageClient(fhirBase(), authorization());
  }

  public String managementBase() {
    return "http://127.0.0.1:" + managementPort + "/actuator";
  }

  public Path workDir() {
    return workDir;
  }

  public Duration lastStartTime() {
    return process.lastStartTime();
  }

  public long pid() {
    return process.pid();
  }

  /**
   * The JVM arguments that start the gateway the way the README does: the fast-start layout that
   * the gateway-server build writes next to the executable jar ({@code target/gateway}: extracted
   * jar and class data sharing archive) when it is there and not older than the jar, else the
   * executable jar itself.
   */
  static List<String> launch(Path executableJar) throws IOException {
    Path layout = executableJar.toAbsolutePath().resolveSibling("gateway");
    Path app = layout.resolve(executableJar.getFileName());
    Path archive = layout.resolve("gateway.jsa");
    if (Files.isRegularFile(app)
        && Files.isRegularFile(archive)
        && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(executableJar))
            >= 0) {
      return List.of("-XX:SharedArchiveFile=" + archive, "-jar", app.toString());
    }
    return List.of("-jar", executableJar.toAbsolutePath().toString());
  }

  /** Starts the process and waits until readiness says UP and /fhir/metadata answers. */
  public GatewayProcess start() throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1536m");
    // extra JVM options for measurements, e.g. -Dgateway.jvm-args="-XX:StartFlightRecording=..."
    String jvmArgs = System.getProperty("gateway.jvm-args", "").trim();
    if (!jvmArgs.isEmpty()) {
      cmd.addAll(List.of(jvmArgs.split("\\s+")));
    }
    cmd.addAll(launch(jar));
    cmd.add("--server.port=" + port);
    cmd.add("--server.address=127.0.0.1");
    cmd.add("--management.server.port=" + managementPort);
    cmd.add("--management.server.address=127.0.0.1");
    cmd.add("--gateway.data-dir=" + workDir.resolve("data").toAbsolutePath());
    // The API suite does not use MLLP; the listener stays off so parallel runs never share port
    // 2575.
    cmd.add("--gateway.hl7v2.enabled=false");
    // security on with the loopback dev issuer on its own free port (tokens: tokens())
    cmd.add("--gateway.security.dev-issuer.port=" + issuerPort);
    settings.forEach((k, v) -> cmd.add("--" + k + "=" + v));
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    // -Dgateway.start-timeout-seconds for slow or busy machines (HAPI starts in 20-60 s idle;
    // 240 s was seen with a load average of 24 on two cores)
    process.start(
        cmd,
        () ->
            answers200(client, managementBase() + "/health/readiness")
                && answers200(client, fhirBase() + "/metadata"),
        Duration.ofMillis(250),
        Duration.ofSeconds(Long.getLong("gateway.start-timeout-seconds", 480)));
    return this;
  }

  private static boolean answers200(HttpClient client, String url) throws InterruptedException {
    try {
      HttpResponse<Void> r =
          client.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** Graceful stop (SIGTERM), waiting for the process to end. */
  public void stop() throws InterruptedException {
    process.stop();
  }

  /** Crash: SIGKILL, no shutdown hooks run. */
  public void kill() throws InterruptedException {
    process.kill();
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
