package no.helsegateway.conformance;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * One server JVM run as a child process for the black-box tests (the gateway, EHRbase): started in
 * its work directory with its output appended to a log file there, awaited until a readiness check
 * holds (failing at once when the process exits), stopped gracefully or killed, and started again
 * with the same command.
 */
final class JvmProcess {

  private final String name;
  private final Path workDir;
  private final Path log;
  private Process process;
  private Duration lastStartTime;

  /**
   * @param name what the process is, for messages ("the gateway", "EHRbase")
   * @param workDir the working directory (created on start)
   * @param logFile the log's file name in {@code workDir}; output is appended across restarts
   */
  JvmProcess(String name, Path workDir, String logFile) {
    this.name = name;
    this.workDir = workDir;
    this.log = workDir.resolve(logFile);
  }

  /**
   * Starts {@code command} and waits until {@code ready} holds, polling every {@code pollInterval}
   * for at most {@code timeout}.
   */
  void start(List<String> command, Callable<Boolean> ready, Duration pollInterval, Duration timeout)
      throws IOException {
    Files.createDirectories(workDir);
    Instant begin = Instant.now();
    Process started =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    process = started;
    Awaitility.await(name + " readiness")
        .atMost(timeout)
        .pollInterval(pollInterval)
        .until(
            () -> {
              if (!started.isAlive()) {
                throw new IllegalStateException(
                    name + " exited with " + started.exitValue() + "; see " + log);
              }
              return ready.call();
            });
    lastStartTime = Duration.between(begin, Instant.now());
  }

  /** How long the last start took until ready. */
  Duration lastStartTime() {
    return lastStartTime;
  }

  long pid() {
    return process.pid();
  }

  /** Graceful stop (SIGTERM), waiting for the process to end; SIGKILL after a minute. */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /** Crash: SIGKILL, no shutdown hooks run. */
  void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** A TCP port free at the time of asking, for a child process to listen on. */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }
}
