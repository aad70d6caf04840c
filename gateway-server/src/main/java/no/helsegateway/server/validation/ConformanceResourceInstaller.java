package no.helsegateway.server.validation;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import no.helsegateway.profiles.GatewayProfiles;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * Makes the gateway's profiles, ValueSets, CodeSystems and NamingSystems readable on the server:
 * stored at start-up under their own ids, as an update, so a restart with the same profiles adds no
 * new versions and a restart with changed profiles adds exactly one.
 */
public class ConformanceResourceInstaller {

  private static final Logger log = LoggerFactory.getLogger(ConformanceResourceInstaller.class);

  private final GatewayProfiles profiles;
  private final DaoRegistry daoRegistry;

  public ConformanceResourceInstaller(GatewayProfiles profiles, DaoRegistry daoRegistry) {
    this.profiles = profiles;
    this.daoRegistry = daoRegistry;
  }

  @EventListener(ApplicationReadyEvent.class)
  public void install() {
    Map<String, Integer> counts = new HashMap<>();
    for (IBaseResource resource : profiles.conformanceResources()) {
      store(resource);
      counts.merge(resource.fhirType(), 1, Integer::sum);
    }
    log.info("Conformance resources stored: {}", counts);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void store(IBaseResource resource) {
    IFhirResourceDao dao = daoRegistry.getResourceDao(resource.fhirType());
    IBaseResource copy = resource;
    if (resource.getIdElement().getIdPart() == null) {
      throw new IllegalStateException("A shipped conformance resource has no id");
    }
    copy.setId(resource.fhirType() + "/" + resource.getIdElement().getIdPart());
    dao.update(copy, new SystemRequestDetails());
  }

  /** The gateway's profile canonicals by the resource type they constrain. */
  public static Map<String, List<String>> profilesByType(GatewayProfiles profiles) {
    Map<String, List<String>> byType = new HashMap<>();
    for (IBaseResource r : profiles.conformanceResources()) {
      if (r instanceof StructureDefinition sd
          && sd.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE
          && sd.getDerivation() == StructureDefinition.TypeDerivationRule.CONSTRAINT) {
        byType.computeIfAbsent(sd.getType(), t -> new java.util.ArrayList<>()).add(sd.getUrl());
      }
    }
    return byType;
  }
}
