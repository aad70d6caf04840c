package no.helsegateway.server.terminology.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.ConceptValidationOptions;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.LookupCodeRequest;
import ca.uhn.fhir.context.support.TranslateConceptResult;
import ca.uhn.fhir.context.support.TranslateConceptResults;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.helsegateway.terminology.CodeSystems;
import no.helsegateway.terminology.CodeValidation;
import no.helsegateway.terminology.Concept;
import no.helsegateway.terminology.ConceptTranslator;
import no.helsegateway.terminology.Translation;
import no.helsegateway.terminology.TranslationOutcome;
import no.helsegateway.terminology.TranslationRequest;
import org.hl7.fhir.instance.model.api.IBaseCoding;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * {@code ConceptMap/$translate}, {@code CodeSystem/$lookup}, {@code CodeSystem/$validate-code} and
 * {@code ValueSet/$validate-code} (FHIR R4) answered from the gateway's {@link ConceptTranslator}
 * for ICD-10, ICPC-2 and SNOMED CT, and from HAPI's JPA terminology (stored CodeSystems, ValueSets,
 * ConceptMaps) for everything else, so that the JPA operations these replace keep working for
 * stored resources.
 */
public final class TerminologyOperationProvider {

  /** Extension on a {@code match} part with the map row behind it. */
  public static final String MAP_ROW_EXTENSION =
      "http://helsegateway.no/fhir/StructureDefinition/map-row";

  private final FhirContext fhirContext;
  private final ConceptTranslator translator;
  private final Map<String, String> versions;
  private final IValidationSupport jpa;

  public TerminologyOperationProvider(
      FhirContext fhirContext,
      ConceptTranslator translator,
      Map<String, String> versions,
      IValidationSupport jpa) {
    this.fhirContext = fhirContext;
    this.translator = translator;
    this.versions = Map.copyOf(versions);
    this.jpa = jpa;
  }

  @Operation(name = "$translate", type = ConceptMap.class, idempotent = true)
  public Parameters translate(
      @OperationParam(name = "url") UriType url,
      @OperationParam(name = "conceptMapVersion") StringType conceptMapVersion,
      @OperationParam(name = "code") CodeType code,
      @OperationParam(name = "system") UriType system,
      @OperationParam(name = "version") StringType version,
      @OperationParam(name = "source") UriType source,
      @OperationParam(name = "coding") Coding coding,
      @OperationParam(name = "codeableConcept") CodeableConcept codeableConcept,
      @OperationParam(name = "target") UriType target,
      @OperationParam(name = "targetsystem") UriType targetSystem,
      @OperationParam(name = "reverse") BooleanType reverse) {
    if (reverse != null && reverse.booleanValue()) {
      throw new InvalidRequestException(
          "reverse is not supported: ask with system and targetsystem swapped");
    }
    List<Coding> sources = sourceCodings(code, system, coding, codeableConcept);
    String targetSys =
        str(targetSystem) != null
            ? str(targetSystem)
            : KnownCodeSystems.implicitValueSetSystem(str(target));
    String mapUrl = str(url);
    Parameters out = new Parameters();
    List<String> messages = new ArrayList<>();
    boolean any = false;
    for (Coding c : sources) {
      if (KnownCodeSystems.supported(c.getSystem())) {
        any |= translateOurs(c, targetSys, mapUrl, out, messages);
      } else {
        any |= translateJpa(c, targetSys, mapUrl, str(conceptMapVersion), str(target), out);
      }
    }
    Parameters result = new Parameters();
    result.addParameter("result", any);
    if (!any) {
      Coding first = sources.get(0);
      messages.add(
          "No mapping found for code '"
              + first.getCode()
              + "', system '"
              + first.getSystem()
              + "'.");
    }
    if (!messages.isEmpty()) {
      result.addParameter("message", String.join(" ", new LinkedHashSet<>(messages)));
    }
    result.getParameter().addAll(out.getParameter());
    return result;
  }

  private boolean translateOurs(
      Coding source, String targetSys, String mapUrl, Parameters out, List<String> messages) {
    List<String> targets =
        targetSys != null
            ? List.of(targetSys)
            : KnownCodeSystems.defaultTargets(source.getSystem());
    boolean any = false;
    for (String t : targets) {
      TranslationOutcome outcome =
          translator.translateWithDetails(
              new TranslationRequest(source.getSystem(), source.getCode(), t, null));
      messages.addAll(outcome.notes());
      for (Translation tr : outcome.translations()) {
        if (mapUrl != null && !mapUrl.equals(tr.mapId())) {
          continue;
        }
        any = true;
        Parameters.ParametersParameterComponent match = out.addParameter().setName("match");
        match.addPart().setName("equivalence").setValue(new CodeType(tr.equivalence()));
        match
            .addPart()
            .setName("concept")
            .setValue(new Coding(tr.target().system(), tr.target().code(), tr.target().display()));
        match
            .addPart()
            .setName("source")
            .setValue(
                new UriType(
                    tr.mapVersion() == null ? tr.mapId() : tr.mapId() + "|" + tr.mapVersion()));
        match.addExtension(mapRowExtension(tr));
        if (tr.mapAdvice() != null && !tr.mapAdvice().isBlank()) {
          messages.add("Map advice: " + tr.mapAdvice() + ".");
        }
      }
    }
    return any;
  }

  static Extension mapRowExtension(Translation tr) {
    Extension ext = new Extension(MAP_ROW_EXTENSION);
    if (tr.mapGroup() != null) {
      ext.addExtension("group", new IntegerType(tr.mapGroup()));
    }
    if (tr.mapPriority() != null) {
      ext.addExtension("priority", new IntegerType(tr.mapPriority()));
    }
    if (tr.mapRule() != null) {
      ext.addExtension("rule", new StringType(tr.mapRule()));
    }
    if (tr.mapAdvice() != null && !tr.mapAdvice().isBlank()) {
      ext.addExtension("advice", new StringType(tr.mapAdvice()));
    }
    if (tr.mapCategoryId() != null) {
      ext.addExtension("category", new Coding(CodeSystems.SNOMED_CT, tr.mapCategoryId(), null));
    }
    ext.addExtension("authoritative", new BooleanType(tr.authoritative()));
    ext.addExtension("contextDependent", new BooleanType(tr.contextDependent()));
    return ext;
  }

  private boolean translateJpa(
      Coding source,
      String targetSys,
      String mapUrl,
      String mapVersion,
      String targetVs,
      Parameters out) {
    TranslateConceptResults results =
        jpa.translateConcept(
            new IValidationSupport.TranslateCodeRequest(
                List.<IBaseCoding>of(source),
                targetSys,
                mapUrl,
                mapVersion,
                null,
                targetVs,
                null,
                false));
    if (results == null || results.getResults().isEmpty()) {
      return false;
    }
    for (TranslateConceptResult r : results.getResults()) {
      Parameters.ParametersParameterComponent match = out.addParameter().setName("match");
      if (r.getEquivalence() != null) {
        match.addPart().setName("equivalence").setValue(new CodeType(r.getEquivalence()));
      }
      match
          .addPart()
          .setName("concept")
          .setValue(new Coding(r.getSystem(), r.getCode(), r.getDisplay()));
      if (r.getConceptMapUrl() != null) {
        match.addPart().setName("source").setValue(new UriType(r.getConceptMapUrl()));
      }
    }
    return true;
  }

  @Operation(name = "$lookup", type = CodeSystem.class, idempotent = true)
  public Parameters lookup(
      @OperationParam(name = "code") CodeType code,
      @OperationParam(name = "system") UriType system,
      @OperationParam(name = "version") StringType version,
      @OperationParam(name = "coding") Coding coding,
      @OperationParam(name = "date") StringType date,
      @OperationParam(name = "displayLanguage") CodeType displayLanguage,
      @OperationParam(name = "property", max = OperationParam.MAX_UNLIMITED)
          List<CodeType> properties) {
    Coding c = single(code, system, coding);
    if (KnownCodeSystems.supported(c.getSystem())) {
      Optional<Concept> found = translator.lookup(c.getSystem(), c.getCode());
      if (found.isEmpty()) {
        throw notFound(c);
      }
      Parameters result = new Parameters();
      result.addParameter("name", KnownCodeSystems.name(c.getSystem()));
      String v = KnownCodeSystems.version(versions, c.getSystem());
      if (v != null) {
        result.addParameter("version", v);
      }
      if (found.get().display() != null) {
        result.addParameter("display", found.get().display());
      }
      result.addParameter().setName("code").setValue(new CodeType(found.get().code()));
      result.addParameter().setName("system").setValue(new UriType(found.get().system()));
      result.addParameter("abstract", false);
      return result;
    }
    IValidationSupport.LookupCodeResult r =
        jpa.lookupCode(
            new ValidationSupportContext(jpa),
            new LookupCodeRequest(c.getSystem(), c.getCode(), str(displayLanguage), null));
    if (r == null || !r.isFound()) {
      throw notFound(c);
    }
    return (Parameters) r.toParameters(fhirContext, properties);
  }

  private static ResourceNotFoundException notFound(Coding c) {
    return new ResourceNotFoundException(
        "Unable to find code '" + c.getCode() + "' in code system '" + c.getSystem() + "'");
  }

  @Operation(name = "$validate-code", type = CodeSystem.class, idempotent = true)
  public Parameters validateCodeInCodeSystem(
      @OperationParam(name = "url") UriType url,
      @OperationParam(name = "version") StringType version,
      @OperationParam(name = "code") CodeType code,
      @OperationParam(name = "display") StringType display,
      @OperationParam(name = "coding") Coding coding,
      @OperationParam(name = "codeableConcept") CodeableConcept codeableConcept) {
    Coding c = firstCoding(code, url, coding, codeableConcept);
    return validate(c, str(display), null);
  }

  @Operation(name = "$validate-code", type = ValueSet.class, idempotent = true)
  public Parameters validateCodeInValueSet(
      @OperationParam(name = "url") UriType url,
      @OperationParam(name = "valueSetVersion") StringType valueSetVersion,
      @OperationParam(name = "code") CodeType code,
      @OperationParam(name = "system") UriType system,
      @OperationParam(name = "systemVersion") StringType systemVersion,
      @OperationParam(name = "display") StringType display,
      @OperationParam(name = "coding") Coding coding,
      @OperationParam(name = "codeableConcept") CodeableConcept codeableConcept) {
    Coding c = firstCoding(code, system, coding, codeableConcept);
    return validate(c, str(display), str(url));
  }

  private Parameters validate(Coding c, String display, String valueSetUrl) {
    String displayToCheck = display != null ? display : c.getDisplay();
    Parameters result = new Parameters();
    String implicit = KnownCodeSystems.implicitValueSetSystem(valueSetUrl);
    boolean ours =
        KnownCodeSystems.supported(c.getSystem())
            && (valueSetUrl == null || CodeSystems.canonical(c.getSystem()).equals(implicit));
    if (ours) {
      CodeValidation v = translator.validateCode(c.getSystem(), c.getCode(), displayToCheck);
      result.addParameter("result", v.valid());
      if (v.message() != null) {
        result.addParameter("message", v.message());
      }
      if (v.display() != null) {
        result.addParameter("display", v.display());
      }
      return result;
    }
    if (valueSetUrl == null
        && !jpa.isCodeSystemSupported(new ValidationSupportContext(jpa), c.getSystem())) {
      result.addParameter("result", false);
      result.addParameter("message", "Code system not supported: " + c.getSystem());
      return result;
    }
    IValidationSupport.CodeValidationResult r =
        jpa.validateCode(
            new ValidationSupportContext(jpa),
            new ConceptValidationOptions().setInferSystem(c.getSystem() == null),
            c.getSystem(),
            c.getCode(),
            displayToCheck,
            valueSetUrl);
    if (r == null) {
      result.addParameter("result", false);
      result.addParameter(
          "message",
          "Unable to validate code '" + c.getCode() + "' in system '" + c.getSystem() + "'");
      return result;
    }
    result.addParameter("result", r.isOk());
    if (r.getMessage() != null) {
      result.addParameter("message", r.getMessage());
    }
    if (r.getDisplay() != null) {
      result.addParameter("display", r.getDisplay());
    }
    return result;
  }

  private static List<Coding> sourceCodings(
      CodeType code, UriType system, Coding coding, CodeableConcept codeableConcept) {
    List<Coding> sources = new ArrayList<>();
    if (str(code) != null) {
      if (str(system) == null) {
        throw new InvalidRequestException("system is required with code");
      }
      sources.add(new Coding(str(system), str(code), null));
    }
    if (coding != null && coding.hasCode()) {
      sources.add(requireSystem(coding));
    }
    if (codeableConcept != null) {
      codeableConcept.getCoding().stream()
          .filter(Coding::hasCode)
          .forEach(c -> sources.add(requireSystem(c)));
    }
    if (sources.isEmpty()) {
      throw new InvalidRequestException(
          "One of code and system, coding or codeableConcept is required");
    }
    return sources;
  }

  private static Coding single(CodeType code, UriType system, Coding coding) {
    if (str(code) != null) {
      if (str(system) == null) {
        throw new InvalidRequestException("system is required with code");
      }
      return new Coding(str(system), str(code), null);
    }
    if (coding != null && coding.hasCode()) {
      return requireSystem(coding);
    }
    throw new InvalidRequestException("code and system, or coding, are required");
  }

  private static Coding firstCoding(
      CodeType code, UriType system, Coding coding, CodeableConcept codeableConcept) {
    if (str(code) == null && (coding == null || !coding.hasCode()) && codeableConcept != null) {
      for (Coding c : codeableConcept.getCoding()) {
        if (c.hasCode()) {
          return requireSystem(c);
        }
      }
    }
    return single(code, system, coding);
  }

  private static Coding requireSystem(Coding c) {
    if (!c.hasSystem()) {
      throw new InvalidRequestException("A coding must have a system");
    }
    return c;
  }

  private static String str(org.hl7.fhir.r4.model.PrimitiveType<?> p) {
    if (p == null || p.isEmpty()) {
      return null;
    }
    String v = p.getValueAsString();
    return v == null || v.isBlank() ? null : v.trim();
  }
}
