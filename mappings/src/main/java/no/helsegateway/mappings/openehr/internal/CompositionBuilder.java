package no.helsegateway.mappings.openehr.internal;

import java.util.Optional;
import org.hl7.fhir.r4.model.Resource;

/**
 * Turns one FHIR resource into FLAT (simSDT) paths of one template. Implementations are listed in
 * {@code META-INF/services} and chosen through {@code mapping-registry.csv}; they hold no state.
 */
public interface CompositionBuilder {

  /** The id used in {@code mapping-registry.csv}. */
  String id();

  /**
   * Fills {@code flat} with the paths of the resource's content; returns empty when the resource
   * has nothing this template can hold (for example an Observation that is no vital sign), in which
   * case nothing is mirrored.
   */
  Optional<FlatComposition> build(Resource resource, FlatComposition flat);
}
