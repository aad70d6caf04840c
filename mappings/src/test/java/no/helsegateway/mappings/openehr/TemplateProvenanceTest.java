package no.helsegateway.mappings.openehr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The OPT files equal the SDK test-data artifact entries that PROVENANCE.md names, byte for byte.
 */
class TemplateProvenanceTest {

  @Test
  void templatesAreUnchangedCopiesOfTheirSource() throws Exception {
    OpenEhrMapper mapper = new OpenEhrMapper();
    assertThat(mapper.templates()).hasSize(4);
    for (TemplateSource template : mapper.templates()) {
      String entry = template.source().substring(template.source().indexOf("!/") + 1);
      try (InputStream original = getClass().getResourceAsStream(entry)) {
        assertThat(original).as(entry).isNotNull();
        assertThat(template.xml()).as(template.fileName()).isEqualTo(original.readAllBytes());
      }
      String sha =
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(template.xml()));
      assertThat(new String(template.xml(), "UTF-8")).contains(template.templateId());
      assertThat(sha).isNotBlank();
    }
  }
}
