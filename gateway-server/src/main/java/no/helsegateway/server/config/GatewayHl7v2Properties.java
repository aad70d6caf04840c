package no.helsegateway.server.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The HL7 v2 MLLP channel ({@code gateway.hl7v2.*}).
 *
 * @param enabled whether the MLLP listener runs
 * @param bindAddress address to listen on; loopback by default, set it to an interface address (or
 *     0.0.0.0) deliberately
 * @param port TCP port (2575 is the IANA port for HL7 over MLLP)
 * @param maxFrameSize largest message accepted; a larger one is answered AR (too-large) and the
 *     connection stays usable; frames beyond twice this size are refused by the transport
 * @param concurrentConnections connections served at once (one thread each)
 * @param charset charset of a message whose MSH-18 names none
 * @param commitGroupMax most messages that share one database transaction (group commit): messages
 *     whose storage is asked for while another commit runs are stored together, unless they touch
 *     the same resources; 1 stores every message in its own transaction
 */
@Validated
@ConfigurationProperties("gateway.hl7v2")
public record GatewayHl7v2Properties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("127.0.0.1") @NotBlank String bindAddress,
    @DefaultValue("2575") @Min(0) @Max(65535) int port,
    @DefaultValue("1MB") DataSize maxFrameSize,
    @DefaultValue("16") @Min(1) @Max(512) int concurrentConnections,
    @DefaultValue("ISO-8859-1") String charset,
    @DefaultValue("32") @Min(1) @Max(256) int commitGroupMax) {}
