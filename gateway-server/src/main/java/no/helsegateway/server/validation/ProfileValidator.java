package no.helsegateway.server.validation;

import ca.uhn.fhir.util.FhirTerser;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.helsegateway.profiles.GatewayProfiles;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * Validates a resource against every profile it declares in {@code meta.profile} and the gateway's
 * default profile for its type, with the Norwegian identifier checks. A transaction or batch Bundle
 * is validated in one pass: each entry is checked against its own type's default profile as if it
 * declared it, which costs one validator call instead of one per entry. Thread-safe.
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

  private static final Pattern ENTRY = Pattern.compile("^Bundle\\.entry\\[(\\d+)]");
  private static final Pattern LOCATION_COMMENT = Pattern.compile("/\\*.*?\\*/");

  private final FhirValidator validator;
  private final Map<String, String> defaultProfiles;
  private final ProfileWarmUp warmUp;
  private final FhirTerser terser;

  /** A validator that does not wait for a warm-up (none runs). */
  public ProfileValidator(GatewayProfiles profiles) {
    this(profiles, ProfileWarmUp.none());
  }

  /**
   * A validator whose every call first waits for {@code warmUp} to finish: a write that arrives
   * while the warm-up runs in the background is validated after it, never skipped.
   */
  public ProfileValidator(GatewayProfiles profiles, ProfileWarmUp warmUp) {
    this.validator = profiles.newValidator();
    this.defaultProfiles = profiles.defaultProfileByResourceType();
    this.warmUp = warmUp;
    this.terser = profiles.fhirContext().newTerser();
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
    warmUp.await();
    ValidationOptions options = new ValidationOptions();
    String defaultProfile = defaultProfiles.get(resource.fhirType());
    if (defaultProfile != null) {
      options.addProfile(defaultProfile);
    }
    return clean(validator.validateWithResult(resource, options).getMessages());
  }

  /**
   * Validates a transaction or batch Bundle and its entries in one pass. Entries whose type {@code
   * profiled} accepts are checked against their default profile too; locations are {@code
   * Bundle.entry[i].resource...}.
   */
  public List<SingleValidationMessage> validateEntries(Bundle bundle, Predicate<String> profiled) {
    warmUp.await();
    Bundle copy = bundle.copy();
    shrinkAttachmentData(copy);
    for (Bundle.BundleEntryComponent entry : copy.getEntry()) {
      Resource resource = entry.getResource();
      if (resource == null || !profiled.test(resource.fhirType())) {
        continue;
      }
      String profile = defaultProfiles.get(resource.fhirType());
      if (profile != null && !resource.getMeta().hasProfile(profile)) {
        resource.getMeta().addProfile(profile);
      }
    }
    return clean(validator.validateWithResult(copy).getMessages());
  }

  /**
   * Replaces the data of every attachment in the copy that declares neither {@code size} nor {@code
   * hash} by one byte. The model holds attachment data as bytes, so its base64 form is valid by
   * construction, and with neither size nor hash to compare, no rule of the core validator or of
   * the gateway's profiles (none sets {@code maxLength} or a maximum size on {@code
   * Attachment.data}) depends on the bytes. The validator would otherwise encode, parse, scan
   * character by character and decode the whole attached original of every e-message.
   */
  void shrinkAttachmentData(Bundle copy) {
    for (Bundle.BundleEntryComponent entry : copy.getEntry()) {
      Resource resource = entry.getResource();
      if (resource == null) {
        continue;
      }
      for (Attachment a : terser.getAllPopulatedChildElementsOfType(resource, Attachment.class)) {
        if (a.hasData() && a.getData().length > 1 && !a.hasSize() && !a.hasHash()) {
          a.setData(new byte[] {'x'});
        }
      }
    }
  }

  /** The entry index a message is about, or -1 when it is about the Bundle itself. */
  public static int entryIndex(SingleValidationMessage m) {
    String location = m.getLocationString();
    if (location == null) {
      return -1;
    }
    Matcher matcher = ENTRY.matcher(location);
    return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
  }

  public static boolean isError(SingleValidationMessage m) {
    return m.getSeverity() == ResultSeverityEnum.ERROR
        || m.getSeverity() == ResultSeverityEnum.FATAL;
  }

  /** Drops the validator's comments from locations ({@code resource/*Patient/null*\/.name}). */
  private static List<SingleValidationMessage> clean(List<SingleValidationMessage> messages) {
    for (SingleValidationMessage m : messages) {
      if (m.getLocationString() != null && m.getLocationString().contains("/*")) {
        m.setLocationString(LOCATION_COMMENT.matcher(m.getLocationString()).replaceAll(""));
      }
    }
    return messages;
  }
}
