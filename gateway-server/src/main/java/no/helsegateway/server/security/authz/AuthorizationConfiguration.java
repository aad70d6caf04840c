package no.helsegateway.server.security.authz;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import no.helsegateway.server.config.GatewaySecurityProperties;
import no.helsegateway.server.fhir.FhirServerCustomizer;
import no.helsegateway.server.security.PatientCompartment;
import no.helsegateway.server.security.authz.internal.AccessPolicy;
import no.helsegateway.server.security.authz.internal.BreakTheGlassFollowUp;
import no.helsegateway.server.security.authz.internal.CareRelationships;
import no.helsegateway.server.security.authz.internal.GatewayConsentService;
import no.helsegateway.server.security.authz.internal.HiddenTargets;
import no.helsegateway.server.security.authz.internal.OrganisationNumbers;
import no.helsegateway.server.security.authz.internal.ScopeInterceptor;
import no.helsegateway.server.security.authz.internal.Shields;
import no.helsegateway.server.security.authz.internal.Visibility;
import no.helsegateway.server.security.authz.internal.VisibleCounts;
import no.helsegateway.server.security.authz.internal.WriteGuard;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Authorisation (see {@code docs/security.md}): SMART scopes and search forms before a FHIR request
 * runs ({@link ScopeInterceptor}), patient-level access and shielding on every resource that leaves
 * the server (HAPI's {@link ConsentInterceptor} with the gateway's consent service), write checks
 * and care-relationship recording at storage ({@link WriteGuard}, on the JPA interceptor service),
 * break-the-glass follow-up, and the e-message sender check. Requests without a principal (internal
 * pipelines, security off) are trusted and pass untouched.
 */
@Configuration(proxyBeanMethods = false)
public class AuthorizationConfiguration {

  /** fnr, dnr and H-number systems: how a token's {@code pid} or an attestation names a patient. */
  public static final List<String> NATIONAL_ID_SYSTEMS =
      List.of(
          "urn:oid:2.16.578.1.12.4.1.4.1",
          "urn:oid:2.16.578.1.12.4.1.4.2",
          "urn:oid:2.16.578.1.12.4.1.4.3");

  @Bean
  public CareRelationships careRelationships(DataSource dataSource) {
    return new CareRelationships(new JdbcTemplate(dataSource), Clock.systemUTC());
  }

  @Bean
  public CareRelationshipRecorder careRelationshipRecorder(CareRelationships relationships) {
    return relationships::record;
  }

  @Bean
  @SuppressWarnings("unchecked")
  public Shields shields(DaoRegistry daos) {
    return Shields.fromStore(
        (IFhirResourceDao<Consent>) daos.getResourceDao("Consent"), Clock.systemUTC());
  }

  @Bean
  public BreakTheGlassFollowUp breakTheGlassFollowUp(DataSource dataSource, MeterRegistry meters) {
    return new BreakTheGlassFollowUp(new JdbcTemplate(dataSource), meters, Clock.systemUTC());
  }

  @Bean
  @SuppressWarnings("unchecked")
  public AccessPolicy accessPolicy(
      DaoRegistry daos, CareRelationships relationships, GatewaySecurityProperties security) {
    IFhirResourceDao<Patient> patients = (IFhirResourceDao<Patient>) daos.getResourceDao("Patient");
    return new AccessPolicy(
        ids -> patientsByNationalId(patients, ids), relationships, security.populationReadOrgnrs());
  }

  static Set<String> patientsByNationalId(IFhirResourceDao<Patient> dao, Collection<String> ids) {
    TokenOrListParam any = new TokenOrListParam();
    for (String id : ids) {
      if (id == null || id.isBlank()) {
        continue;
      }
      for (String system : NATIONAL_ID_SYSTEMS) {
        any.add(system, id.trim());
      }
    }
    Set<String> out = new LinkedHashSet<>();
    if (any.getListAsCodings().isEmpty()) {
      return out;
    }
    SearchParameterMap map = SearchParameterMap.newSynchronous();
    map.add(Patient.SP_IDENTIFIER, any);
    for (IBaseResource p : dao.search(map, new SystemRequestDetails()).getAllResources()) {
      out.add("Patient/" + p.getIdElement().getIdPart());
    }
    return out;
  }

  @Bean
  public Visibility authzVisibility(
      FhirContext fhirContext, Shields shields, GatewaySecurityProperties security) {
    return new Visibility(new PatientCompartment(fhirContext), shields, security);
  }

  @Bean
  public WriteGuard authzWriteGuard(
      IInterceptorService interceptorService,
      AccessPolicy policy,
      Visibility visibility,
      CareRelationships relationships,
      FhirContext fhirContext,
      DaoRegistry daos,
      Shields shields) {
    WriteGuard guard =
        new WriteGuard(
            policy, visibility, relationships, new OrganisationNumbers(fhirContext, daos), shields);
    interceptorService.registerInterceptor(guard);
    return guard;
  }

  @Bean
  public FhirServerCustomizer authorizationInterceptors(
      FhirContext fhirContext,
      AccessPolicy policy,
      Visibility visibility,
      BreakTheGlassFollowUp followUp,
      DaoRegistry daos,
      MatchUrlService matchUrls,
      org.springframework.beans.factory.ObjectProvider<RefusalAudit> refusalAudit) {
    return server -> {
      server.registerInterceptor(new VisibleCounts(policy, visibility, daos, matchUrls));
      server.registerInterceptor(
          new ScopeInterceptor(
              fhirContext,
              policy,
              followUp,
              new HiddenTargets(daos, visibility, matchUrls),
              refusalAudit.getIfAvailable(() -> RefusalAudit.NONE)));
      server.registerInterceptor(
          new ConsentInterceptor(new GatewayConsentService(policy, visibility)));
    };
  }
}
