package no.helsegateway.routes.emessage;

import java.time.Duration;

/**
 * What the e-message routes need to know; the server fills it from {@code gateway.emessages}.
 *
 * @param jmsComponent name of the Camel JMS component (transacted, on the gateway's broker)
 * @param workQueue the internal work queue (a receipt queues the tracking id here)
 * @param inQueue the JMS inbound channel (raw messages)
 * @param outQueue where the AppRecs of JMS-received messages go
 * @param inbox file-drop inbox folder; {@code null} disables the file channel
 * @param archive where processed inbox files are moved
 * @param outbox where the AppRecs of file-received messages are written
 * @param concurrency consumers of the work queue
 * @param maxRedeliveries retries of an infrastructure fault before the dead letter
 * @param initialBackoff first retry delay; doubled per retry up to {@code maxBackoff}
 * @param sweepInterval how often RECEIVED messages without a work message are re-queued
 * @param fileReadLockMinAge a file must be unchanged this long before it is picked up
 */
public record EMessageRouteSettings(
    String jmsComponent,
    String workQueue,
    String inQueue,
    String outQueue,
    String inbox,
    String archive,
    String outbox,
    int concurrency,
    int maxRedeliveries,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration sweepInterval,
    Duration fileReadLockMinAge) {}
