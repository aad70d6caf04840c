package no.helsegateway.mappings.emessage.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import no.helsegateway.mappings.emessage.EMessageProcessor;
import no.helsegateway.mappings.emessage.ProcessingResult;
import no.helsegateway.mappings.emessage.ProcessingStatus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Translation throughput (wall clock) per message type, one official example each: XML bytes in,
 * HAPI Bundle + AppRec out (hardened parse + XSD validation + detection + rules + XSLT + Bundle
 * assembly + AppRec), no storage. The one JMH translation benchmark; {@link CpuTimePerMessage} does
 * the same work and reports thread CPU time, the figure to use on a shared machine. Run with:
 *
 * <pre>mvn -B -pl mappings test-compile exec:exec@bench -Dbench.args="-p fixture=epikrise-1.2-n"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TranslationBenchmark {

  @Param({
    "epikrise-1.2-n",
    "epikrise-1.1-m",
    "henvisning-1.1-henvisning-n",
    "henvisning-2.0-henvisning-ny-tilstand-ny",
    "dialogmelding-1.1-helsefaglig-dialog-angi-profesjon-hos-mottaker",
    "plo-1.6-innleggelsesrapport-ny",
    "plo-1.6-pasientlogistikk-innlagt-pasient-ny",
    "eresept-m10-ekspedering-og-utlevering",
    "eresept-m1-lege-endrer-pa-legemiddelbeh-m1-resept"
  })
  public String fixture;

  private EMessageProcessor processor;
  private byte[] message;

  @Setup
  public void setUp() throws Exception {
    processor = new EMessageProcessor();
    message =
        Files.readAllBytes(Path.of("src/test/resources/golden/emessage", fixture + ".input.xml"));
    if (processor.process(message).status() != ProcessingStatus.ACCEPTED) {
      throw new IllegalStateException("fixture not accepted: " + fixture);
    }
  }

  @Benchmark
  public ProcessingResult process() {
    return processor.process(message);
  }
}
