package no.helsegateway.terminology.internal.unmapped;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import no.helsegateway.terminology.CodeSystems;
import no.helsegateway.terminology.UnmappedCode;
import no.helsegateway.terminology.UnmappedCodeRecorder;
import no.helsegateway.terminology.UnmappedCodeReport;

/**
 * Thread-safe in-memory recorder: a concurrent map of per-code counters, each updated under its own
 * lock. Bounded: at most {@code maxCodes} distinct codes, further new codes are counted as dropped.
 */
public final class InMemoryUnmappedCodeRecorder implements UnmappedCodeRecorder {

  private record Key(String system, String code) {}

  private static final class Stats {
    long count;
    final Set<String> senders = new TreeSet<>();
    Instant first;
    Instant last;
  }

  private final int maxCodes;
  private final Clock clock;
  private final Map<Key, Stats> stats = new ConcurrentHashMap<>();
  private final AtomicLong dropped = new AtomicLong();

  public InMemoryUnmappedCodeRecorder(int maxCodes, Clock clock) {
    this.maxCodes = maxCodes;
    this.clock = clock;
  }

  @Override
  public void record(UnmappedCode sighting) {
    String system = CodeSystems.canonical(sighting.system());
    Key key = new Key(system, CodeSystems.normaliseCode(system, sighting.code()));
    Stats s = stats.get(key);
    if (s == null) {
      if (stats.size() >= maxCodes) {
        dropped.incrementAndGet();
        return;
      }
      s = stats.computeIfAbsent(key, k -> new Stats());
    }
    synchronized (s) {
      s.count++;
      s.senders.add(sighting.sender());
      Instant at = sighting.seenAt();
      if (s.first == null || at.isBefore(s.first)) {
        s.first = at;
      }
      if (s.last == null || at.isAfter(s.last)) {
        s.last = at;
      }
    }
  }

  @Override
  public UnmappedCodeReport report() {
    List<UnmappedCodeReport.Row> rows = new ArrayList<>(stats.size());
    stats.forEach(
        (key, s) -> {
          synchronized (s) {
            rows.add(
                new UnmappedCodeReport.Row(
                    key.code(), key.system(), s.count, Set.copyOf(s.senders), s.first, s.last));
          }
        });
    rows.sort(
        Comparator.comparingLong(UnmappedCodeReport.Row::count)
            .reversed()
            .thenComparing(UnmappedCodeReport.Row::system)
            .thenComparing(UnmappedCodeReport.Row::code));
    return new UnmappedCodeReport(clock.instant(), rows, dropped.get());
  }
}
