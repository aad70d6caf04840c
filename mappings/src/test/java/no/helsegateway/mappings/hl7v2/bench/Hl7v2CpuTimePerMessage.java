package no.helsegateway.mappings.hl7v2.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import no.helsegateway.mappings.hl7v2.Hl7v2Processor;
import no.helsegateway.mappings.hl7v2.Hl7v2Status;

/**
 * HL7 v2 conversion cost as THREAD CPU time per message (ThreadMXBean): the "per core" figure,
 * which other processes on a shared machine disturb much less than wall-clock throughput (JIT and
 * GC threads are not counted). Same work as {@link Hl7v2ConversionBenchmark} ({@code process(er7)},
 * one thread). Arguments: golden case names (comma-separated), messages per round, rounds (the last
 * round is reported; earlier ones warm up the JIT). Command in docs/benchmarks-hl7v2.md.
 */
public final class Hl7v2CpuTimePerMessage {

  private Hl7v2CpuTimePerMessage() {}

  public static void main(String[] args) throws Exception {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Hl7v2Processor p = new Hl7v2Processor();
    String fixtures = args.length > 0 ? args[0] : "adt-a01-admit,oru-r01-lab";
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
    System.out.println(
        "| fixture | thread CPU us/message | messages per CPU-second | wall us/message |");
    System.out.println("|---|---|---|---|");
    for (String fixture : fixtures.split(",")) {
      String m =
          String.join(
              "\r",
              Files.readAllLines(Path.of("src/test/resources/golden/hl7v2", fixture + ".hl7"))
                  .stream()
                  .filter(l -> !l.startsWith("#") && !l.isBlank())
                  .toList());
      if (p.process(m).status() != Hl7v2Status.ACCEPTED) {
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
        cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e3 / n;
        wall = (System.nanoTime() - t0) / 1e3 / n;
      }
      System.out.printf("| %s | %.0f | %.0f | %.0f |%n", fixture, cpu, 1e6 / cpu, wall);
    }
  }
}
