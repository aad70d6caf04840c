package no.helsegateway.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.validation.FhirValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

class ThreadSafetyTest {

  private static String outcome(FhirValidator validator, IBaseResource resource) {
    StringBuilder sb = new StringBuilder();
    validator
        .validateWithResult(resource)
        .getMessages()
        .forEach(
            m ->
                sb.append(m.getSeverity())
                    .append('|')
                    .append(m.getLocationString())
                    .append('|')
                    .append(m.getMessage())
                    .append('\n'));
    return sb.toString();
  }

  @Test
  void parallelValidationGivesTheSameResultsAsSequential() throws Exception {
    List<IBaseResource> inputs = new ArrayList<>(Fixtures.PROFILES.examples());
    Patient bad = Fixtures.example("gw-example-patient");
    bad.getIdentifierFirstRep().setValue("29029645638");
    bad.setName(null);
    inputs.add(bad);

    FhirValidator shared = Fixtures.PROFILES.newValidator();
    List<String> expected = new ArrayList<>();
    for (IBaseResource r : inputs) {
      expected.add(outcome(shared, r));
    }

    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<String>>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        futures.add(
            pool.submit(
                () -> {
                  List<String> got = new ArrayList<>();
                  for (IBaseResource r : inputs) {
                    got.add(outcome(shared, ((Resource) r).copy()));
                  }
                  return got;
                }));
      }
      for (Future<List<String>> f : futures) {
        assertThat(f.get()).containsExactlyElementsOf(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
