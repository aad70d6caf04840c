package no.helsegateway.server.validation;

import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.helsegateway.profiles.GatewayProfiles;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Validates one resource against every profile it declares in {@code meta.profile} and the
 * gateway's default profile for its type, with the Norwegian identifier checks. Thread-safe.
 */
public class ProfileValidator {

  /** Types that describe the server itself; they are checked by their own rules, not profiles. */
  static final Set<String> INFRASTRUCTURE_TYPES =
      Set.of(
          "StructureDefinition",
          "ValueSet",
          "CodeSystem",
          "NamingSystem",
          "ConceptMap",
          "SearchParameter",
          "Subscription",
          "OperationDefinition",
          "ImplementationGuide",
          "AuditEvent");

  private final FhirValidator validator;
  private final Map<String, String> defaultProfiles;

  public ProfileValidator(GatewayProfiles profiles) {
    this.validator = profiles.newValidator();
    this.defaultProfiles = profiles.defaultProfileByResourceType();
  }

  /** Whether a resource of this type, with or without declared profiles, is validated at all. */
  public boolean applies(IBaseResource resource) {
    String type = resource.fhirType();
    if (INFRASTRUCTURE_TYPES.contains(type)) {
      return false;
    }
    return defaultProfiles.containsKey(type) || !resource.getMeta().getProfile().isEmpty();
  }

  public String defaultProfile(String resourceType) {
    return defaultProfiles.get(resourceType);
  }

  /** The validator's messages for this resource (declared profiles plus the default one). */
  public List<SingleValidationMessage> validate(IBaseResource resource) {
    ValidationOptions options = new ValidationOptions();
    String defaultProfile = defaultProfiles.get(resource.fhirType());
    if (defaultProfile != null) {
      options.addProfile(defaultProfile);
    }
    ValidationResult result = validator.validateWithResult(resource, options);
    return result.getMessages();
  }

  public static boolean isError(SingleValidationMessage m) {
    return m.getSeverity() == ResultSeverityEnum.ERROR
        || m.getSeverity() == ResultSeverityEnum.FATAL;
  }
}
