package no.helsegateway.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Composition;
import org.junit.jupiter.api.Test;

/**
 * A value set that includes a code system by filter (R4 {@code doc-typecodes}: LOINC where {@code
 * SCALE_TYP = DOC}) made HAPI's in-memory expansion throw when LOINC is not loaded; the validator
 * then reported the Java exception's text. The chain now answers it as an unknown code system.
 */
class TerminologyDefectsTest {

  @Test
  void loincTranslationOfADocumentTypeInATransactionIsAnUnknownCodeSystemNotAnInternalError() {
    Composition composition = Fixtures.example("gw-example-dischargesummary");
    composition
        .getType()
        .addCoding()
        .setSystem("http://loinc.org")
        .setCode("18842-5")
        .setDisplay("Discharge summary");

    composition.setId((String) null);
    composition
        .getMeta()
        .addProfile(Fixtures.PROFILES.defaultProfileByResourceType().get("Composition"));
    Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    bundle
        .addEntry()
        .setFullUrl("urn:uuid:6f0a7d52-1d4b-4c3e-9a57-3f6f1b0c2d11")
        .setResource(composition)
        .getRequest()
        .setMethod(Bundle.HTTPVerb.POST)
        .setUrl("Composition");

    // Twice: the second answer comes from the validation chain's cache.
    for (int round = 0; round < 2; round++) {
      List<SingleValidationMessage> messages =
          Fixtures.VALIDATOR.validateWithResult(bundle).getMessages();
      List<SingleValidationMessage> onType =
          messages.stream()
              .filter(
                  m ->
                      m.getLocationString() != null
                          && m.getLocationString()
                              .replaceAll("/\\*.*?\\*/", "")
                              .equals("Bundle.entry[0].resource.type"))
              .toList();

      assertThat(onType)
          .as(Fixtures.describe(messages))
          .noneMatch(m -> m.getMessage().contains("Cannot invoke"))
          .noneMatch(m -> m.getMessage().contains("Exception"))
          .anyMatch(
              m ->
                  m.getSeverity() == ResultSeverityEnum.WARNING
                      && m.getMessage().contains("http://loinc.org"));
      assertThat(Fixtures.errors(bundle)).as(Fixtures.describe(messages)).isEmpty();
    }
  }
}
