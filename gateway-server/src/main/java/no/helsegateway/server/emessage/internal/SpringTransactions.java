package no.helsegateway.server.emessage.internal;

import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.util.function.Supplier;
import no.helsegateway.routes.emessage.Transactions;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One transaction of HAPI's JPA transaction manager (JdbcTemplate joins it). A unit that lost a
 * race on a unique constraint or a version is run again from the start, a few times: the second run
 * sees the winner's rows.
 */
public final class SpringTransactions implements Transactions {

  private static final int ATTEMPTS = 5;

  private final TransactionTemplate template;

  public SpringTransactions(PlatformTransactionManager tm) {
    this.template = new TransactionTemplate(tm);
  }

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return template.execute(status -> work.get());
      } catch (RuntimeException e) {
        if (attempt >= ATTEMPTS || !isLostRace(e)) {
          throw e;
        }
      }
    }
  }

  static boolean isLostRace(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof DataIntegrityViolationException
          || c instanceof ConcurrencyFailureException
          || (c instanceof ResourceVersionConflictException
              && !(c instanceof PreconditionFailedException))) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }
}
