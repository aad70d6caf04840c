package no.helsegateway.server.emessage.internal;

import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import no.helsegateway.mappings.emessage.EnvelopeMetadata;
import no.helsegateway.mappings.emessage.Party;
import no.helsegateway.routes.emessage.FhirStore;
import no.helsegateway.routes.emessage.StoreRefusedException;
import no.helsegateway.server.emessage.EMessageRequests;
import no.helsegateway.server.security.authz.CareRelationshipRecorder;
import no.helsegateway.server.validation.ProfileValidationInterceptor;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Meta;

/**
 * Commits a transaction Bundle in process through HAPI's system DAO, nested in the pipeline's
 * database transaction ({@code transactionNested}: writes only, which is all a translation makes).
 * The pipeline has validated the Bundle against the profiles already, so the on-write validation is
 * told not to do it again. A refusal for content (4xx other than a lost version race) is final;
 * everything else is an infrastructure fault. After the commit, in the same transaction, the
 * organisations the envelope names (sender and receivers, by organisation number) get a care
 * relationship with the message's patients.
 */
public final class HapiFhirStore implements FhirStore {

  private final IFhirSystemDao<Bundle, Meta> systemDao;
  private final CareRelationshipRecorder relationships;

  public HapiFhirStore(IFhirSystemDao<Bundle, Meta> systemDao) {
    this(systemDao, CareRelationshipRecorder.NONE);
  }

  public HapiFhirStore(
      IFhirSystemDao<Bundle, Meta> systemDao, CareRelationshipRecorder relationships) {
    this.systemDao = systemDao;
    this.relationships = relationships;
  }

  @Override
  public void commit(Bundle transaction) {
    commit(null, transaction, null);
  }

  @Override
  public void commit(String trackingId, Bundle transaction) {
    commit(trackingId, transaction, null);
  }

  /** The request carries the tracking id (outbox rows and the audit record name the message). */
  @Override
  public void commit(String trackingId, Bundle transaction, EnvelopeMetadata envelope) {
    SystemRequestDetails request = new SystemRequestDetails();
    ProfileValidationInterceptor.markValidated(request);
    if (trackingId != null) {
      EMessageRequests.setTrackingId(request, trackingId);
    }
    Bundle response;
    try {
      response = systemDao.transactionNested(request, transaction);
    } catch (PreconditionFailedException e) {
      throw new StoreRefusedException("precondition-failed");
    } catch (ResourceVersionConflictException e) {
      throw e;
    } catch (BaseServerResponseException e) {
      if (e.getStatusCode() >= 400 && e.getStatusCode() < 500) {
        throw new StoreRefusedException("refused-" + e.getStatusCode());
      }
      throw e;
    }
    if (envelope != null && response != null) {
      Set<String> orgnrs = organisationNumbers(envelope);
      for (String patient : patients(transaction, response)) {
        for (String orgnr : orgnrs) {
          relationships.record(orgnr, patient, CareRelationshipRecorder.EMESSAGE);
        }
      }
    }
  }

  /** The Patients the transaction stored or matched, from its response locations. */
  static List<String> patients(Bundle request, Bundle response) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < request.getEntry().size() && i < response.getEntry().size(); i++) {
      Bundle.BundleEntryComponent entry = request.getEntry().get(i);
      if (entry.getResource() == null || !"Patient".equals(entry.getResource().fhirType())) {
        continue;
      }
      String location = response.getEntry().get(i).getResponse().getLocation();
      if (location != null) {
        IdType id = new IdType(location);
        if (id.hasIdPart()) {
          out.add("Patient/" + id.getIdPart());
        }
      }
    }
    return out;
  }

  static Set<String> organisationNumbers(EnvelopeMetadata envelope) {
    Set<String> out = new LinkedHashSet<>();
    add(envelope.sender(), out);
    add(envelope.receiver(), out);
    envelope.copyReceivers().forEach(p -> add(p, out));
    return out;
  }

  private static void add(Party party, Set<String> out) {
    if (party == null) {
      return;
    }
    if (party.organisationNumber() != null) {
      out.add(party.organisationNumber());
    }
    party.departments().forEach(d -> add(d, out));
  }
}
