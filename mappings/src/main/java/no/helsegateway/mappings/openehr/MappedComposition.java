package no.helsegateway.mappings.openehr;

import com.nedap.archie.rm.composition.Composition;
import org.ehrbase.openehr.sdk.serialisation.jsonencoding.CanonicalJson;

/**
 * A FHIR resource turned into an openEHR composition that validated against its template.
 *
 * @param templateId the operational template the composition conforms to
 * @param builderId the registry's builder id that produced it
 * @param composition the canonical RM object (Archie)
 */
public record MappedComposition(String templateId, String builderId, Composition composition) {

  /** The composition in openEHR canonical JSON, as EHRbase accepts it without a {@code format}. */
  public String canonicalJson() {
    return new CanonicalJson().marshal(composition);
  }
}
