package no.helsegateway.server.openehr.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.helsegateway.server.openehr.MessageMirrorStatus;
import no.helsegateway.server.openehr.internal.JdbcOpenEhrOutbox.Item;

/** {@link MessageMirrorStatus} from the outbox rows that carry the message's tracking id. */
public final class OutboxMessageStatus implements MessageMirrorStatus {

  /** More items than any one message stores (a discharge summary makes a few dozen). */
  static final int MAX_ITEMS = 10_000;

  private final JdbcOpenEhrOutbox outbox;

  public OutboxMessageStatus(JdbcOpenEhrOutbox outbox) {
    this.outbox = outbox;
  }

  @Override
  public Optional<Summary> forMessage(String trackingId) {
    List<Item> items = outbox.forMessage(trackingId, MAX_ITEMS);
    if (items.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(summarise(items));
  }

  static Summary summarise(List<Item> items) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String s : List.of("PENDING", "DONE", "SKIPPED", "DEAD")) {
      counts.put(s, 0L);
    }
    List<DeadLetter> dead = new ArrayList<>();
    for (Item i : items) {
      counts.merge(i.state(), 1L, Long::sum);
      if ("DEAD".equals(i.state())) {
        dead.add(
            new DeadLetter(
                i.resourceType() + "/" + i.resourceId() + "/_history/" + i.resourceVersion(),
                i.operation(),
                i.id(),
                i.lastError()));
      }
    }
    State state;
    if (!dead.isEmpty()) {
      state = State.OPENEHR_FAILED;
    } else if (counts.get("PENDING") > 0) {
      state = State.PENDING;
    } else if (counts.get("DONE") > 0) {
      state = State.MIRRORED;
    } else {
      state = State.NOTHING_TO_MIRROR;
    }
    return new Summary(state, counts, dead);
  }

  @Override
  public List<String> failedMessages(int limit) {
    return outbox.messagesWithDeadItems(limit);
  }
}
