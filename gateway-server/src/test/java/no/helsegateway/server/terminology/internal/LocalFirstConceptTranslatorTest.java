package no.helsegateway.server.terminology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.helsegateway.terminology.CodeValidation;
import no.helsegateway.terminology.Concept;
import no.helsegateway.terminology.ConceptTranslator;
import no.helsegateway.terminology.Translation;
import no.helsegateway.terminology.TranslationRequest;
import org.junit.jupiter.api.Test;

class LocalFirstConceptTranslatorTest {

  static final String ICD10 = "urn:oid:2.16.578.1.12.4.1.1.7110";
  static final String SCT = "http://snomed.info/sct";

  /** A translator over a fixed table that records which codes it was asked about. */
  static final class Table implements ConceptTranslator {
    final Map<String, String> codes;
    final List<String> asked = new ArrayList<>();

    Table(Map<String, String> codes) {
      this.codes = codes;
    }

    @Override
    public Optional<Concept> lookup(String system, String code) {
      asked.add(code);
      return Optional.ofNullable(codes.get(code)).map(d -> new Concept(system, code, d));
    }

    @Override
    public CodeValidation validateCode(String system, String code, String display) {
      asked.add(code);
      return codes.containsKey(code)
          ? new CodeValidation(true, codes.get(code), null)
          : new CodeValidation(false, null, "unknown code " + code);
    }

    @Override
    public List<Translation> translate(TranslationRequest request) {
      asked.add(request.code());
      String target = codes.get(request.code() + "->");
      return target == null
          ? List.of()
          : List.of(new Translation(new Concept(SCT, target, null), "equivalent", "m", "1", null));
    }
  }

  private final Table local =
      new Table(Map.of("I21.9", "Akutt hjerteinfarkt", "I21.9->", "22298006"));
  private final Table remote = new Table(Map.of("J18.9", "Pneumoni", "J18.9->", "233604007"));
  private final LocalFirstConceptTranslator translator =
      new LocalFirstConceptTranslator(local, remote);

  @Test
  void aCodeTheLocalDataKnowsNeverReachesTheRemoteServer() {
    assertThat(translator.validateCode(ICD10, "I21.9", null).valid()).isTrue();
    assertThat(translator.lookup(ICD10, "I21.9")).isPresent();
    assertThat(translator.translate(new TranslationRequest(ICD10, "I21.9", SCT, null)))
        .extracting(t -> t.target().code())
        .containsExactly("22298006");
    assertThat(remote.asked).isEmpty();
  }

  @Test
  void whatTheLocalDataDoesNotKnowIsAskedRemotely() {
    assertThat(translator.validateCode(ICD10, "J18.9", null).valid()).isTrue();
    assertThat(translator.lookup(ICD10, "J18.9")).map(Concept::display).contains("Pneumoni");
    assertThat(translator.translate(new TranslationRequest(ICD10, "J18.9", SCT, null)))
        .extracting(t -> t.target().code())
        .containsExactly("233604007");
    assertThat(remote.asked).containsExactly("J18.9", "J18.9", "J18.9");
  }

  @Test
  void aCodeNobodyKnowsIsInvalidWithTheRemoteMessage() {
    CodeValidation v = translator.validateCode(ICD10, "X99.9", null);
    assertThat(v.valid()).isFalse();
    assertThat(v.message()).contains("X99.9");
  }
}
