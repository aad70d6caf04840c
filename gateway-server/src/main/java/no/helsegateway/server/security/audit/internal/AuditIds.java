package no.helsegateway.server.security.audit.internal;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids of access-log records: time-ordered UUIDs (version 7, RFC 9562: 48 bits of Unix milliseconds,
 * then random bits). The log's primary key is the id; with random (version 4) ids every insert
 * landed on another leaf of the B-tree, so each batch of the journal rewrote hundreds of H2 pages.
 * In time order a batch appends to the last leaves. The id tells the record's time, which the row
 * shows anyway; access to records is authorised like any other read.
 */
final class AuditIds {

  private AuditIds() {}

  static String next() {
    return next(System.currentTimeMillis()).toString();
  }

  static UUID next(long epochMillis) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long high = (epochMillis << 16) | 0x7000L | (r.nextLong() & 0x0FFFL);
    long low = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low);
  }
}
