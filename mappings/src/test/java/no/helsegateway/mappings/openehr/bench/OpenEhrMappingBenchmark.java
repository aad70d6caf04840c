package no.helsegateway.mappings.openehr.bench;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import no.helsegateway.mappings.openehr.OpenEhrMapper;
import org.hl7.fhir.r4.model.Resource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Mapping only: a parsed FHIR resource in, a template-validated composition serialised to canonical
 * JSON out (builder, SDK FLAT unmarshal, SDK validator, canonical JSON). No HTTP, no storage. Run
 * with:
 *
 * <pre>mvn -B -pl mappings test-compile exec:exec@bench-openehr</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OpenEhrMappingBenchmark {

  @Param({
    "vitals-blood-pressure",
    "condition-icd10-snomed",
    "allergy",
    "medication-statement",
    "discharge-summary"
  })
  public String fixture;

  private OpenEhrMapper mapper;
  private Resource resource;

  @Setup
  public void setUp() throws Exception {
    mapper = new OpenEhrMapper();
    resource =
        (Resource)
            FhirContext.forR4Cached()
                .newJsonParser()
                .parseResource(
                    Files.readString(
                        Path.of("src/test/resources/golden/openehr", fixture + ".input.json")));
    mapper.map(resource).orElseThrow();
  }

  @Benchmark
  public String mapToCanonicalJson() {
    return mapper.map(resource).orElseThrow().canonicalJson();
  }
}
