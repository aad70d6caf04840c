package no.helsegateway.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where a process's CPU time goes, by thread group, from Linux's {@code /proc/<pid>/task}: request
 * threads, GC, JIT compiler, broker, ... A benchmark takes a {@link #snapshot} before and after its
 * measured phase and prints {@link #report} of the difference ({@code -Dbench.threads=true}).
 *
 * <p>Threads are grouped by their name without a trailing number ({@code http-nio-8080-exec-3} and
 * {@code http-nio-8080-exec-7} are one group; {@code GC Thread#1} is {@code GC Thread}). CPU of
 * threads that ended during the phase is counted from the process total as "(threads that ended)".
 */
public final class ThreadCpu {

  /** Clock ticks per second of {@code /proc} stat files on Linux. */
  private static final double TICKS = 100.0;

  private static final String PROCESS = "(process)";

  /**
   * The JIT compiler's share of a warm-up round's CPU below which the JVM counts as warmed up
   * ({@code -Dbench.jit-settled}, default 0.05).
   */
  public static final double SETTLED =
      Double.parseDouble(System.getProperty("bench.jit-settled", "0.05"));

  private ThreadCpu() {}

  /** One round of warm-up load. */
  @FunctionalInterface
  public interface Round {
    void run() throws Exception;
  }

  /**
   * CPU ticks per thread group, and the process's total under {@code (process)}; empty off Linux.
   */
  public static Map<String, Long> snapshot(long pid) {
    Map<String, Long> groups = new TreeMap<>();
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    try (Stream<Path> threads = Files.list(tasks)) {
      for (Path t : threads.toList()) {
        String stat;
        try {
          stat = Files.readString(t.resolve("stat"));
        } catch (IOException ended) {
          continue;
        }
        groups.merge(group(stat), ticks(stat), Long::sum);
      }
      groups.put(PROCESS, ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
    return groups;
  }

  /**
   * The groups' CPU seconds between two snapshots, largest first, with each one's share and, when
   * {@code units > 0}, milliseconds per unit (per message, per request).
   */
  public static String report(Map<String, Long> before, Map<String, Long> after, int units) {
    if (before.isEmpty() || after.isEmpty()) {
      return "thread CPU: not available (no /proc)\n";
    }
    long total = after.get(PROCESS) - before.get(PROCESS);
    List<Map.Entry<String, Long>> rows = new ArrayList<>();
    long live = 0;
    for (Map.Entry<String, Long> e : after.entrySet()) {
      if (e.getKey().equals(PROCESS)) {
        continue;
      }
      long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      live += d;
      if (d > 0) {
        rows.add(Map.entry(e.getKey(), d));
      }
    }
    if (total - live > 0) {
      rows.add(Map.entry("(threads that ended)", total - live));
    }
    rows.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    StringBuilder out =
        new StringBuilder(
            "| thread group | CPU s | share | CPU ms per unit |\n|---|---|---|---|\n");
    for (Map.Entry<String, Long> r : rows) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %.2f | %.1f %% | %s |%n",
              r.getKey(),
              r.getValue() / TICKS,
              total == 0 ? 0.0 : 100.0 * r.getValue() / total,
              units > 0
                  ? String.format(Locale.ROOT, "%.2f", r.getValue() * 1000 / TICKS / units)
                  : "-"));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "| all | %.2f | 100 %% | %s |%n",
            total / TICKS,
            units > 0 ? String.format(Locale.ROOT, "%.2f", total * 1000 / TICKS / units) : "-"));
    return out.toString();
  }

  /**
   * The share of the process's CPU between two snapshots that went to the JIT compiler threads (C1
   * and C2): high while the JVM is still warming up; 0 when not available.
   */
  public static double compilerShare(Map<String, Long> before, Map<String, Long> after) {
    if (before.isEmpty() || after.isEmpty()) {
      return 0;
    }
    long total = after.get(PROCESS) - before.get(PROCESS);
    long compiler = 0;
    for (Map.Entry<String, Long> e : after.entrySet()) {
      if (e.getKey().contains("CompilerThre")) {
        compiler += e.getValue() - before.getOrDefault(e.getKey(), 0L);
      }
    }
    return total <= 0 ? 0 : (double) compiler / total;
  }

  /**
   * Runs {@code round} until the JIT compiler's share of the process's CPU in one round is at most
   * {@code maxShare}, or {@code maxRounds} times; returns the rounds run. Without {@code /proc} it
   * runs {@code maxRounds} rounds.
   */
  public static int warmUp(long pid, double maxShare, int maxRounds, Round round) throws Exception {
    for (int i = 1; i <= maxRounds; i++) {
      Map<String, Long> before = snapshot(pid);
      round.run();
      double share = compilerShare(before, snapshot(pid));
      System.out.printf(
          Locale.ROOT, "warm-up round %d: JIT compiler %.0f %% of CPU%n", i, share * 100);
      if (!before.isEmpty() && share <= maxShare) {
        return i;
      }
    }
    return maxRounds;
  }

  /** The thread's name from its stat line, without a trailing number and separator. */
  static String group(String stat) {
    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    return name.replaceFirst("[#\\-]?\\d+$", "").trim();
  }

  /** utime + stime of a stat line. */
  static long ticks(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }
}
