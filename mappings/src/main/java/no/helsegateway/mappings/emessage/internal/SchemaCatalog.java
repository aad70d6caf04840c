package no.helsegateway.mappings.emessage.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.XdmNode;
import org.w3c.dom.ls.LSInput;
import org.w3c.dom.ls.LSResourceResolver;
import org.xml.sax.SAXException;

/**
 * Offline XSD catalogue: reads {@code xsd/catalog.xml} (namespace to file) from the classpath,
 * resolves every import by namespace, and compiles ONE {@link Schema} for all registered entry
 * schemas (their namespaces are distinct). The compiled Schema is immutable and thread-safe.
 */
public final class SchemaCatalog {

  public static final String BASE = "/no/helsegateway/mappings/emessage/xsd/";

  private final Map<String, URL> byNamespace = new LinkedHashMap<>();
  private final Schema schema;

  public SchemaCatalog(Processor processor, Collection<String> entrySchemas) {
    loadCatalog(processor);
    List<Source> sources = new ArrayList<>();
    for (String entry : new LinkedHashSet<>(entrySchemas)) {
      URL url = resource(BASE + entry);
      sources.add(new StreamSource(url.toExternalForm()));
    }
    SchemaFactory sf = SecureXml.hardenedSchemaFactory();
    sf.setResourceResolver(new NamespaceResolver());
    try {
      this.schema = sf.newSchema(sources.toArray(new Source[0]));
    } catch (SAXException e) {
      throw new IllegalStateException("Cannot compile the e-message schemas: " + e.getMessage(), e);
    }
  }

  /** The compiled schema covering every registered message type. */
  public Schema schema() {
    return schema;
  }

  private void loadCatalog(Processor processor) {
    URL url = resource(BASE + "catalog.xml");
    try (InputStream in = url.openStream()) {
      SecureXml xml = new SecureXml(processor, SecureXml.DEFAULT_MAX_BYTES);
      XdmNode doc = xml.parse(in.readAllBytes(), null).document();
      for (XdmNode uri : Xdm.children(Xdm.root(doc), "uri")) {
        String ns = Xdm.attr(uri, null, "name");
        String file = Xdm.attr(uri, null, "uri");
        byNamespace.put(ns, resource(BASE + file));
      }
    } catch (IOException | XmlRejection e) {
      throw new IllegalStateException("Cannot read " + url, e);
    }
  }

  private static URL resource(String path) {
    URL url = SchemaCatalog.class.getResource(path);
    if (url == null) {
      throw new IllegalStateException("Missing classpath resource " + path);
    }
    return url;
  }

  /** Resolves schema imports by namespace only; anything not in the catalogue stays unresolved. */
  private final class NamespaceResolver implements LSResourceResolver {
    @Override
    public LSInput resolveResource(
        String type, String namespaceURI, String publicId, String systemId, String baseURI) {
      URL url = namespaceURI == null ? null : byNamespace.get(namespaceURI);
      if (url == null) {
        return null;
      }
      return new Input(url.toExternalForm(), publicId);
    }
  }

  private static final class Input implements LSInput {
    private String systemId;
    private String publicId;

    Input(String systemId, String publicId) {
      this.systemId = systemId;
      this.publicId = publicId;
    }

    @Override
    public Reader getCharacterStream() {
      return null;
    }

    @Override
    public void setCharacterStream(Reader characterStream) {}

    @Override
    public InputStream getByteStream() {
      return null;
    }

    @Override
    public void setByteStream(InputStream byteStream) {}

    @Override
    public String getStringData() {
      return null;
    }

    @Override
    public void setStringData(String stringData) {}

    @Override
    public String getSystemId() {
      return systemId;
    }

    @Override
    public void setSystemId(String systemId) {
      this.systemId = systemId;
    }

    @Override
    public String getPublicId() {
      return publicId;
    }

    @Override
    public void setPublicId(String publicId) {
      this.publicId = publicId;
    }

    @Override
    public String getBaseURI() {
      return null;
    }

    @Override
    public void setBaseURI(String baseURI) {}

    @Override
    public String getEncoding() {
      return null;
    }

    @Override
    public void setEncoding(String encoding) {}

    @Override
    public boolean getCertifiedText() {
      return false;
    }

    @Override
    public void setCertifiedText(boolean certifiedText) {}
  }
}
