package no.helsegateway.server.emessage.internal;

import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import no.helsegateway.routes.emessage.FhirStore;
import no.helsegateway.routes.emessage.StoreRefusedException;
import no.helsegateway.server.emessage.EMessageRequests;
import no.helsegateway.server.validation.ProfileValidationInterceptor;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;

/**
 * Commits a transaction Bundle in process through HAPI's system DAO, nested in the pipeline's
 * database transaction ({@code transactionNested}: writes only, which is all a translation makes).
 * The pipeline has validated the Bundle against the profiles already, so the on-write validation is
 * told not to do it again. A refusal for content (4xx other than a lost version race) is final;
 * everything else is an infrastructure fault.
 */
public final class HapiFhirStore implements FhirStore {

  private final IFhirSystemDao<Bundle, Meta> systemDao;

  public HapiFhirStore(IFhirSystemDao<Bundle, Meta> systemDao) {
    this.systemDao = systemDao;
  }

  @Override
  public void commit(Bundle transaction) {
    commit(null, transaction);
  }

  /** The request carries the tracking id (outbox rows and the audit record name the message). */
  @Override
  public void commit(String trackingId, Bundle transaction) {
    SystemRequestDetails request = new SystemRequestDetails();
    ProfileValidationInterceptor.markValidated(request);
    if (trackingId != null) {
      EMessageRequests.setTrackingId(request, trackingId);
    }
    try {
      systemDao.transactionNested(request, transaction);
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
  }
}
