<?xml version="1.0" encoding="UTF-8"?>
<!--
  ADT (ADT_A01, ADT_A02, ADT_A03, ADT_A05, ADT_A09, ADT_A39 structures; every trigger event in hl7v2/message-types.xml
  that names this stylesheet) -> FHIR transaction Bundle (JSON).
  One entry stylesheet for all ADT structures (PID, PV1, MRG sit at the same depth or are found with //);
  the differences between trigger events are registry data ($patient-mode, $write-encounter) and the
  encounter-status table, never copies of this file.
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map" xmlns:array="http://www.w3.org/2005/xpath-functions/array"
    xmlns:v2="urn:helsegateway:hl7v2-xslt" xmlns:v2f="urn:helsegateway:hl7v2-functions"
    xpath-default-namespace="urn:hl7-org:v2xml" exclude-result-prefixes="#all">
  <xsl:import href="../common/v2-common.xsl"/>
  <xsl:import href="../common/patient.xsl"/>
  <xsl:import href="encounter.xsl"/>
  <xsl:import href="merge.xsl"/>

  <xsl:output method="json" indent="no" encoding="UTF-8"/>
  <xsl:mode on-no-match="shallow-skip"/>

  <xsl:template match="/">
    <xsl:variable name="entries" as="map(*)*">
      <xsl:choose>
        <xsl:when test="$patient-mode eq 'merge'">
          <xsl:call-template name="v2:merge-entries"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="v2:patient-entries"/>
          <xsl:if test="$write-encounter">
            <xsl:call-template name="v2:encounter-entries"/>
          </xsl:if>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:sequence select="v2:bundle($entries)"/>
  </xsl:template>
</xsl:stylesheet>
