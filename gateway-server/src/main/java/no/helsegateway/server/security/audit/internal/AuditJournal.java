package no.helsegateway.server.security.audit.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import no.helsegateway.server.security.audit.AuditEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable write path of access-log records written outside a database transaction (reads,
 * searches, failures): an append-only journal file, moved into the access-log tables in large
 * batches.
 *
 * <p>{@link #append} writes the record to the journal (length, CRC-32, record) and returns once the
 * write has reached the operating system, and with {@code fsync} once it is on the disk: the record
 * survives the gateway's crash from then on, so the request's data may leave. A failed write throws
 * (fail closed). A mover thread copies the journal into {@code gw_audit_event} and {@code
 * gw_audit_patient} (one database transaction per batch, every {@code interval} or at {@link
 * #BATCH} records) and then deletes the journal segment it copied; reading the log ({@link #flush})
 * moves everything first, so a reader always sees every record written before.
 *
 * <p>Why: with {@code WRITE_DELAY=0} every H2 commit writes a new chunk of the whole store; one
 * commit per read cost a secured read about as much CPU as the read itself. A journal append is a
 * few microseconds, and the tables get one commit per batch.
 *
 * <p>Crash safety: segments are files {@code audit-<n>.journal}; at start every segment left over
 * is copied into the tables (records already there, by id, are skipped, so a crash between the
 * commit and the delete duplicates nothing) and deleted. A torn last record (the process died
 * during its write, before its request got an answer) fails its length or CRC check and is skipped.
 * Same durability as H2's own commit without {@code fsync} (the operating system has the bytes: a
 * process crash loses nothing, a power failure may); {@code fsync=true} forces each write to the
 * disk, as PostgreSQL's commit does.
 */
public final class AuditJournal implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AuditJournal.class);

  /** At most this many records per database transaction of the mover. */
  static final int BATCH = 512;

  /** Format of a record's bytes. */
  private static final int VERSION = 1;

  private static final String SUFFIX = ".journal";

  private final JdbcAuditLog auditLog;
  private final Path dir;
  private final boolean fsync;
  private final Duration interval;

  /** Guards the open segment, its records not yet moved, and rotation. */
  private final ReentrantLock appending = new ReentrantLock();

  /** One mover at a time (the thread, or a reader's {@link #flush}). */
  private final ReentrantLock moving = new ReentrantLock();

  private long segment;
  private FileChannel channel;
  private List<JdbcAuditLog.Row> open = new ArrayList<>();

  /** Closed segments whose records are not yet in the tables, oldest first (under moving). */
  private final List<Closed> closed = new ArrayList<>();

  private record Closed(Path file, List<JdbcAuditLog.Row> rows) {}

  private final Semaphore wakeMover = new Semaphore(0);

  private final Thread mover;
  private volatile boolean stopping;

  /**
   * Opens the journal in {@code dir}, first copying any segment a previous run left into the
   * tables.
   */
  public AuditJournal(JdbcAuditLog auditLog, Path dir, boolean fsync, Duration interval) {
    this.auditLog = auditLog;
    this.dir = dir;
    this.fsync = fsync;
    this.interval = interval;
    try {
      Files.createDirectories(dir);
      this.segment = recover();
      this.channel = openSegment(segment);
    } catch (IOException e) {
      throw new UncheckedIOException("access-log journal cannot be opened", e);
    }
    auditLog.beforeReading(this::flush);
    this.mover = new Thread(this::run, "audit-journal-mover");
    this.mover.setDaemon(true);
    this.mover.start();
  }

  /**
   * Writes the record to the journal; returns once it is durable (see class comment), or throws.
   */
  public void append(AuditEntry entry, String json) {
    if (auditLog.outageSimulated()) {
      throw new IllegalStateException("access log unavailable (simulated)");
    }
    JdbcAuditLog.Row row = new JdbcAuditLog.Row(entry, json);
    ByteBuffer frame = frame(encode(row));
    boolean wake;
    appending.lock();
    try {
      if (stopping) {
        throw new IllegalStateException("access log closed");
      }
      while (frame.hasRemaining()) {
        channel.write(frame);
      }
      if (fsync) {
        channel.force(false);
      }
      open.add(row);
      wake = open.size() >= BATCH;
    } catch (IOException e) {
      throw new UncheckedIOException("access-log journal write failed", e);
    } finally {
      appending.unlock();
    }
    if (wake && wakeMover.availablePermits() == 0) {
      wakeMover.release();
    }
  }

  /**
   * Moves every record appended so far into the tables (before the log is read); throws when the
   * database cannot take them (they stay in the journal).
   */
  public void flush() {
    moving.lock();
    try {
      rotate();
      moveClosed();
    } finally {
      moving.unlock();
    }
  }

  private void run() {
    while (!stopping) {
      try {
        // a full batch or close wakes it early; never Thread.interrupt: an interrupt during
        // file I/O closes H2's file channel
        if (wakeMover.tryAcquire(interval.toMillis(), TimeUnit.MILLISECONDS)) {
          wakeMover.drainPermits();
        }
      } catch (InterruptedException e) {
        break;
      }
      if (stopping) {
        break;
      }
      try {
        flush();
      } catch (RuntimeException e) {
        // the records stay in the journal and are moved on a later round
        log.warn("Access-log journal not moved yet: {}", e.getClass().getSimpleName());
      }
    }
  }

  /** Under moving: closes the open segment (if it has records) and starts the next. */
  private void rotate() {
    appending.lock();
    try {
      if (open.isEmpty()) {
        return;
      }
      FileChannel next = openSegment(segment + 1);
      channel.close();
      closed.add(new Closed(file(segment), open));
      segment++;
      channel = next;
      open = new ArrayList<>();
    } catch (IOException e) {
      throw new UncheckedIOException("access-log journal cannot rotate", e);
    } finally {
      appending.unlock();
    }
  }

  /** Under moving: copies the closed segments into the tables, oldest first, and deletes them. */
  private void moveClosed() {
    while (!closed.isEmpty()) {
      Closed c = closed.get(0);
      for (int from = 0; from < c.rows().size(); from += BATCH) {
        auditLog.insertAll(c.rows().subList(from, Math.min(c.rows().size(), from + BATCH)));
      }
      closed.remove(0);
      delete(c.file());
    }
  }

  /**
   * At start: copies the records of every segment left by the previous run into the tables
   * (skipping those already there) and deletes the segments; returns the number of the next one.
   */
  private long recover() throws IOException {
    List<Path> left;
    try (Stream<Path> files = Files.list(dir)) {
      left =
          files
              .filter(p -> p.getFileName().toString().matches("audit-\\d+\\" + SUFFIX))
              .sorted((a, b) -> Long.compare(number(a), number(b)))
              .toList();
    }
    long next = 0;
    int recovered = 0;
    for (Path p : left) {
      List<JdbcAuditLog.Row> rows = read(p);
      for (int from = 0; from < rows.size(); from += BATCH) {
        recovered +=
            auditLog.insertMissing(rows.subList(from, Math.min(rows.size(), from + BATCH)));
      }
      delete(p);
      next = Math.max(next, number(p) + 1);
    }
    if (recovered > 0) {
      log.info(
          "Access-log journal: {} segment(s) from the previous run, {} record(s) copied",
          left.size(),
          recovered);
    }
    return next;
  }

  /** The records of a segment file, up to the first torn or damaged one. */
  static List<JdbcAuditLog.Row> read(Path file) throws IOException {
    List<JdbcAuditLog.Row> rows = new ArrayList<>();
    byte[] all = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(all);
    while (b.remaining() >= 8) {
      int length = b.getInt();
      int crc = b.getInt();
      if (length <= 0 || length > b.remaining()) {
        break;
      }
      byte[] record = new byte[length];
      b.get(record);
      if (crc(record) != crc) {
        break;
      }
      rows.add(decode(record));
    }
    if (b.hasRemaining()) {
      log.warn("Access-log journal {}: a torn last record was skipped", file.getFileName());
    }
    return rows;
  }

  private FileChannel openSegment(long n) throws IOException {
    return FileChannel.open(
        file(n), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  private Path file(long n) {
    return dir.resolve("audit-" + n + SUFFIX);
  }

  private static long number(Path p) {
    String name = p.getFileName().toString();
    return Long.parseLong(name.substring("audit-".length(), name.length() - SUFFIX.length()));
  }

  private static void delete(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // copied already; at the next start its records are skipped as present
      log.warn("Access-log journal segment {} not deleted", p.getFileName());
    }
  }

  /** A record as written: length, CRC-32, bytes. */
  static ByteBuffer frame(byte[] record) {
    ByteBuffer b = ByteBuffer.allocate(8 + record.length);
    b.putInt(record.length).putInt(crc(record)).put(record).flip();
    return b;
  }

  private static int crc(byte[] bytes) {
    CRC32 c = new CRC32();
    c.update(bytes);
    return (int) c.getValue();
  }

  static byte[] encode(JdbcAuditLog.Row row) {
    AuditEntry e = row.entry();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      string(out, e.id());
      out.writeLong(e.recorded().toEpochMilli());
      for (String s :
          new String[] {
            e.requestId(), e.source(), e.action(), e.subtype(),
          }) {
        string(out, s);
      }
      out.writeInt(e.outcome());
      for (String s :
          new String[] {
            e.agentPid(),
            e.agentHpr(),
            e.agentName(),
            e.clientId(),
            e.orgnrParent(),
            e.orgnrChild(),
            e.purpose(),
            e.purposeDetails()
          }) {
        string(out, s);
      }
      out.writeBoolean(e.breakTheGlass());
      out.writeInt(e.patients().size());
      for (String p : e.patients()) {
        string(out, p);
      }
      string(out, row.json());
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    return bytes.toByteArray();
  }

  static JdbcAuditLog.Row decode(byte[] record) throws IOException {
    DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(record));
    if (in.readByte() != VERSION) {
      throw new IOException("unknown access-log journal record version");
    }
    String id = string(in);
    Instant recorded = Instant.ofEpochMilli(in.readLong());
    String requestId = string(in);
    String source = string(in);
    String action = string(in);
    String subtype = string(in);
    int outcome = in.readInt();
    String[] s = new String[8];
    for (int i = 0; i < s.length; i++) {
      s[i] = string(in);
    }
    boolean btg = in.readBoolean();
    int n = in.readInt();
    List<String> patients = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      patients.add(string(in));
    }
    String json = string(in);
    return new JdbcAuditLog.Row(
        new AuditEntry(
            id, recorded, requestId, source, action, subtype, outcome, s[0], s[1], s[2], s[3], s[4],
            s[5], s[6], s[7], btg, patients),
        json);
  }

  private static void string(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String string(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    if (n > in.available()) {
      throw new EOFException("access-log journal record cut short");
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  /** Stops the mover after moving what it can; what it cannot stays for the next start. */
  @Override
  public void close() {
    stopping = true;
    wakeMover.release();
    try {
      mover.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      flush();
    } catch (RuntimeException e) {
      log.warn("Access-log journal kept for the next start: {}", e.getClass().getSimpleName());
    }
    appending.lock();
    try {
      channel.close();
      if (open.isEmpty()) {
        // everything was moved: no empty segment is left for the next start
        delete(file(segment));
      }
    } catch (IOException e) {
      log.warn("Access-log journal not closed cleanly");
    } finally {
      appending.unlock();
    }
  }
}
