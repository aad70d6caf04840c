package no.helsegateway.server.emessage.internal;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import no.helsegateway.routes.emessage.MessageReceiver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Receipt, replay and sweeping. Receipt writes the log row and the raw bytes and sends the work
 * message in ONE Spring transaction: the JMS session is transacted and synchronised with the
 * database transaction (it commits right after it). A crash between the two commits leaves a
 * RECEIVED row without work message, which the sweeper queues again.
 */
public final class JmsMessageReceiver implements MessageReceiver {

  private static final Logger log = LoggerFactory.getLogger(JmsMessageReceiver.class);

  private final JdbcMessageLog messageLog;
  private final TransactionTemplate tx;
  private final JmsTemplate jms;
  private final String workQueue;

  public JmsMessageReceiver(
      JdbcMessageLog messageLog,
      PlatformTransactionManager tm,
      JmsTemplate transactedJms,
      String workQueue) {
    this.messageLog = messageLog;
    this.tx = new TransactionTemplate(tm);
    this.jms = transactedJms;
    this.workQueue = workQueue;
  }

  @Override
  public String receive(String channel, byte[] bytes, String replyRef) {
    String trackingId = UUID.randomUUID().toString();
    tx.executeWithoutResult(
        s -> {
          messageLog.insertReceived(
              trackingId, channel, replyRef, bytes == null ? new byte[0] : bytes);
          queue(trackingId);
        });
    log.info(
        "e-message received trackingId={} channel={} bytes={}",
        trackingId,
        channel,
        bytes == null ? 0 : bytes.length);
    return trackingId;
  }

  /** Replays a dead-lettered message; false when it is not in the dead-letter store. */
  public boolean replay(String trackingId) {
    Boolean done =
        tx.execute(
            s -> {
              if (!messageLog.resetForReplay(trackingId)) {
                return false;
              }
              queue(trackingId);
              return true;
            });
    if (Boolean.TRUE.equals(done)) {
      log.info("e-message replayed trackingId={}", trackingId);
    }
    return Boolean.TRUE.equals(done);
  }

  /** Queues RECEIVED messages that have waited longer than {@code after} again. */
  public int sweep(Duration after, Duration dedupeRetention) {
    List<String> stale = messageLog.claimStale(after, 500);
    for (String id : stale) {
      queue(id);
    }
    if (!stale.isEmpty()) {
      log.warn("e-message sweeper queued {} received messages again", stale.size());
    }
    int purged = messageLog.purgeDedupe(dedupeRetention);
    if (purged > 0) {
      log.info("e-message sweeper dropped {} expired de-duplication keys", purged);
    }
    return stale.size();
  }

  private void queue(String trackingId) {
    jms.send(workQueue, session -> session.createTextMessage(trackingId));
  }
}
