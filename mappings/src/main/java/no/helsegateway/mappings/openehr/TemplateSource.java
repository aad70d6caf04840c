package no.helsegateway.mappings.openehr;

/**
 * One operational template (OPT 1.4 XML) that the builders target, for upload to the CDR.
 *
 * @param templateId the template id inside the OPT
 * @param fileName the resource file name under {@code openehr/templates/}
 * @param source where the file was taken from (see PROVENANCE.md)
 * @param xml the OPT bytes, unchanged
 */
public record TemplateSource(String templateId, String fileName, String source, byte[] xml) {}
