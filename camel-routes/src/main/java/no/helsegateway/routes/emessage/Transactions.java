package no.helsegateway.routes.emessage;

import java.util.function.Supplier;

/**
 * Port: runs work in ONE database transaction (message log, de-duplication table and FHIR store
 * together). Implementations retry the whole unit when it lost a race on a unique constraint.
 */
public interface Transactions {
  <T> T inTransaction(Supplier<T> work);
}
