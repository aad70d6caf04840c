package no.helsegateway.server.emessage.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import no.helsegateway.routes.emessage.Transactions;
import no.helsegateway.server.storage.GroupCommitter;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The pipeline's transactions with group commit: units requested while another commit runs are run
 * together in the next database transaction by one thread, so that several messages share one
 * commit (on H2 each commit writes the changed pages to the file; on PostgreSQL it is one WAL
 * flush). A shared transaction commits all its units or none; after a failed one, every unit of it
 * runs again alone ({@link SpringTransactions}, with its lost-race retries) and gets its own result
 * or failure, so one bad message fails alone. Every unit is a complete, re-runnable piece of work
 * (the pipeline's final-state step reads the message log again first), which is what running it a
 * second time after a rollback needs. Nothing waits on a timer: with one consumer every unit runs
 * alone. A caller already inside a transaction joins it, as before.
 */
public final class GroupedTransactions implements Transactions {

  /** What one unit answered (may be null). */
  private record Answer(Object value) {}

  private final SpringTransactions alone;
  private final TransactionTemplate template;
  private final GroupCommitter<Supplier<?>, Answer> committer;

  /**
   * @param maxGroup the most units one transaction takes (1: every unit alone)
   * @param meters where {@code gateway.emessages.commits} (shared transactions that committed, by
   *     size) and {@code gateway.emessages.commit.fallbacks} (shared ones that failed) go
   */
  public GroupedTransactions(PlatformTransactionManager tm, int maxGroup, MeterRegistry meters) {
    DistributionSummary groupSizes =
        DistributionSummary.builder("gateway.emessages.commits")
            .description("Units (message final states) per shared database transaction")
            .register(meters);
    Counter fallbacks =
        Counter.builder("gateway.emessages.commit.fallbacks")
            .description("Shared transactions that failed; their units were then run alone")
            .register(meters);
    this.alone = new SpringTransactions(tm);
    this.template = new TransactionTemplate(tm);
    this.committer =
        new GroupCommitter<>(
            new GroupCommitter.Store<>() {
              @Override
              public List<Answer> storeTogether(List<Supplier<?>> units) {
                List<Answer> answers;
                try {
                  answers =
                      template.execute(
                          status -> {
                            List<Answer> out = new ArrayList<>(units.size());
                            for (Supplier<?> unit : units) {
                              out.add(new Answer(unit.get()));
                            }
                            return out;
                          });
                } catch (RuntimeException e) {
                  fallbacks.increment();
                  throw e;
                }
                groupSizes.record(units.size());
                return answers;
              }

              @Override
              public Answer storeAlone(Supplier<?> unit) {
                Answer answer = new Answer(alone.inTransaction(unit));
                groupSizes.record(1);
                return answer;
              }
            },
            maxGroup);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T inTransaction(Supplier<T> work) {
    if (TransactionSynchronizationManager.isActualTransactionActive()) {
      return alone.inTransaction(work);
    }
    return (T) committer.store(work).value();
  }
}
