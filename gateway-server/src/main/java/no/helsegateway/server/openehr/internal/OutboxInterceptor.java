package no.helsegateway.server.openehr.internal;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import javax.sql.DataSource;
import no.helsegateway.server.emessage.EMessageRequests;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes the outbox row of every stored, deleted or updated resource that the openEHR mapping
 * handles, at the JPA pre-commit pointcuts: the row commits or rolls back with the resource. Works
 * for REST and in-process writes; rows of an e-message's writes carry its tracking id, so the
 * message log shows the mirror's state (and its dead letters) per message.
 */
@Interceptor
public final class OutboxInterceptor {

  public static final String UPSERT = "UPSERT";
  public static final String DELETE = "DELETE";

  private static final Logger log = LoggerFactory.getLogger(OutboxInterceptor.class);

  private final JdbcOpenEhrOutbox outbox;
  private final Predicate<String> handledType;
  private final DataSource dataSource;
  private final Clock clock;
  private final AtomicBoolean warned = new AtomicBoolean();
  private final java.util.concurrent.atomic.AtomicLong unjoined =
      new java.util.concurrent.atomic.AtomicLong();

  public OutboxInterceptor(
      JdbcOpenEhrOutbox outbox, Predicate<String> handledType, DataSource dataSource, Clock clock) {
    this.outbox = outbox;
    this.handledType = handledType;
    this.dataSource = dataSource;
    this.clock = clock;
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(IBaseResource resource, RequestDetails request) {
    enqueue(resource, UPSERT, 0, request);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
    enqueue(resource, UPSERT, 0, request);
  }

  /** HAPI hands over the resource with the version of the delete itself. */
  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
  public void deleted(IBaseResource resource, RequestDetails request) {
    enqueue(resource, DELETE, 0, request);
  }

  private void enqueue(
      IBaseResource resource, String operation, long versionOffset, RequestDetails request) {
    IIdType id = resource.getIdElement();
    String type = id.getResourceType() != null ? id.getResourceType() : resourceType(resource);
    if (!handledType.test(type) || !id.hasIdPart()) {
      return;
    }
    boolean joined = joinsTransaction();
    if (!joined) {
      unjoined.incrementAndGet();
    }
    if (!joined && warned.compareAndSet(false, true)) {
      log.error(
          "The openEHR outbox is not written in the transaction of the FHIR write: check the"
              + " transaction manager's data source");
    }
    long version = (id.hasVersionIdPart() ? id.getVersionIdPartAsLong() : 1L) + versionOffset;
    outbox.enqueue(
        type,
        id.getIdPart(),
        version,
        operation,
        clock.millis(),
        EMessageRequests.trackingId(request).orElse(null));
  }

  /** How many outbox rows were written outside the FHIR write's transaction (should stay 0). */
  public long unjoinedWrites() {
    return unjoined.get();
  }

  /** True when the data source's connection is bound to the current (JPA) transaction. */
  boolean joinsTransaction() {
    return TransactionSynchronizationManager.isActualTransactionActive()
        && TransactionSynchronizationManager.hasResource(dataSource);
  }

  private static String resourceType(IBaseResource resource) {
    return resource.fhirType();
  }
}
