package no.helsegateway.server.terminology.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import no.helsegateway.server.security.OperationsAccess;
import no.helsegateway.terminology.UnmappedCodeRecorder;
import no.helsegateway.terminology.UnmappedCodeReport;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /terminology/unmapped}: the unmapped-code report as JSON (default) or CSV ({@code
 * Accept: text/csv} or {@code ?format=csv}). Requires the scope {@code gateway/operations} (403
 * without it; see {@link OperationsAccess}). Errors are OperationOutcome JSON.
 */
@RestController
public class UnmappedCodeController {

  static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
  static final MediaType JSON = MediaType.APPLICATION_JSON;

  private final UnmappedCodeRecorder recorder;
  private final OperationsAccess operations;

  public UnmappedCodeController(UnmappedCodeRecorder recorder, OperationsAccess operations) {
    this.recorder = recorder;
    this.operations = operations;
  }

  @GetMapping("/terminology/unmapped")
  public ResponseEntity<String> report(
      HttpServletRequest request,
      @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
      @RequestParam(value = "format", required = false) String format) {
    ResponseEntity<String> denied = operations.deny(request);
    if (denied != null) {
      return denied;
    }
    UnmappedCodeReport report = recorder.report();
    if (wantsCsv(accept, format)) {
      return ResponseEntity.ok()
          .contentType(CSV)
          .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"unmapped-codes.csv\"")
          .body(report.toCsv());
    }
    return ResponseEntity.ok().contentType(JSON).body(report.toJson());
  }

  static boolean wantsCsv(String accept, String format) {
    if (format != null && !format.isBlank()) {
      return format.trim().equalsIgnoreCase("csv");
    }
    return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/csv");
  }
}
