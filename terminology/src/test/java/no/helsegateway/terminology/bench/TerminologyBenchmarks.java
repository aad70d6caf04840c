package no.helsegateway.terminology.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import no.helsegateway.terminology.ConceptTranslator;
import no.helsegateway.terminology.TerminologyConfig;
import no.helsegateway.terminology.TerminologyLoader;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the terminology benchmarks: load time and retained heap of the shipped test data and of a
 * synthetic release of full International size, then the JMH look-up/translate rates. Run with
 * {@code mvn -B -pl terminology test-compile exec:exec} (see docs/benchmarks-terminology.md). Pass
 * {@code --no-jmh} to skip JMH, {@code --concepts=N} to change the synthetic size.
 */
public final class TerminologyBenchmarks {
  private TerminologyBenchmarks() {}

  public static void main(String[] args) throws Exception {
    int concepts = 370_000;
    boolean jmh = true;
    for (String arg : args) {
      if (arg.startsWith("--concepts=")) {
        concepts = Integer.parseInt(arg.substring("--concepts=".length()));
      } else if (arg.equals("--no-jmh")) {
        jmh = false;
      }
    }
    System.out.printf(
        "java %s, %d cores, max heap %d MiB%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);

    for (int run = 1; run <= 3; run++) {
      measure("shipped test data (run " + run + ")", TerminologyConfig.testData());
    }

    Path dir = Files.createTempDirectory("synthetic-rf2");
    try {
      long t0 = System.nanoTime();
      SyntheticRelease.write(dir, concepts);
      System.out.printf(
          "synthetic release: %d concepts written in %d ms, %d MiB on disk%n",
          concepts, (System.nanoTime() - t0) / 1_000_000, size(dir) >> 20);
      TerminologyConfig synthetic = TerminologyConfig.builder().snomedRelease(dir).build();
      for (int run = 1; run <= 2; run++) {
        measure("synthetic " + concepts + " concepts (run " + run + ")", synthetic);
      }
    } finally {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }

    if (jmh) {
      new Runner(
              new OptionsBuilder()
                  .include(TranslatorBenchmark.class.getSimpleName())
                  .jvmArgsAppend("-Xmx1g")
                  .build())
          .run();
    }
  }

  private static void measure(String label, TerminologyConfig config) {
    long before = usedHeapAfterGc();
    long[] rows = new long[1];
    long t0 = System.nanoTime();
    ConceptTranslator translator =
        TerminologyLoader.load(
            config,
            p -> {
              if (p.finished()) {
                rows[0] += p.rowsRead();
              }
            });
    long ms = (System.nanoTime() - t0) / 1_000_000;
    long after = usedHeapAfterGc();
    System.out.printf(
        "%s: %d rows read in %d ms, retained heap %.1f MiB, sizes %s%n",
        label,
        rows[0],
        ms,
        (after - before) / (1024.0 * 1024.0),
        ((no.helsegateway.terminology.internal.EmbeddedConceptTranslator) translator).sizes());
    java.lang.ref.Reference.reachabilityFence(translator);
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long size(Path dir) throws java.io.IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
