package no.helsegateway.terminology.bench;

import java.util.concurrent.TimeUnit;
import no.helsegateway.terminology.CodeSystems;
import no.helsegateway.terminology.ConceptTranslator;
import no.helsegateway.terminology.PatientContext;
import no.helsegateway.terminology.TerminologyLoader;
import no.helsegateway.terminology.TranslationRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/** In-process rate of the embedded translator on the shipped test data (JMH). */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class TranslatorBenchmark {

  private static final String[] SNOMED = {
    "8619003", "32398004", "767146004", "6738008", "111900000", "12481008", "404684003", "276241001"
  };
  private static final String[] ICD10 = {"I219", "F40.2", "N979", "J45.9", "X48", "Q798"};
  private static final PatientContext[] PATIENTS = {
    PatientContext.UNKNOWN,
    new PatientContext(8, PatientContext.Sex.FEMALE),
    new PatientContext(45, PatientContext.Sex.MALE),
    new PatientContext(16, null)
  };

  private ConceptTranslator translator;
  private TranslationRequest[] snomedToIcd10;
  private TranslationRequest[] icpc2ToIcd10;
  private int i;

  @Setup(Level.Trial)
  public void load() {
    translator = TerminologyLoader.loadTestData();
    snomedToIcd10 = new TranslationRequest[SNOMED.length * PATIENTS.length];
    int n = 0;
    for (String code : SNOMED) {
      for (PatientContext p : PATIENTS) {
        snomedToIcd10[n++] =
            new TranslationRequest(CodeSystems.SNOMED_CT, code, CodeSystems.ICD10_NO, p);
      }
    }
    String[] icpc = {"K75", "K86", "T90", "R96", "Z99"};
    icpc2ToIcd10 = new TranslationRequest[icpc.length];
    for (int k = 0; k < icpc.length; k++) {
      icpc2ToIcd10[k] =
          new TranslationRequest(CodeSystems.ICPC2_HL7, icpc[k], CodeSystems.ICD10_NO, null);
    }
  }

  @Benchmark
  public void lookupSnomed(Blackhole bh) {
    bh.consume(translator.lookup(CodeSystems.SNOMED_CT, SNOMED[i++ & 7]));
  }

  @Benchmark
  public void lookupIcd10WithNormalisation(Blackhole bh) {
    bh.consume(translator.lookup(CodeSystems.ICD10_NO, ICD10[(i++ & 0x7fffffff) % ICD10.length]));
  }

  @Benchmark
  public void translateSnomedToIcd10WithRules(Blackhole bh) {
    bh.consume(translator.translateWithDetails(snomedToIcd10[i++ & 31]));
  }

  @Benchmark
  public void translateIcpc2ToIcd10Csv(Blackhole bh) {
    bh.consume(
        translator.translateWithDetails(icpc2ToIcd10[(i++ & 0x7fffffff) % icpc2ToIcd10.length]));
  }
}
