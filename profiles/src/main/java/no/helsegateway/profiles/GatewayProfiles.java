package no.helsegateway.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.FhirVersionEnum;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import no.helsegateway.profiles.internal.FhirPackages;
import no.helsegateway.profiles.internal.IdentifierValidatorModule;
import no.helsegateway.profiles.internal.ValidationChains;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;
import org.hl7.fhir.utilities.npm.NpmPackage;

/**
 * The gateway's Norwegian FHIR profiles, ready for validation: no-basis 2.2.0 (with snapshots) and
 * the gateway package {@code helsegateway.fhir.profiles} (our profiles with build-generated
 * snapshots, value sets, code systems, naming systems, examples, and the VKP measurement profiles).
 *
 * <p>Everything is read from the classpath; nothing is fetched over the network. Instances are
 * immutable and thread-safe; {@link #load(FhirContext)} returns one shared instance per context.
 */
public final class GatewayProfiles {

  private static final Map<FhirContext, GatewayProfiles> LOADED = new ConcurrentHashMap<>();

  private final FhirContext ctx;
  private final List<IBaseResource> conformance;
  private final List<IBaseResource> allConformance;
  private final List<IBaseResource> examples;
  private final List<IValidationSupport> front;
  private final IValidationSupport chain;
  private final FhirInstanceValidator instanceValidator;
  private final IdentifierValidatorModule identifierModule = new IdentifierValidatorModule();

  private GatewayProfiles(
      FhirContext ctx,
      List<IBaseResource> conformance,
      List<IBaseResource> allConformance,
      List<IBaseResource> examples,
      List<IValidationSupport> front) {
    this.ctx = ctx;
    this.conformance = conformance;
    this.allConformance = allConformance;
    this.examples = examples;
    this.front = List.copyOf(front);
    this.chain = ValidationChains.build(ctx, this.front, allConformance);
    this.instanceValidator = new FhirInstanceValidator(chain);
    instanceValidator.setAnyExtensionsAllowed(true);
    instanceValidator.setErrorForUnknownProfiles(true);
    // Best-practice recommendations (e.g. dom-6 "should have narrative") are advice, not
    // conformance: skipping them removes noise from every outcome and FHIRPath work per call.
    instanceValidator.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
    instanceValidator.setNoExtensibleWarnings(true);
  }

  /**
   * Loads the packages once per {@link FhirContext} (R4 only) and returns the shared instance.
   * Thread-safe.
   */
  public static GatewayProfiles load(FhirContext r4) {
    Objects.requireNonNull(r4, "r4");
    if (r4.getVersion().getVersion() != FhirVersionEnum.R4) {
      throw new IllegalArgumentException(
          "GatewayProfiles needs an R4 FhirContext, got " + r4.getVersion().getVersion());
    }
    return LOADED.computeIfAbsent(r4, GatewayProfiles::read);
  }

  private static GatewayProfiles read(FhirContext ctx) {
    NpmPackage noBasis = FhirPackages.open(FhirPackages.NO_BASIS);
    NpmPackage gateway = FhirPackages.open(FhirPackages.GATEWAY);
    List<IBaseResource> own = FhirPackages.conformanceResources(ctx, gateway);
    List<IBaseResource> all = new ArrayList<>(FhirPackages.conformanceResources(ctx, noBasis));
    all.addAll(own);
    return new GatewayProfiles(
        ctx,
        Collections.unmodifiableList(own),
        Collections.unmodifiableList(all),
        Collections.unmodifiableList(FhirPackages.examples(ctx, gateway)),
        List.of());
  }

  /**
   * A new instance whose validation chain asks {@code support} first (e.g. the terminology module's
   * ICD-10 / ICPC-2 / SNOMED CT support), then everything this instance holds. This instance is
   * unchanged. Call {@link #warmUp()} on the result before serving traffic.
   */
  public GatewayProfiles withAdditionalSupport(IValidationSupport support) {
    Objects.requireNonNull(support, "support");
    List<IValidationSupport> newFront = new ArrayList<>();
    newFront.add(support);
    newFront.addAll(front);
    return new GatewayProfiles(ctx, conformance, allConformance, examples, newFront);
  }

  /** The R4 context this instance was loaded for. */
  public FhirContext fhirContext() {
    return ctx;
  }

  /**
   * The local-only validation support chain: any additional supports, core R4 definitions, no-basis
   * and gateway packages, common code systems, in-memory terminology, snapshot generation and
   * caching.
   */
  public IValidationSupport validationSupport() {
    return chain;
  }

  /**
   * A new validator with the HL7 instance validator (against this chain) and the Norwegian
   * identifier checks. The validator is safe to share across threads; all validators from one
   * instance share the same (thread-safe) instance validator and its warm caches.
   */
  public FhirValidator newValidator() {
    FhirValidator validator = ctx.newValidator();
    validator.registerValidatorModule(instanceValidator);
    validator.registerValidatorModule(identifierModule);
    return validator;
  }

  /** Canonical URL of the default gateway profile for each resource type we profile. */
  public Map<String, String> defaultProfileByResourceType() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("Patient", ProfileUrls.PATIENT);
    map.put("Practitioner", ProfileUrls.PRACTITIONER);
    map.put("PractitionerRole", ProfileUrls.PRACTITIONER_ROLE);
    map.put("Organization", ProfileUrls.ORGANIZATION);
    map.put("Encounter", ProfileUrls.ENCOUNTER);
    map.put("Condition", ProfileUrls.CONDITION);
    map.put("Observation", ProfileUrls.OBSERVATION);
    map.put("MedicationStatement", ProfileUrls.MEDICATION_STATEMENT);
    map.put("MedicationDispense", ProfileUrls.MEDICATION_DISPENSE);
    map.put("ServiceRequest", ProfileUrls.SERVICE_REQUEST);
    map.put("Composition", ProfileUrls.COMPOSITION);
    map.put("DocumentReference", ProfileUrls.DOCUMENT_REFERENCE);
    map.put("Communication", ProfileUrls.COMMUNICATION);
    map.put("AllergyIntolerance", ProfileUrls.ALLERGY_INTOLERANCE);
    return Collections.unmodifiableMap(map);
  }

  /**
   * The gateway package's conformance resources (StructureDefinitions with snapshots, ValueSets,
   * CodeSystems, NamingSystems), for the server to serve. Does not include no-basis or core.
   */
  public List<IBaseResource> conformanceResources() {
    return conformance;
  }

  /** The synthetic example instances shipped in the gateway package (one or more per profile). */
  public List<IBaseResource> examples() {
    return examples;
  }

  /**
   * Validates every shipped example once so that snapshots, caches and the validator's worker
   * context are built before the first real request.
   *
   * @return the number of examples validated
   * @throws IllegalStateException if an example fails validation with errors
   */
  public int warmUp() {
    FhirValidator validator = newValidator();
    for (IBaseResource example : examples) {
      ValidationResult result = validator.validateWithResult(example);
      boolean errors =
          result.getMessages().stream()
              .anyMatch(
                  m ->
                      m.getSeverity() == ResultSeverityEnum.ERROR
                          || m.getSeverity() == ResultSeverityEnum.FATAL);
      if (errors) {
        throw new IllegalStateException(
            "Shipped example "
                + example.getIdElement().getIdPart()
                + " does not validate: "
                + result.getMessages().get(0).getLocationString()
                + " "
                + result.getMessages().get(0).getMessage());
      }
    }
    return examples.size();
  }
}
