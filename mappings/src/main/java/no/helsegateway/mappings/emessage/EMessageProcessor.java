package no.helsegateway.mappings.emessage;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.XdmNode;
import no.helsegateway.mappings.codetables.CodeTables;
import no.helsegateway.mappings.emessage.internal.AppRecBuilder;
import no.helsegateway.mappings.emessage.internal.BundleAssembler;
import no.helsegateway.mappings.emessage.internal.EnvelopeReader;
import no.helsegateway.mappings.emessage.internal.EnvelopeRules;
import no.helsegateway.mappings.emessage.internal.GatewayFunctions;
import no.helsegateway.mappings.emessage.internal.MessageTypeRegistry;
import no.helsegateway.mappings.emessage.internal.SchemaCatalog;
import no.helsegateway.mappings.emessage.internal.SecureXml;
import no.helsegateway.mappings.emessage.internal.Xdm;
import no.helsegateway.mappings.emessage.internal.XmlRejection;
import no.helsegateway.mappings.emessage.internal.XsltBundleTranslator;
import no.helsegateway.mappings.error.ErrorCodes;
import no.helsegateway.terminology.ConceptTranslator;
import org.hl7.fhir.r4.model.Bundle;

/**
 * The e-message facade: bytes in, {@link ProcessingResult} out (detected type, envelope metadata,
 * status, FHIR transaction Bundle, AppRec, errors). Construct ONCE and share: construction compiles
 * the schemas and stylesheets; {@link #process(byte[])} is thread-safe. Nothing is stored.
 *
 * <pre>
 * EMessageProcessor p = EMessageProcessor.builder()
 *     .conceptTranslator(translator)          // optional, ICD-10/SNOMED enrichment
 *     .bundleValidator(bundle -> issues)      // optional FHIR validation hook
 *     .maxMessageBytes(10 * 1024 * 1024)
 *     .build();
 * ProcessingResult r = p.process(bytes);
 * </pre>
 */
public final class EMessageProcessor {

  private static final System.Logger LOG = System.getLogger(EMessageProcessor.class.getName());

  private final Processor saxon;
  private final SecureXml xml;
  private final MessageTypeRegistry registry;
  private final SchemaCatalog schemas;
  private final EnvelopeReader envelopes;
  private final XsltBundleTranslator translator;
  private final AppRecBuilder appRecs;
  private final FhirContext fhir;
  private final BundleAssembler assembler;
  private final Function<Bundle, List<BundleIssue>> bundleValidator;

  /** A processor without terminology enrichment and without FHIR validation hook. */
  public EMessageProcessor() {
    this(builder());
  }

  /**
   * @param conceptTranslator terminology for code enrichment, may be {@code null}
   * @param bundleValidator FHIR validation hook, may be {@code null}
   */
  public EMessageProcessor(
      ConceptTranslator conceptTranslator, Function<Bundle, List<BundleIssue>> bundleValidator) {
    this(builder().conceptTranslator(conceptTranslator).bundleValidator(bundleValidator));
  }

  private EMessageProcessor(Builder b) {
    this.saxon = new Processor(false);
    GatewayFunctions.register(saxon, b.conceptTranslator);
    this.xml = new SecureXml(saxon, b.maxMessageBytes);
    this.registry = new MessageTypeRegistry(saxon);
    Set<String> schemaEntries = new LinkedHashSet<>();
    List<String> stylesheets = new ArrayList<>();
    for (MessageType t : registry.types()) {
      schemaEntries.addAll(t.schemas());
      if (t.translated()) {
        stylesheets.add(t.stylesheet());
      }
    }
    this.schemas = new SchemaCatalog(saxon, schemaEntries);
    CodeTables tables = new CodeTables(CodeTables.EMESSAGE);
    this.envelopes = new EnvelopeReader(personIdentifierSystems(tables));
    this.translator = new XsltBundleTranslator(saxon, tables, stylesheets);
    this.appRecs = new AppRecBuilder(b.clock, b.softwareName, b.softwareVersion);
    this.fhir = b.fhirContext != null ? b.fhirContext : FhirContext.forR4Cached();
    this.assembler = new BundleAssembler(fhir);
    this.bundleValidator = b.bundleValidator;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The registered message types (aliases resolved). */
  public List<MessageType> messageTypes() {
    return registry.types();
  }

  /** The FHIR context used to parse Bundles. */
  public FhirContext fhirContext() {
    return fhir;
  }

  /** The configured size limit in bytes. */
  public long maxMessageBytes() {
    return xml.maxBytes();
  }

  /** Reads at most the size limit (+1 byte to detect oversize) from the stream and processes it. */
  public ProcessingResult process(InputStream in) throws IOException {
    long limit = xml.maxBytes();
    byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    return process(bytes);
  }

  /** Processes one message. Never throws for bad input: bad input is a REJECTED result. */
  public ProcessingResult process(byte[] message) {
    SecureXml.Parsed parsed;
    try {
      parsed = xml.parse(message, schemas.schema());
    } catch (XmlRejection r) {
      return reject(
          null,
          EnvelopeMetadata.empty(),
          List.of(new ProcessingError(ErrorCodes.get(r.errorCode()), r.location(), r.detail())));
    }
    XdmNode doc = parsed.document();
    Optional<MessageType> detected = registry.detect(doc);
    if (detected.isEmpty()) {
      return reject(
          null,
          bestEffortEnvelope(doc),
          List.of(
              new ProcessingError(
                  ErrorCodes.get(ErrorCodes.UNSUPPORTED_TYPE), "/", describeRoot(doc))));
    }
    MessageType type = detected.get();
    EnvelopeMetadata env = envelopes.read(type, doc);
    if (!type.translated() && !type.isReceipt()) {
      return reject(
          type,
          env,
          List.of(
              new ProcessingError(
                  ErrorCodes.get(ErrorCodes.UNSUPPORTED_TYPE),
                  "/",
                  type.id() + " is recognised but not translated")));
    }
    if (!parsed.schemaMessages().isEmpty()) {
      List<ProcessingError> errors = new ArrayList<>();
      for (String m : parsed.schemaMessages()) {
        errors.add(new ProcessingError(ErrorCodes.get(ErrorCodes.SCHEMA_INVALID), null, m));
      }
      return reject(type, env, errors);
    }
    if (type.isReceipt()) {
      log(type, env, ProcessingStatus.ACCEPTED);
      return new ProcessingResult(
          type, env, ProcessingStatus.ACCEPTED, null, null, List.of(), List.of());
    }
    List<ProcessingError> ruleErrors = EnvelopeRules.check(type, env);
    if (!ruleErrors.isEmpty()) {
      return reject(type, env, ruleErrors);
    }
    Bundle bundle;
    try {
      net.sf.saxon.s9api.XdmValue raw =
          translator.translate(
              type.stylesheet(), doc, type.id(), BundleAssembler.ORIGINAL_PLACEHOLDER);
      bundle = assembler.assemble(raw, message);
    } catch (Exception e) {
      LOG.log(
          System.Logger.Level.ERROR,
          "Translation failed for type={0} msgId={1}: {2}",
          type.id(),
          env.messageId(),
          e.getClass().getSimpleName());
      return reject(
          type,
          env,
          List.of(
              new ProcessingError(
                  ErrorCodes.get(ErrorCodes.TRANSLATION_FAILED),
                  type.stylesheet(),
                  e.getClass().getSimpleName())));
    }
    List<String> warnings = bundleWarnings(bundle);
    ProcessingStatus status = ProcessingStatus.ACCEPTED;
    List<ProcessingError> errors = new ArrayList<>();
    if (bundleValidator != null) {
      List<BundleIssue> issues = bundleValidator.apply(bundle);
      for (BundleIssue i : issues == null ? List.<BundleIssue>of() : issues) {
        if (i.isError()) {
          errors.add(
              new ProcessingError(
                  ErrorCodes.get(ErrorCodes.FHIR_INVALID), i.location(), i.message()));
        }
      }
      if (!errors.isEmpty()) {
        status = ProcessingStatus.PARTIAL;
      }
    }
    String appRec = appRec(type, env, status, errors, null, false);
    log(type, env, status);
    return new ProcessingResult(type, env, status, bundle, appRec, errors, warnings);
  }

  /**
   * Builds a status-2 AppRec for a rejection decided outside this library (e.g. by the channel),
   * with one error-table row. Works on any result, also when the input could not be parsed.
   */
  public String appRecFor(ProcessingResult result, String errorCode, String detail) {
    return appRecFor(
        result,
        ProcessingStatus.REJECTED,
        List.of(new ProcessingError(ErrorCodes.get(errorCode), null, detail)));
  }

  /** Builds an AppRec with the given status and errors for a processed (or unparseable) message. */
  public String appRecFor(
      ProcessingResult result, ProcessingStatus status, List<ProcessingError> errors) {
    return appRec(result.messageType(), result.envelope(), status, errors, null, false);
  }

  /**
   * Builds the AppRec that one receiver in the own organisation returns (HITS 1168: one AppRec per
   * recognised receiver): {@code receiver} is that party as written in the original (primary or
   * copy receiver), {@code copyReceiver} selects role COP instead of PRIM (AppRec 1.1).
   */
  public String appRecFor(ProcessingResult result, Party receiver, boolean copyReceiver) {
    return appRec(
        result.messageType(),
        result.envelope(),
        result.status(),
        result.errors(),
        receiver,
        copyReceiver);
  }

  /**
   * All receipts for one message (HITS 1168: one AppRec per recognised receiver): the primary
   * receiver's first (role PRIM), then one per copy receiver (role COP in AppRec 1.1), each with
   * the result's status and errors and the addresses mirrored. Empty for a received receipt.
   */
  public List<String> appRecsPerReceiver(ProcessingResult result) {
    if (result.messageType() != null && result.messageType().isReceipt()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    out.add(appRecFor(result, result.envelope().receiver(), false));
    for (Party copy : result.envelope().copyReceivers()) {
      out.add(appRecFor(result, copy, true));
    }
    return List.copyOf(out);
  }

  /**
   * Builds a status-2 AppRec from envelope facts the caller knows (e.g. from the transport
   * envelope) when the bytes were unusable: version and 8279 type given explicitly.
   */
  public String rejectionAppRec(
      EnvelopeMetadata known,
      AppRecVersion version,
      String originalType8279,
      List<ProcessingError> errors) {
    Objects.requireNonNull(version, "version");
    return appRecs.build(
        new AppRecBuilder.Request(
            version,
            ProcessingStatus.REJECTED,
            errors,
            known == null ? EnvelopeMetadata.empty() : known,
            originalType8279,
            originalType8279,
            null,
            version == AppRecVersion.V1_1 ? "PRIM" : null,
            version == AppRecVersion.V1_1 ? "Primærmottaker" : null));
  }

  private ProcessingResult reject(
      MessageType type, EnvelopeMetadata env, List<ProcessingError> errors) {
    String appRec =
        type != null && type.isReceipt()
            ? null
            : appRec(type, env, ProcessingStatus.REJECTED, errors, null, false);
    log(type, env, ProcessingStatus.REJECTED);
    return new ProcessingResult(
        type, env, ProcessingStatus.REJECTED, null, appRec, errors, List.of());
  }

  private String appRec(
      MessageType type,
      EnvelopeMetadata env,
      ProcessingStatus status,
      List<ProcessingError> errors,
      Party answering,
      boolean copy) {
    if (type != null && type.isReceipt()) {
      return null;
    }
    // Unknown type: answer with the newest AppRec version (1.1), which every party accepts today.
    AppRecVersion version =
        type == null || type.appRecVersion() == null ? AppRecVersion.V1_1 : type.appRecVersion();
    String role = null;
    String roleDisplay = null;
    if (version == AppRecVersion.V1_1) {
      role = copy ? "COP" : "PRIM";
      roleDisplay = copy ? "Kopimottaker" : "Primærmottaker";
    }
    return appRecs.build(
        new AppRecBuilder.Request(
            version,
            status,
            errors,
            env,
            type == null ? env.messageType8279() : type.msgType8279(),
            type == null ? null : type.msgType8279Display(),
            answering,
            role,
            roleDisplay));
  }

  /** Reads the envelope of an unrecognised message as well as its root allows. */
  private EnvelopeMetadata bestEffortEnvelope(XdmNode doc) {
    XdmNode root = Xdm.root(doc);
    if (root == null) {
      return EnvelopeMetadata.empty();
    }
    String shape =
        switch (root.getNodeName().getLocalName()) {
          case "MsgHead" -> "msghead";
          case "Message" -> "basis";
          case "AppRec" -> "apprec";
          default -> null;
        };
    if (shape == null) {
      return EnvelopeMetadata.empty();
    }
    try {
      MessageType probe =
          new MessageType("unknown", null, null, shape, "", "", null, null, null, null, null, null);
      return envelopes.read(probe, doc);
    } catch (RuntimeException e) {
      return EnvelopeMetadata.empty();
    }
  }

  private static String describeRoot(XdmNode doc) {
    XdmNode root = Xdm.root(doc);
    if (root == null) {
      return "no root element";
    }
    String ns = root.getNodeName().getNamespace();
    String type = Xdm.attr(root, "MsgInfo/Type", "V");
    return "root {"
        + ns
        + "}"
        + root.getNodeName().getLocalName()
        + (type == null ? "" : " MsgInfo/Type=" + type)
        + " is not supported";
  }

  private static List<String> bundleWarnings(Bundle bundle) {
    List<String> w = new ArrayList<>();
    if (bundle.getMeta().hasTag()) {
      bundle.getMeta().getTag().stream()
          .filter(t -> "urn:helsegateway:translation-warning".equals(t.getSystem()))
          .forEach(t -> w.add(t.getCode() + (t.hasDisplay() ? ": " + t.getDisplay() : "")));
    }
    return w;
  }

  private static Map<String, String> personIdentifierSystems(CodeTables tables) {
    java.util.HashMap<String, String> m = new java.util.HashMap<>();
    for (String type : List.of("FNR", "DNR", "FHN", "HPR", "DUF", "HER")) {
      CodeTables.Target t = tables.lookup("identifier-systems", "8116", type);
      if (t != null) {
        m.put(type, t.code());
      }
    }
    return Map.copyOf(m);
  }

  private static void log(MessageType type, EnvelopeMetadata env, ProcessingStatus status) {
    if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
      LOG.log(
          System.Logger.Level.DEBUG,
          "e-message type={0} msgId={1} status={2}",
          type == null ? "unknown" : type.id(),
          env.messageId(),
          status);
    }
  }

  /** Options; every one has a safe default. */
  public static final class Builder {
    private ConceptTranslator conceptTranslator;
    private Function<Bundle, List<BundleIssue>> bundleValidator;
    private long maxMessageBytes = SecureXml.DEFAULT_MAX_BYTES;
    private Clock clock = Clock.systemDefaultZone();
    private String softwareName = "Helse gateway";
    private String softwareVersion = "0.1.0";
    private FhirContext fhirContext;

    private Builder() {}

    /** Terminology for ICD-10/SNOMED CT enrichment; {@code null} adds nothing. */
    public Builder conceptTranslator(ConceptTranslator t) {
      this.conceptTranslator = t;
      return this;
    }

    /** FHIR validation hook; error issues make the result PARTIAL (AppRec status 3). */
    public Builder bundleValidator(Function<Bundle, List<BundleIssue>> v) {
      this.bundleValidator = v;
      return this;
    }

    /** Size limit in bytes (default 10 MiB); larger bodies are rejected (T99) before parsing. */
    public Builder maxMessageBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxMessageBytes must be positive");
      }
      this.maxMessageBytes = bytes;
      return this;
    }

    /** Clock for AppRec GenDate (tests use a fixed clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** AppRec SoftwareName / SoftwareVersion. */
    public Builder software(String name, String version) {
      this.softwareName = name;
      this.softwareVersion = version;
      return this;
    }

    /** Shares an existing R4 FhirContext (expensive to create). */
    public Builder fhirContext(FhirContext ctx) {
      this.fhirContext = ctx;
      return this;
    }

    public EMessageProcessor build() {
      return new EMessageProcessor(this);
    }
  }
}
