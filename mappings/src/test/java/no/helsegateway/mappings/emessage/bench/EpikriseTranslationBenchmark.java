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
 * Translation throughput: Epikrise XML bytes in, HAPI Bundle out (hardened parse + XSD validation +
 * detection + rules + XSLT + HAPI JSON parse + AppRec), no storage. Run with:
 *
 * <pre>mvn -B -pl mappings test-compile exec:exec@bench</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EpikriseTranslationBenchmark {

  @Param({"epikrise-1.2-n", "epikrise-1.1-m"})
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
