<?xml version="1.0" encoding="UTF-8"?>
<!--
  ORU^R01 (ORU_R01) -> FHIR transaction Bundle (JSON): the Patient (conditional create: a lab never overwrites
  demographics), one DiagnosticReport per OBR and one Observation per OBX, each a conditional update keyed by the
  filler order number (OBR-3), so that a corrected result replaces the earlier one.
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map" xmlns:array="http://www.w3.org/2005/xpath-functions/array"
    xmlns:v2="urn:helsegateway:hl7v2-xslt" xmlns:v2f="urn:helsegateway:hl7v2-functions"
    xpath-default-namespace="urn:hl7-org:v2xml" exclude-result-prefixes="#all">
  <xsl:import href="../common/v2-common.xsl"/>
  <xsl:import href="../common/patient.xsl"/>
  <xsl:import href="observation.xsl"/>
  <xsl:import href="diagnostic-report.xsl"/>

  <xsl:output method="json" indent="no" encoding="UTF-8"/>
  <xsl:mode on-no-match="shallow-skip"/>

  <xsl:template match="/">
    <xsl:variable name="entries" as="map(*)*">
      <xsl:call-template name="v2:patient-entries"/>
      <xsl:for-each select="//ORU_R01.ORDER_OBSERVATION[OBR]">
        <xsl:call-template name="v2:diagnostic-report-entries"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:sequence select="v2:bundle($entries)"/>
  </xsl:template>
</xsl:stylesheet>
