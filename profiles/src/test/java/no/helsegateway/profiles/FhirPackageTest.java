package no.helsegateway.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.junit.jupiter.api.Test;

/**
 * The generated package loads with the HL7 NPM reader and with HAPI's NpmPackageValidationSupport.
 */
class FhirPackageTest {

  private static final String ON_CLASSPATH = "fhir/packages/helsegateway.fhir.profiles.tgz";

  @Test
  void packageJsonNamesIdAndDependencies() throws Exception {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(ON_CLASSPATH)) {
      NpmPackage pkg = NpmPackage.fromPackage(in);
      assertThat(pkg.name()).isEqualTo(ProfileUrls.GATEWAY_PACKAGE_ID);
      assertThat(pkg.dependencies())
          .contains("hl7.fhir.r4.core#4.0.1", ProfileUrls.NO_BASIS_PACKAGE);
      assertThat(pkg.listResources("StructureDefinition")).hasSizeGreaterThanOrEqualTo(21);
      assertThat(pkg.getFolders()).containsKey("example");
    }
  }

  @Test
  void hapiNpmPackageValidationSupportLoadsIt() throws Exception {
    NpmPackageValidationSupport support = new NpmPackageValidationSupport(Fixtures.CTX);
    support.loadPackageFromClasspath("classpath:" + ON_CLASSPATH);
    StructureDefinition patient =
        (StructureDefinition) support.fetchStructureDefinition(ProfileUrls.PATIENT);
    assertThat(patient).isNotNull();
    assertThat(patient.getBaseDefinition())
        .isEqualTo("http://hl7.no/fhir/StructureDefinition/no-basis-Patient");
    assertThat(patient.getSnapshot().getElement()).hasSizeGreaterThan(100);
  }
}
