package no.helsegateway.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ExamplesValidateTest {

  static Stream<IBaseResource> examples() {
    return Fixtures.PROFILES.examples().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void everyExampleValidatesWithoutErrors(IBaseResource example) {
    List<SingleValidationMessage> errors = Fixtures.errors(example);
    assertThat(errors).as(Fixtures.describe(errors)).isEmpty();
  }

  @Test
  void everyProfileHasAnExample() {
    List<String> claimed =
        Fixtures.PROFILES.examples().stream()
            .flatMap(r -> r.getMeta().getProfile().stream())
            .map(p -> p.getValueAsString())
            .toList();
    assertThat(claimed).containsAll(Fixtures.PROFILES.defaultProfileByResourceType().values());
    assertThat(claimed).contains(ProfileUrls.OBSERVATION_VITAL_SIGNS);
  }
}
