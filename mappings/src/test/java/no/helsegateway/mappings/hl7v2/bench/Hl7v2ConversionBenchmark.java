package no.helsegateway.mappings.hl7v2.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import no.helsegateway.mappings.hl7v2.Hl7v2Processor;
import no.helsegateway.mappings.hl7v2.Hl7v2Result;
import no.helsegateway.mappings.hl7v2.Hl7v2Status;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Conversion only: ER7 string to FHIR transaction Bundle (HAPI parse, HL7 v2 XML, XSLT, JSON to
 * HAPI Bundle, ACK), no validation, no storage. Inputs are the golden ADT^A01 and ORU^R01 cases.
 * Command in docs/benchmarks-hl7v2.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Hl7v2ConversionBenchmark {

  private Hl7v2Processor processor;
  private String adt;
  private String oru;

  @Setup
  public void setUp() throws IOException {
    processor = new Hl7v2Processor();
    Path golden = Path.of(System.getProperty("golden.dir", "src/test/resources/golden/hl7v2"));
    adt = read(golden.resolve("adt-a01-admit.hl7"));
    oru = read(golden.resolve("oru-r01-lab.hl7"));
    check(processor.process(adt));
    check(processor.process(oru));
  }

  private static String read(Path p) throws IOException {
    return String.join(
        "\r",
        java.nio.file.Files.readAllLines(p).stream()
            .filter(l -> !l.startsWith("#") && !l.isBlank())
            .toList());
  }

  private static void check(Hl7v2Result r) {
    if (r.status() != Hl7v2Status.ACCEPTED) {
      throw new IllegalStateException("benchmark input not accepted: " + r.errors());
    }
  }

  @Benchmark
  public Hl7v2Result adtA01() {
    return processor.process(adt);
  }

  @Benchmark
  public Hl7v2Result oruR01() {
    return processor.process(oru);
  }
}
