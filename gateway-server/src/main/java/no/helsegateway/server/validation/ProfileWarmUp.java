package no.helsegateway.server.validation;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import no.helsegateway.profiles.GatewayProfiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The profile validator's warm-up (every shipped example validated once, so snapshots, caches and
 * the worker context exist before the first request) run on its own thread, in parallel with the
 * rest of the start; the profile packages are loaded on the same thread first. Readiness waits for
 * it ({@link ProfileWarmUpHealthIndicator}); a validation that arrives earlier waits in {@link
 * #await()}, so nothing is ever stored unvalidated.
 */
public final class ProfileWarmUp {

  private static final Logger log = LoggerFactory.getLogger(ProfileWarmUp.class);

  /** States shown in health. */
  public enum State {
    RUNNING,
    DONE,
    FAILED,
    DISABLED
  }

  private final CompletableFuture<GatewayProfiles> loaded = new CompletableFuture<>();
  private final CompletableFuture<Integer> done = new CompletableFuture<>();
  private final long startNanos = System.nanoTime();
  private volatile long tookMillis = -1;
  private final boolean enabled;

  private ProfileWarmUp(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * Starts loading the profiles ({@code load}) and then, when {@code warmUp} is on, validating the
   * shipped examples, on a new daemon thread.
   *
   * @param load loads the profile packages (e.g. {@code GatewayProfiles.load(ctx)})
   * @param warmUp whether to validate the shipped examples after loading
   */
  public static ProfileWarmUp start(Supplier<GatewayProfiles> load, boolean warmUp) {
    Objects.requireNonNull(load, "load");
    ProfileWarmUp w = new ProfileWarmUp(warmUp);
    Thread t = new Thread(() -> w.run(load), "profile-warm-up");
    t.setDaemon(true);
    t.start();
    return w;
  }

  /** Already loaded profiles and no warm-up (tests, {@code gateway.validation.warm-up=false}). */
  public static ProfileWarmUp disabled(GatewayProfiles profiles) {
    ProfileWarmUp w = new ProfileWarmUp(false);
    w.loaded.complete(profiles);
    w.done.complete(0);
    w.tookMillis = 0;
    return w;
  }

  /** No profiles and no warm-up: {@link #await()} returns at once. */
  static ProfileWarmUp none() {
    ProfileWarmUp w = new ProfileWarmUp(false);
    w.loaded.completeExceptionally(new IllegalStateException("no profiles"));
    w.done.complete(0);
    w.tookMillis = 0;
    return w;
  }

  private void run(Supplier<GatewayProfiles> load) {
    GatewayProfiles profiles;
    try {
      profiles = load.get();
      log.info("Profiles loaded in {} ms", (System.nanoTime() - startNanos) / 1_000_000);
      loaded.complete(profiles);
    } catch (RuntimeException | Error e) {
      fail(e);
      loaded.completeExceptionally(e);
      return;
    }
    if (!enabled) {
      tookMillis = (System.nanoTime() - startNanos) / 1_000_000;
      done.complete(0);
      return;
    }
    try {
      int examples = profiles.warmUp();
      tookMillis = (System.nanoTime() - startNanos) / 1_000_000;
      log.info(
          "Profile validator warmed up on {} examples, {} ms after its start (in parallel with the"
              + " rest of the start)",
          examples,
          tookMillis);
      done.complete(examples);
    } catch (RuntimeException | Error e) {
      fail(e);
    }
  }

  private void fail(Throwable e) {
    tookMillis = (System.nanoTime() - startNanos) / 1_000_000;
    log.error(
        "Profile validator warm-up failed: {}: {}", e.getClass().getSimpleName(), e.getMessage());
    done.completeExceptionally(e);
  }

  /**
   * The loaded profiles; waits for the load (not for the warm-up).
   *
   * @throws IllegalStateException if they could not be loaded
   */
  public GatewayProfiles profiles() {
    try {
      return loaded.join();
    } catch (CompletionException e) {
      throw new IllegalStateException("the gateway profiles could not be loaded", e.getCause());
    }
  }

  /**
   * Blocks until the warm-up has finished. Called before every validation, so a write that arrives
   * during the warm-up is validated after it, never skipped.
   *
   * @throws IllegalStateException if the warm-up failed (the validator is not usable)
   */
  public void await() {
    if (done.isDone() && !done.isCompletedExceptionally()) {
      return;
    }
    try {
      done.join();
    } catch (CompletionException e) {
      throw new IllegalStateException("the profile validator failed to warm up", e.getCause());
    }
  }

  public State state() {
    if (!done.isDone()) {
      return State.RUNNING;
    }
    if (done.isCompletedExceptionally()) {
      return State.FAILED;
    }
    return enabled ? State.DONE : State.DISABLED;
  }

  /** Examples validated, once done; 0 otherwise. */
  public int examples() {
    return state() == State.DONE ? done.join() : 0;
  }

  /** How long the warm-up took, or has been running so far. */
  public Duration elapsed() {
    long ms = tookMillis;
    return Duration.ofMillis(ms >= 0 ? ms : (System.nanoTime() - startNanos) / 1_000_000);
  }
}
