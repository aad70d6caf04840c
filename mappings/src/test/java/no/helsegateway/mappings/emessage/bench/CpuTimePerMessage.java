package no.helsegateway.mappings.emessage.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import no.helsegateway.mappings.emessage.EMessageProcessor;
import no.helsegateway.mappings.emessage.ProcessingStatus;

/**
 * Translation cost as THREAD CPU time per message (ThreadMXBean), a figure that other processes on
 * a shared machine disturb much less than wall-clock throughput. Same work as the JMH benchmarks
 * ({@code process(byte[])}, one thread). Arguments: fixtures (comma-separated golden case names),
 * messages per round, rounds (the last round is reported; earlier ones warm up the JIT).
 *
 * <pre>mvn -B -pl mappings test-compile exec:exec@bench-cpu</pre>
 */
public final class CpuTimePerMessage {

  private CpuTimePerMessage() {}

  public static void main(String[] args) throws Exception {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    EMessageProcessor p = new EMessageProcessor();
    int n = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    System.out.println(
        "| fixture | thread CPU ms/message | messages per CPU-second | wall ms/message |");
    System.out.println("|---|---|---|---|");
    for (String fixture : args[0].split(",")) {
      byte[] m =
          Files.readAllBytes(Path.of("src/test/resources/golden/emessage", fixture + ".input.xml"));
      if (p.process(m).status() != ProcessingStatus.ACCEPTED) {
        throw new IllegalStateException("fixture not accepted: " + fixture);
      }
      double cpu = 0;
      double wall = 0;
      for (int r = 0; r < rounds; r++) {
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          p.process(m);
        }
        cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e6 / n;
        wall = (System.nanoTime() - t0) / 1e6 / n;
      }
      System.out.printf(
          "| %s (%.1f kB) | %.2f | %.0f | %.2f |%n",
          fixture, m.length / 1024.0, cpu, 1000 / cpu, wall);
    }
  }
}
