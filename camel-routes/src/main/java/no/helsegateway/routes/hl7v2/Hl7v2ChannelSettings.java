package no.helsegateway.routes.hl7v2;

import java.util.Objects;

/**
 * Settings of the MLLP listener.
 *
 * @param bindAddress address to listen on (default 127.0.0.1)
 * @param port TCP port
 * @param maxFrameBytes largest message accepted; a larger frame is read to its end and answered AR
 *     (too-large) so the connection stays usable. Frames beyond twice this size are refused by the
 *     transport (the connection is reset) to bound memory.
 * @param maxConnections connections served at once (one thread each)
 * @param charset charset used when MSH-18 does not name one
 */
public record Hl7v2ChannelSettings(
    String bindAddress, int port, int maxFrameBytes, int maxConnections, String charset) {

  public Hl7v2ChannelSettings {
    Objects.requireNonNull(bindAddress, "bindAddress");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range");
    }
    if (maxFrameBytes < 1024) {
      throw new IllegalArgumentException("maxFrameBytes must be at least 1024");
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be positive");
    }
  }

  /** The transport's hard buffer limit: twice the message limit (plus framing). */
  public int transportBufferLimit() {
    long v = 2L * maxFrameBytes + 16;
    return (int) Math.min(Integer.MAX_VALUE - 16, v);
  }
}
