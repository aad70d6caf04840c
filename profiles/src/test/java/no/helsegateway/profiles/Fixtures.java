package no.helsegateway.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;

/** Shared, loaded-once profiles and helpers for tests. */
final class Fixtures {

  static final FhirContext CTX = FhirContext.forR4Cached();
  static final GatewayProfiles PROFILES = GatewayProfiles.load(CTX);
  static final FhirValidator VALIDATOR = PROFILES.newValidator();

  private Fixtures() {}

  /** A deep copy of the shipped example with this id. */
  static <T extends Resource> T example(String id) {
    for (IBaseResource r : PROFILES.examples()) {
      if (r.getIdElement().getIdPart().equals(id)) {
        @SuppressWarnings("unchecked")
        T copy = (T) ((Resource) r).copy();
        return copy;
      }
    }
    throw new IllegalArgumentException("No example " + id);
  }

  static List<SingleValidationMessage> errors(IBaseResource resource) {
    ValidationResult result = VALIDATOR.validateWithResult(resource);
    return result.getMessages().stream()
        .filter(
            m ->
                m.getSeverity() == ResultSeverityEnum.ERROR
                    || m.getSeverity() == ResultSeverityEnum.FATAL)
        .toList();
  }

  static String describe(List<SingleValidationMessage> messages) {
    StringBuilder sb = new StringBuilder();
    for (SingleValidationMessage m : messages) {
      sb.append('\n')
          .append(m.getSeverity())
          .append(' ')
          .append(m.getLocationString())
          .append(' ')
          .append(m.getMessage());
    }
    return sb.toString();
  }
}
