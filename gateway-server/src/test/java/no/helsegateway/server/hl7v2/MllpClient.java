package no.helsegateway.server.hl7v2;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A minimal MLLP client for the tests: one connection, one frame out, one ACK frame back. */
final class MllpClient implements Closeable {

  static final int VT = 0x0b;
  static final int FS = 0x1c;
  static final int CR = 0x0d;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  MllpClient(int port) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(60_000);
    socket.setTcpNoDelay(true);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  /** Sends one framed message and returns the ACK. */
  String send(String er7) throws IOException {
    sendRaw(frame(er7.getBytes(StandardCharsets.ISO_8859_1)));
    return readAck();
  }

  void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  String readAck() throws IOException {
    int b = in.read();
    while (b != VT) {
      if (b < 0) {
        throw new IOException("connection closed");
      }
      b = in.read();
    }
    ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
    while ((b = in.read()) != FS) {
      if (b < 0) {
        throw new IOException("connection closed inside a frame");
      }
      buf.write(b);
    }
    in.read(); // CR after FS
    return buf.toString(StandardCharsets.ISO_8859_1);
  }

  static byte[] frame(byte[] payload) {
    byte[] f = new byte[payload.length + 3];
    f[0] = VT;
    System.arraycopy(payload, 0, f, 1, payload.length);
    f[f.length - 2] = FS;
    f[f.length - 1] = CR;
    return f;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** MSA-1 of an ACK. */
  static String ackCode(String ack) {
    return field(ack, "MSA", 1);
  }

  /** MSA-2 of an ACK. */
  static String ackControlId(String ack) {
    return field(ack, "MSA", 2);
  }

  static String field(String message, String segment, int n) {
    for (String s : message.split("\r")) {
      if (s.startsWith(segment + "|")) {
        String[] f = s.split("\\|", -1);
        return n < f.length ? f[n] : "";
      }
    }
    return null;
  }
}
