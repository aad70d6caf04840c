package no.helsegateway.mappings.openehr.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.hl7.fhir.r4.model.Resource;

/**
 * {@code mapping-registry.csv}: resource type (and optionally profile) to builder id and template
 * id. Builders are found by their id through {@link ServiceLoader}, so adding a mapping is a data
 * row plus, at most, one class.
 */
public final class MappingRegistry {

  /** One registry row with its builder resolved. */
  public record Entry(
      String resourceType, String profile, CompositionBuilder builder, String templateId) {}

  private final List<Entry> entries = new ArrayList<>();

  public MappingRegistry(Templates templates) {
    Map<String, CompositionBuilder> builders = new HashMap<>();
    for (CompositionBuilder builder :
        ServiceLoader.load(CompositionBuilder.class, MappingRegistry.class.getClassLoader())) {
      builders.put(builder.id(), builder);
    }
    for (String[] row : Csv.read("mapping-registry.csv", 4)) {
      CompositionBuilder builder = builders.get(row[2]);
      if (builder == null) {
        throw new IllegalStateException("mapping-registry.csv: no builder with id " + row[2]);
      }
      if (!templates.contains(row[3])) {
        throw new IllegalStateException("mapping-registry.csv: no template " + row[3]);
      }
      entries.add(new Entry(row[0], row[1], builder, row[3]));
    }
  }

  public List<Entry> entries() {
    return List.copyOf(entries);
  }

  /**
   * The entry for a resource: a row naming one of its profiles first, else the row with profile
   * '*'.
   */
  public Optional<Entry> find(Resource resource) {
    String type = resource.fhirType();
    Entry wildcard = null;
    for (Entry entry : entries) {
      if (!entry.resourceType().equals(type)) {
        continue;
      }
      if ("*".equals(entry.profile())) {
        wildcard = wildcard == null ? entry : wildcard;
      } else if (resource.getMeta().hasProfile(entry.profile())) {
        return Optional.of(entry);
      }
    }
    return Optional.ofNullable(wildcard);
  }

  public boolean handles(String resourceType) {
    return entries.stream().anyMatch(e -> e.resourceType().equals(resourceType));
  }
}
