package no.helsegateway.mappings.openehr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nedap.archie.rm.composition.Composition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.helsegateway.mappings.openehr.internal.FlatComposition;
import no.helsegateway.mappings.openehr.internal.MappingRegistry;
import no.helsegateway.mappings.openehr.internal.Templates;
import org.ehrbase.openehr.sdk.validation.CompositionValidator;
import org.ehrbase.openehr.sdk.validation.ConstraintViolation;
import org.hl7.fhir.r4.model.Resource;

/**
 * FHIR R4 resources to openEHR compositions. Which resource goes to which builder and template is
 * data ({@code mapping-registry.csv}); each builder writes FLAT paths, the SDK turns them into a
 * canonical RM composition, and every composition is validated against its operational template
 * before it is returned.
 *
 * <p>Thread-safe; create one and share it (template parsing happens once per template, on first
 * use).
 */
public final class OpenEhrMapper {

  /** The composer of every composition: the gateway itself, as the system that copied the data. */
  public static final String COMPOSER = "Helse gateway";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Templates templates;
  private final MappingRegistry registry;

  public OpenEhrMapper() {
    this.templates = new Templates();
    this.registry = new MappingRegistry(templates);
  }

  /** Whether resources of this type can be mirrored at all (cheap; no parsing). */
  public boolean handles(String resourceType) {
    return registry.handles(resourceType);
  }

  /** The templates to upload to the CDR, in registry order. */
  public List<TemplateSource> templates() {
    return templates.sources();
  }

  /**
   * Maps one resource.
   *
   * @return empty when the resource has no registry row or nothing the template can hold (nothing
   *     to mirror)
   * @throws OpenEhrMappingException when the composition would not be valid (permanent)
   */
  public Optional<MappedComposition> map(Resource resource) {
    Optional<MappingRegistry.Entry> entry = registry.find(resource);
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    String templateId = entry.get().templateId();
    String root = templates.webTemplate(templateId).getTree().getId();
    Optional<FlatComposition> built =
        entry.get().builder().build(resource, new FlatComposition(root));
    if (built.isEmpty()) {
      return Optional.empty();
    }
    FlatComposition flat = built.get();
    String startTime =
        flat.startTime()
            .or(
                () ->
                    resource.getMeta().hasLastUpdated()
                        ? Optional.of(resource.getMeta().getLastUpdatedElement().getValueAsString())
                        : Optional.empty())
            .orElseThrow(
                () ->
                    new OpenEhrMappingException(
                        resource.fhirType() + " has no clinical time", List.of()));
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("ctx/language", "en");
    values.put("ctx/territory", "NO");
    values.put("ctx/composer_name", COMPOSER);
    values.put("ctx/time", startTime);
    values.put(root + "/context/setting|code", "238");
    values.put(root + "/context/setting|value", "other care");
    values.put(root + "/context/setting|terminology", "openehr");
    values.putAll(flat.values());
    Composition composition;
    try {
      composition = templates.flat(templateId).unmarshal(JSON.writeValueAsString(values));
    } catch (JsonProcessingException | RuntimeException e) {
      throw new OpenEhrMappingException(
          "Cannot build a " + templateId + " composition from " + resource.fhirType(), e);
    }
    List<ConstraintViolation> violations =
        new CompositionValidator().validate(composition, templates.webTemplate(templateId));
    if (!violations.isEmpty()) {
      throw new OpenEhrMappingException(
          resource.fhirType() + " gives an invalid " + templateId + " composition",
          violations.stream().map(v -> v.getAqlPath() + ": " + v.getMessage()).toList());
    }
    return Optional.of(new MappedComposition(templateId, entry.get().builder().id(), composition));
  }
}
