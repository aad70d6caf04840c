package no.helsegateway.server.terminology.internal;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.security.Principal;
import java.time.Clock;
import java.util.List;
import no.helsegateway.terminology.UnmappedCode;
import no.helsegateway.terminology.UnmappedCodeRecorder;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enriches {@code Condition.code}, {@code Observation.code} and {@code AllergyIntolerance.code}
 * before a create or update is stored (JPA pointcuts, so REST and in-process writes alike), and
 * records codes that no map has. The sender is the resource's {@code meta.source} (without the
 * request-id suffix), else the authenticated client of the request, else {@code unknown}.
 */
@Interceptor
public final class CodingEnrichmentInterceptor {

  private static final Logger log = LoggerFactory.getLogger(CodingEnrichmentInterceptor.class);

  private final CodingEnricher enricher;
  private final UnmappedCodeRecorder recorder;
  private final Clock clock;

  public CodingEnrichmentInterceptor(CodingEnricher enricher, UnmappedCodeRecorder recorder) {
    this(enricher, recorder, Clock.systemUTC());
  }

  CodingEnrichmentInterceptor(CodingEnricher enricher, UnmappedCodeRecorder recorder, Clock clock) {
    this.enricher = enricher;
    this.recorder = recorder;
    this.clock = clock;
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
  public void created(IBaseResource resource, RequestDetails request) {
    enrich(resource, request);
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
    enrich(resource, request);
  }

  void enrich(IBaseResource resource, RequestDetails request) {
    CodeableConcept code = codeOf(resource);
    if (code == null) {
      return;
    }
    List<CodingEnricher.Unmapped> unmapped = enricher.enrich(code);
    if (unmapped.isEmpty()) {
      return;
    }
    String sender = sender((Resource) resource, request);
    for (CodingEnricher.Unmapped u : unmapped) {
      try {
        recorder.record(new UnmappedCode(u.system(), u.code(), sender, clock.instant()));
      } catch (RuntimeException e) {
        // The report must never stop a write; the cause type only, no content.
        log.warn("Could not record an unmapped code: {}", e.getClass().getSimpleName());
      }
    }
  }

  static CodeableConcept codeOf(IBaseResource resource) {
    if (resource instanceof Condition c) {
      return c.hasCode() ? c.getCode() : null;
    }
    if (resource instanceof Observation o) {
      return o.hasCode() ? o.getCode() : null;
    }
    if (resource instanceof AllergyIntolerance a) {
      return a.hasCode() ? a.getCode() : null;
    }
    return null;
  }

  static String sender(Resource resource, RequestDetails request) {
    String source = resource.getMeta().getSource();
    if (source != null && !source.isBlank()) {
      int hash = source.indexOf('#');
      String s = hash >= 0 ? source.substring(0, hash) : source;
      if (!s.isBlank()) {
        return s.trim();
      }
    }
    if (request instanceof ServletRequestDetails servlet && servlet.getServletRequest() != null) {
      Principal principal = servlet.getServletRequest().getUserPrincipal();
      if (principal != null && principal.getName() != null && !principal.getName().isBlank()) {
        return principal.getName();
      }
    }
    return "unknown";
  }
}
