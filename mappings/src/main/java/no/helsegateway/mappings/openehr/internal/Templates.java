package no.helsegateway.mappings.openehr.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import no.helsegateway.mappings.openehr.TemplateSource;
import org.apache.xmlbeans.XmlException;
import org.ehrbase.openehr.sdk.serialisation.RMDataFormat;
import org.ehrbase.openehr.sdk.serialisation.flatencoding.FlatFormat;
import org.ehrbase.openehr.sdk.serialisation.flatencoding.FlatJasonProvider;
import org.ehrbase.openehr.sdk.webtemplate.model.WebTemplate;
import org.ehrbase.openehr.sdk.webtemplate.parser.OPTParser;
import org.ehrbase.openehr.sdk.webtemplate.templateprovider.TemplateProvider;
import org.openehr.schemas.v1.OPERATIONALTEMPLATE;
import org.openehr.schemas.v1.TemplateDocument;

/** The operational templates kept in {@code openehr/templates/}, parsed once and cached. */
public final class Templates implements TemplateProvider {

  private final Map<String, TemplateSource> sources = new LinkedHashMap<>();
  private final Map<String, OPERATIONALTEMPLATE> parsed = new ConcurrentHashMap<>();
  private final Map<String, WebTemplate> webTemplates = new ConcurrentHashMap<>();
  private final Map<String, RMDataFormat> flatFormats = new ConcurrentHashMap<>();

  public Templates() {
    for (String[] row : Csv.read("templates/templates.csv", 4)) {
      String file = row[0];
      try (InputStream in = Templates.class.getResourceAsStream(Csv.BASE + "templates/" + file)) {
        if (in == null) {
          throw new IllegalStateException("Missing template file " + file);
        }
        sources.put(row[1], new TemplateSource(row[1], file, row[2], in.readAllBytes()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  public List<TemplateSource> sources() {
    return List.copyOf(sources.values());
  }

  public boolean contains(String templateId) {
    return sources.containsKey(templateId);
  }

  @Override
  public Optional<OPERATIONALTEMPLATE> find(String templateId) {
    TemplateSource source = sources.get(templateId);
    if (source == null) {
      return Optional.empty();
    }
    return Optional.of(parsed.computeIfAbsent(templateId, id -> parse(source)));
  }

  public WebTemplate webTemplate(String templateId) {
    return webTemplates.computeIfAbsent(
        templateId, id -> new OPTParser(find(id).orElseThrow(() -> unknown(id))).parse());
  }

  public RMDataFormat flat(String templateId) {
    return flatFormats.computeIfAbsent(
        templateId,
        id -> {
          webTemplate(id); // fail early on unknown ids
          return new FlatJasonProvider(this).buildFlatJson(FlatFormat.SIM_SDT, id);
        });
  }

  private static IllegalStateException unknown(String id) {
    return new IllegalStateException("No operational template " + id);
  }

  private static OPERATIONALTEMPLATE parse(TemplateSource source) {
    try {
      return TemplateDocument.Factory.parse(new ByteArrayInputStream(source.xml())).getTemplate();
    } catch (XmlException | IOException e) {
      throw new IllegalStateException("Cannot parse template " + source.fileName(), e);
    }
  }
}
