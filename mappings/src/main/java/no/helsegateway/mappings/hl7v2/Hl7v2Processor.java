package no.helsegateway.mappings.hl7v2;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import net.sf.saxon.s9api.Processor;
import no.helsegateway.mappings.codetables.CodeTables;
import no.helsegateway.mappings.error.ErrorCode;
import no.helsegateway.mappings.error.ErrorCodes;
import no.helsegateway.mappings.fhirjson.XdmFhirJson;
import no.helsegateway.mappings.hl7v2.internal.HeaderReader;
import no.helsegateway.mappings.hl7v2.internal.Hl7v2Functions;
import no.helsegateway.mappings.hl7v2.internal.Hl7v2Registry;
import no.helsegateway.mappings.hl7v2.internal.Hl7v2Translator;
import no.helsegateway.mappings.hl7v2.internal.Hl7v2XmlTree;
import no.helsegateway.mappings.hl7v2.internal.Rejection;
import org.hl7.fhir.r4.model.Bundle;

/**
 * The HL7 v2 facade: one ER7 message in, {@link Hl7v2Result} out (header, registry row, status,
 * FHIR transaction Bundle, the ACK to send, errors). Mirrors the e-message processor: construct
 * ONCE and share (construction compiles the stylesheets); {@link #process(String)} is thread-safe
 * and never throws for bad input. Nothing is stored, nothing of the content is logged.
 *
 * <p>Steps: size limit, MSH checks (encoding characters, MSH-9, MSH-10, version 2.3-2.5.1), event
 * look-up in {@code hl7v2/message-types.xml}, HAPI parse through the 2.5.1 model, required
 * segments, HL7 v2 XML (rendered straight into a Saxon tree, as DefaultXMLParser names it), XSLT
 * 3.0 to a FHIR transaction Bundle, optional validation hook, ACK from the one {@link AckFactory}.
 *
 * <pre>
 * Hl7v2Processor p = Hl7v2Processor.builder().maxMessageChars(1 &lt;&lt; 20).build();
 * Hl7v2Result r = p.process(er7);
 * if (r.status() == Hl7v2Status.ACCEPTED) { commit(r.bundle()); send(r.ack()); }
 * else send(r.ack());
 * </pre>
 */
public final class Hl7v2Processor {

  private static final System.Logger LOG = System.getLogger(Hl7v2Processor.class.getName());

  private final Hl7v2Registry registry;
  private final CodeTables tables;
  private final HeaderReader headers;
  private final PipeParser pipe;
  private final Hl7v2XmlTree tree;
  private final Processor saxon;
  private final Hl7v2Translator translator;
  private final AckFactory acks;
  private final XdmFhirJson json;
  private final Function<Bundle, List<String>> bundleValidator;
  private final int maxMessageChars;

  private Hl7v2Processor(Builder b) {
    this.registry = new Hl7v2Registry();
    this.tables = new CodeTables(CodeTables.HL7V2);
    this.headers = new HeaderReader(registry.versions());
    HapiContext ctx = new DefaultHapiContext();
    ctx.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
    ctx.setValidationContext(ValidationContextFactory.noValidation());
    this.pipe = ctx.getPipeParser();
    this.saxon = new Processor(false);
    this.tree = new Hl7v2XmlTree(saxon);
    Hl7v2Functions.register(saxon);
    this.translator =
        new Hl7v2Translator(
            saxon, tables, registry.types().stream().map(Hl7v2MessageType::stylesheet).toList());
    this.acks = new AckFactory(b.clock);
    this.json = new XdmFhirJson(b.fhirContext != null ? b.fhirContext : FhirContext.forR4Cached());
    this.bundleValidator = b.bundleValidator;
    this.maxMessageChars = b.maxMessageChars;
  }

  /** A processor with the defaults (system clock, 1 MiB limit, no validation hook). */
  public Hl7v2Processor() {
    this(builder());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The registered trigger events (aliases resolved). */
  public List<Hl7v2MessageType> messageTypes() {
    return registry.types();
  }

  /** The configured size limit in characters. */
  public int maxMessageChars() {
    return maxMessageChars;
  }

  /** Processes one message (ER7; segments separated by CR, LF or CRLF). */
  public Hl7v2Result process(String message) {
    if (message == null) {
      message = "";
    }
    if (message.length() > maxMessageChars) {
      return fail(
          headers.lenient(message),
          null,
          Hl7v2Status.REJECTED,
          error(
              ErrorCodes.TOO_LARGE,
              null,
              "the message has " + message.length() + " characters; limit " + maxMessageChars));
    }
    String er7 = normalise(message);
    MessageHeader h;
    try {
      h = headers.read(er7);
    } catch (Rejection r) {
      return fail(
          headers.lenient(er7),
          null,
          Hl7v2Status.REJECTED,
          error(r.errorCode(), r.location(), r.detail()));
    }
    Optional<Hl7v2MessageType> found = registry.find(h.event());
    if (found.isEmpty()) {
      return fail(
          h,
          null,
          Hl7v2Status.REJECTED,
          error(
              ErrorCodes.UNSUPPORTED_TYPE,
              "MSH-9",
              "message type " + clip(h.event()) + " is not supported"));
    }
    Hl7v2MessageType type = found.get();
    Hl7v2XmlTree.Rendered doc;
    try {
      Message parsed = pipe.parse(er7);
      doc = tree.render(parsed);
    } catch (HL7Exception | RuntimeException e) {
      return fail(
          h,
          type,
          Hl7v2Status.REJECTED,
          error(
              ErrorCodes.HL7V2_MALFORMED,
              null,
              "the message cannot be parsed (" + e.getClass().getSimpleName() + ")"));
    }
    for (String segment : type.requiredSegments()) {
      if (doc.absent(segment)) {
        return fail(
            h,
            type,
            Hl7v2Status.ERROR,
            error(ErrorCodes.REQUIRED_MISSING, segment, "segment " + segment + " is missing"));
      }
    }
    if (type.requiredSegments().contains("PID") && doc.absent("PID.3")) {
      return fail(
          h,
          type,
          Hl7v2Status.ERROR,
          error(
              ErrorCodes.PATIENT_ID_MISSING, "PID-3", "PID-3 (patient identifier list) is empty"));
    }
    if (type.encounter() && doc.absent("PV1.19")) {
      return fail(
          h,
          type,
          Hl7v2Status.ERROR,
          error(ErrorCodes.REQUIRED_MISSING, "PV1-19", "PV1-19 (visit number) is empty"));
    }
    Bundle bundle;
    try {
      bundle = json.parse(Bundle.class, translator.translateRaw(type, h, doc.document()));
    } catch (Exception e) {
      LOG.log(
          System.Logger.Level.ERROR,
          "HL7 v2 translation failed for event={0} controlId={1}: {2}",
          type.event(),
          h.controlId(),
          e.getClass().getSimpleName());
      return fail(
          h,
          type,
          Hl7v2Status.ERROR,
          error(ErrorCodes.TRANSLATION_FAILED, null, e.getClass().getSimpleName()));
    }
    if (bundleValidator != null) {
      List<Hl7v2Error> errors = new ArrayList<>();
      for (String issue :
          Objects.requireNonNullElse(bundleValidator.apply(bundle), List.<String>of())) {
        errors.add(error(ErrorCodes.FHIR_INVALID, null, issue));
      }
      if (!errors.isEmpty()) {
        return fail(h, type, Hl7v2Status.ERROR, errors.toArray(Hl7v2Error[]::new));
      }
    }
    AckCode code = AckCode.of(Hl7v2Status.ACCEPTED, h.enhancedMode());
    log(h, Hl7v2Status.ACCEPTED);
    return new Hl7v2Result(
        h,
        type,
        Hl7v2Status.ACCEPTED,
        code,
        acks.ack(h, code, List.of()),
        bundle,
        List.of(),
        List.of());
  }

  /**
   * The ACK for a failure decided after processing (e.g. the commit failed, or the Bundle was
   * refused by the store): one error-table row; AE or AR (CE/CR in enhanced mode) after the row.
   */
  public String ackFor(Hl7v2Result result, String errorCode, String detail) {
    Hl7v2Error e = error(errorCode, null, detail);
    return acks.ack(
        result.header(),
        AckCode.of(statusOf(List.of(e)), result.header().enhancedMode()),
        List.of(e));
  }

  /** The ACK for a message that could not be processed at all (header read leniently). */
  public String ackFor(String message, String errorCode, String detail) {
    MessageHeader h = headers.lenient(normalise(message == null ? "" : message));
    Hl7v2Error e = error(errorCode, null, detail);
    return acks.ack(h, AckCode.of(statusOf(List.of(e)), h.enhancedMode()), List.of(e));
  }

  /** The one error model: a gateway error-table row rendered with its HL7 table 0357 code. */
  public Hl7v2Error error(String errorCode, String location, String detail) {
    ErrorCode row = ErrorCodes.get(errorCode);
    CodeTables.Target t = tables.lookup("error-code-0357", "gateway-error", errorCode);
    return new Hl7v2Error(
        row,
        t == null ? "207" : t.code(),
        t == null ? "Application internal error" : t.display(),
        location,
        detail);
  }

  private Hl7v2Result fail(
      MessageHeader h, Hl7v2MessageType type, Hl7v2Status status, Hl7v2Error... errors) {
    List<Hl7v2Error> list = List.of(errors);
    Hl7v2Status s = status == Hl7v2Status.REJECTED ? status : statusOf(list);
    AckCode code = AckCode.of(s, h.enhancedMode());
    log(h, s);
    return new Hl7v2Result(h, type, s, code, acks.ack(h, code, list), null, list, List.of());
  }

  /** AR when any row says AR (not processed, may be resent), else AE. */
  private static Hl7v2Status statusOf(List<Hl7v2Error> errors) {
    return errors.stream().anyMatch(e -> "AR".equals(e.code().hl7AckCode()))
        ? Hl7v2Status.REJECTED
        : Hl7v2Status.ERROR;
  }

  /** Segment separators to CR; surrounding whitespace and MLLP leftovers removed. */
  static String normalise(String m) {
    String s = m.strip();
    if (s.indexOf('\n') >= 0) {
      s = s.replace("\r\n", "\r").replace('\n', '\r');
    }
    return s;
  }

  private static String clip(String s) {
    String t = s.replaceAll("[^0-9A-Za-z^_]", "");
    return t.length() > 20 ? t.substring(0, 20) : t;
  }

  private static void log(MessageHeader h, Hl7v2Status status) {
    if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
      LOG.log(
          System.Logger.Level.DEBUG,
          "HL7 v2 event={0} controlId={1} status={2}",
          clip(h.event()),
          clip(h.controlId()),
          status);
    }
  }

  /** Options; every one has a safe default. */
  public static final class Builder {
    private Clock clock = Clock.systemDefaultZone();
    private FhirContext fhirContext;
    private Function<Bundle, List<String>> bundleValidator;
    private int maxMessageChars = 1024 * 1024;

    private Builder() {}

    /** Clock for the ACK's MSH-7 (tests use a fixed clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** Shares an existing R4 FhirContext. */
    public Builder fhirContext(FhirContext ctx) {
      this.fhirContext = ctx;
      return this;
    }

    /** Validation hook: returns error texts (no patient data); any error makes the result AE. */
    public Builder bundleValidator(Function<Bundle, List<String>> v) {
      this.bundleValidator = v;
      return this;
    }

    /** Size limit in characters (default 1 MiB); larger messages are answered AR. */
    public Builder maxMessageChars(int chars) {
      if (chars <= 0) {
        throw new IllegalArgumentException("maxMessageChars must be positive");
      }
      this.maxMessageChars = chars;
      return this;
    }

    public Hl7v2Processor build() {
      return new Hl7v2Processor(this);
    }
  }
}
