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
 * Translation throughput per message type (one official example each), same work as {@link
 * EpikriseTranslationBenchmark}: bytes in, HAPI Bundle + AppRec out, no storage.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MessageTypeTranslationBenchmark {

  @Param({
    "henvisning-1.1-henvisning-n",
    "henvisning-2.0-henvisning-ny-tilstand-ny",
    "dialogmelding-1.1-helsefaglig-dialog-angi-profesjon-hos-mottaker",
    "plo-1.6-innleggelsesrapport-ny",
    "plo-1.6-pasientlogistikk-innlagt-pasient-ny",
    "eresept-m10-ekspedering-og-utlevering"
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
