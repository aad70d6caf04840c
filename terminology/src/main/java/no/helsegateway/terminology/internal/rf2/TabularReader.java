package no.helsegateway.terminology.internal.rf2;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import no.helsegateway.terminology.LoadProgress;
import no.helsegateway.terminology.LoadProgressListener;

/**
 * Streams a delimited text file row by row (RF2 is tab separated with a header row). Lines that
 * start with {@code #} and blank lines are skipped; a UTF-8 byte order mark is dropped. Memory use
 * is one line at a time.
 */
public final class TabularReader {

  /** Receives one data row; returns true when it kept the row (for progress counts). */
  @FunctionalInterface
  public interface RowHandler {
    boolean row(Header header, String[] fields);
  }

  private TabularReader() {}

  /** Reads a tab-separated file with a header row. */
  public static void read(
      InputStream in,
      String fileName,
      char delimiter,
      LoadProgressListener listener,
      RowHandler h) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
      Header header = null;
      long read = 0;
      long kept = 0;
      String line;
      while ((line = reader.readLine()) != null) {
        if (header == null && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
          line = line.substring(1);
        }
        if (line.isBlank() || line.charAt(0) == '#') {
          continue;
        }
        String[] fields = split(line, delimiter);
        if (header == null) {
          header = new Header(fields);
          continue;
        }
        read++;
        if (h.row(header, fields)) {
          kept++;
        }
        if (read % LoadProgressListener.EVERY_ROWS == 0) {
          listener.onProgress(new LoadProgress(fileName, read, kept, false));
        }
      }
      listener.onProgress(new LoadProgress(fileName, read, kept, true));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + fileName, e);
    }
  }

  /** Splits on one character, keeping empty fields; strips a trailing carriage return. */
  public static String[] split(String line, char delimiter) {
    int end = line.length();
    if (end > 0 && line.charAt(end - 1) == '\r') {
      end--;
    }
    List<String> parts = new ArrayList<>(14);
    int start = 0;
    for (int i = 0; i < end; i++) {
      if (line.charAt(i) == delimiter) {
        parts.add(line.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(line.substring(start, end));
    return parts.toArray(new String[0]);
  }
}
