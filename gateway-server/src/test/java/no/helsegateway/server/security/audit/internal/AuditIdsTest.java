package no.helsegateway.server.security.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AuditIdsTest {

  @Test
  void idsAreVersion7UuidsInTimeOrderAndDistinct() {
    List<String> ids = new ArrayList<>();
    for (long ms = 1_763_000_000_000L; ms < 1_763_000_000_000L + 2_000; ms += 2) {
      ids.add(AuditIds.next(ms).toString());
      ids.add(AuditIds.next(ms).toString());
    }
    for (String id : ids) {
      UUID u = UUID.fromString(id);
      assertThat(u.version()).isEqualTo(7);
      assertThat(u.variant()).isEqualTo(2);
      assertThat(id).hasSize(36);
    }
    assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
    // ids of later milliseconds sort after those of earlier ones, as strings (the key's order)
    for (int i = 2; i < ids.size(); i += 2) {
      assertThat(ids.get(i)).isGreaterThan(ids.get(i - 1)).isGreaterThan(ids.get(i - 2));
    }
    assertThat(UUID.fromString(AuditIds.next()).version()).isEqualTo(7);
  }
}
