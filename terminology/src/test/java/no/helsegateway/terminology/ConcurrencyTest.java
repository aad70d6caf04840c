package no.helsegateway.terminology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The embedded translator is immutable: many threads get the same answers. */
class ConcurrencyTest {

  @Test
  void concurrentTranslationsAgreeWithSingleThreadedOnes() throws Exception {
    ConceptTranslator translator = TestData.embedded();
    TranslationRequest request =
        TestData.toIcd10("767146004", new PatientContext(30, PatientContext.Sex.FEMALE));
    List<Translation> expected = translator.translate(request);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Translation>>> futures = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        futures.add(pool.submit(() -> translator.translate(request)));
      }
      for (Future<List<Translation>> f : futures) {
        assertThat(f.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(expected).hasSize(2);
  }
}
