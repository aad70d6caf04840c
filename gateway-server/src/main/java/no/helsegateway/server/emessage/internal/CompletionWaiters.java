package no.helsegateway.server.emessage.internal;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import no.helsegateway.routes.emessage.LoggedMessage;
import no.helsegateway.routes.emessage.PipelineListener;

/**
 * Lets a synchronous HTTP request wait for the final state of its message: completed in memory by
 * the pipeline on this node, and checked in the message log every half second (another node may
 * have processed it). Also counts {@code gateway_messages_total{channel,type,outcome}}.
 */
public final class CompletionWaiters implements PipelineListener {

  private final Map<String, CompletableFuture<LoggedMessage>> waiting = new ConcurrentHashMap<>();
  private final MeterRegistry meters;

  public CompletionWaiters(MeterRegistry meters) {
    this.meters = meters;
  }

  @Override
  public void completed(LoggedMessage message) {
    meters
        .counter(
            "gateway_messages_total",
            "channel",
            message.channel(),
            "type",
            message.messageType() == null ? "unknown" : message.messageType(),
            "outcome",
            message.outcome() == null ? "unknown" : message.outcome().name().toLowerCase())
        .increment();
    CompletableFuture<LoggedMessage> f = waiting.get(message.trackingId());
    if (f != null) {
      f.complete(message);
    }
  }

  /** Waits up to {@code timeout} for a final state; empty when it did not come in time. */
  public Optional<LoggedMessage> await(
      String trackingId, Duration timeout, Supplier<Optional<LoggedMessage>> lookup)
      throws InterruptedException {
    CompletableFuture<LoggedMessage> f = new CompletableFuture<>();
    waiting.put(trackingId, f);
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        Optional<LoggedMessage> now = lookup.get().filter(LoggedMessage::isFinal);
        if (now.isPresent()) {
          return now;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return Optional.empty();
        }
        try {
          return Optional.of(
              f.get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(500)), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
          // look in the log again
        } catch (ExecutionException e) {
          return Optional.empty();
        }
      }
    } finally {
      waiting.remove(trackingId);
    }
  }
}
