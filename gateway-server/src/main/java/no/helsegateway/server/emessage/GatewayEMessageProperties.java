package no.helsegateway.server.emessage;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The e-message channels and pipeline ({@code gateway.emessages.*}).
 *
 * @param maxMessageSize larger bodies are refused (HTTP 413) before they are read
 * @param inbox file-drop inbox folder; empty disables the file channel
 * @param archive where processed inbox files are moved
 * @param outbox where AppRecs of file-dropped messages are written ({@code <name>.apprec.xml})
 * @param workQueue internal queue of received tracking ids
 * @param inQueue JMS inbound channel
 * @param outQueue JMS outbound AppRecs
 * @param concurrency consumers of the work queue
 * @param syncTimeout how long a synchronous POST waits for the AppRec before answering 202
 * @param maxRedeliveries retries of an infrastructure fault before the dead-letter store
 * @param initialBackoff first retry delay (doubled per retry)
 * @param maxBackoff longest retry delay
 * @param sweepInterval how often the sweeper runs
 * @param sweepAfter a RECEIVED message without final state this old is queued again
 * @param dedupeRetention how long de-duplication keys are kept; senders retry for up to 72 h
 * @param fileReadLockMinAge a file must be unchanged this long before it is read
 * @param commitGroupMax most messages whose final states share one database transaction (group
 *     commit; 1: every message alone)
 */
@Validated
@ConfigurationProperties("gateway.emessages")
public record GatewayEMessageProperties(
    @NotNull DataSize maxMessageSize,
    String inbox,
    String archive,
    String outbox,
    @NotBlank String workQueue,
    @NotBlank String inQueue,
    @NotBlank String outQueue,
    @Min(1) @Max(64) int concurrency,
    @NotNull Duration syncTimeout,
    @Min(0) int maxRedeliveries,
    @NotNull Duration initialBackoff,
    @NotNull Duration maxBackoff,
    @NotNull Duration sweepInterval,
    @NotNull Duration sweepAfter,
    @NotNull Duration dedupeRetention,
    @NotNull Duration fileReadLockMinAge,
    @DefaultValue("32") @Min(1) @Max(256) int commitGroupMax) {

  @AssertTrue(message = "gateway.emessages.dedupe-retention must be longer than 72 hours")
  public boolean isDedupeRetentionLongEnough() {
    return dedupeRetention == null || dedupeRetention.compareTo(Duration.ofHours(72)) > 0;
  }
}
