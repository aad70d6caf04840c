package no.helsegateway.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;

class GatewayProfilesTest {

  @Test
  void loadReturnsOneSharedInstancePerContext() {
    assertThat(GatewayProfiles.load(Fixtures.CTX)).isSameAs(Fixtures.PROFILES);
    assertThatThrownBy(() -> GatewayProfiles.load(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void conformanceResourcesAreOurProfilesWithSnapshotsAndTerminology() {
    List<IBaseResource> resources = Fixtures.PROFILES.conformanceResources();
    List<StructureDefinition> sds =
        resources.stream()
            .filter(StructureDefinition.class::isInstance)
            .map(StructureDefinition.class::cast)
            .toList();
    assertThat(sds).allSatisfy(sd -> assertThat(sd.getSnapshot().getElement()).isNotEmpty());
    assertThat(sds)
        .extracting(StructureDefinition::getUrl)
        .containsAll(Fixtures.PROFILES.defaultProfileByResourceType().values())
        .contains(ProfileUrls.OBSERVATION_VITAL_SIGNS);
    assertThat(resources)
        .extracting(r -> r.fhirType())
        .contains("ValueSet", "NamingSystem", "StructureDefinition");
  }

  @Test
  void chainResolvesCoreNoBasisGatewayAndVkpProfiles() {
    IValidationSupport chain = Fixtures.PROFILES.validationSupport();
    for (String url :
        List.of(
            "http://hl7.org/fhir/StructureDefinition/Patient",
            "http://hl7.no/fhir/StructureDefinition/no-basis-Patient",
            ProfileUrls.PATIENT,
            "http://hl7.no/fhir/StructureDefinition/vkp-Observation-Heartrate-v090",
            "http://ehelse.no/fhir/StructureDefinition/vkp-Observation-Bloodpressure-v090",
            "http://ehelse.no/fhir/StructureDefinition/vkp-Observation-v090")) {
      StructureDefinition sd = (StructureDefinition) chain.fetchStructureDefinition(url);
      assertThat(sd).as(url).isNotNull();
      assertThat(sd.getSnapshot().getElement()).as(url).isNotEmpty();
    }
  }

  @Test
  void additionalSupportIsAskedFirstAndOriginalIsUnchanged() {
    AtomicInteger asked = new AtomicInteger();
    IValidationSupport terminology =
        new IValidationSupport() {
          @Override
          public FhirContext getFhirContext() {
            return Fixtures.CTX;
          }

          @Override
          public boolean isCodeSystemSupported(
              ca.uhn.fhir.context.support.ValidationSupportContext ctx, String system) {
            asked.incrementAndGet();
            return false;
          }
        };
    GatewayProfiles extended = Fixtures.PROFILES.withAdditionalSupport(terminology);
    assertThat(extended).isNotSameAs(Fixtures.PROFILES);
    extended
        .validationSupport()
        .isCodeSystemSupported(
            new ca.uhn.fhir.context.support.ValidationSupportContext(extended.validationSupport()),
            "urn:oid:2.16.578.1.12.4.1.1.7110");
    assertThat(asked).hasPositiveValue();
    assertThat(extended.defaultProfileByResourceType())
        .isEqualTo(Fixtures.PROFILES.defaultProfileByResourceType());
    assertThat(extended.newValidator().validateWithResult(Fixtures.example("gw-example-patient")))
        .isNotNull();
  }

  @Test
  void warmUpValidatesEveryExample() {
    assertThat(Fixtures.PROFILES.warmUp()).isEqualTo(Fixtures.PROFILES.examples().size());
    assertThat(Fixtures.PROFILES.examples().size()).isGreaterThanOrEqualTo(15);
  }
}
