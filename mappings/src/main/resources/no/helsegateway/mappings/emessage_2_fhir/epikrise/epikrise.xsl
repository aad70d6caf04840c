<?xml version="1.0" encoding="UTF-8"?>
<!--
  Epikrise 1.1 (ns .../epikrise/2006-09-23) and 1.2 (ns .../epikrise/2012-02-15) -> FHIR R4 transaction Bundle (JSON).
  One entry stylesheet for the message type; one imported stylesheet per target resource. Both versions share
  element names, so paths use *: wildcards and the versions are aliases in message-types.xml (not copies).
  Output: an XPath map serialised with method json; Java parses it into a HAPI Bundle.
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:map="http://www.w3.org/2005/xpath-functions/map" xmlns:array="http://www.w3.org/2005/xpath-functions/array" xmlns:gw="urn:helsegateway:xslt-functions" exclude-result-prefixes="#all">
  <xsl:import href="../common/fhir-common.xsl"/>
  <xsl:import href="patient.xsl"/>
  <xsl:import href="organization.xsl"/>
  <xsl:import href="practitioner.xsl"/>
  <xsl:import href="encounter.xsl"/>
  <xsl:import href="condition.xsl"/>
  <xsl:import href="medication-statement.xsl"/>
  <xsl:import href="observation.xsl"/>
  <xsl:import href="composition.xsl"/>
  <xsl:import href="document-reference.xsl"/>

  <xsl:output method="json" indent="no" encoding="UTF-8"/>
  <xsl:mode on-no-match="shallow-skip"/>

  <xsl:variable name="msg" select="/*" as="element()"/>
  <xsl:variable name="msg-id" select="lower-case(normalize-space($msg/*:MsgId))" as="xs:string"/>
  <xsl:variable name="rprt" select="$msg/*:ServRprt" as="element()"/>
  <xsl:variable name="issued" select="gw:date-time(($rprt/*:IssueDate, $msg/*:GenDate)[1])"/>

  <!-- Deterministic fullUrl for a key within this message -->
  <xsl:function name="gw:url" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="gw:full-url($msg-id, $key)"/>
  </xsl:function>

  <xsl:template match="/">
    <xsl:variable name="entries" as="map(*)*">
      <xsl:call-template name="gw:patient-entries"/>
      <xsl:call-template name="gw:organization-entries"/>
      <xsl:call-template name="gw:practitioner-entries"/>
      <xsl:call-template name="gw:encounter-entries"/>
      <xsl:call-template name="gw:condition-entries"/>
      <xsl:call-template name="gw:medication-statement-entries"/>
      <xsl:call-template name="gw:observation-entries"/>
      <xsl:call-template name="gw:composition-entries"/>
      <xsl:call-template name="gw:document-reference-entries"/>
    </xsl:variable>
    <xsl:variable name="warnings" as="map(*)*">
      <xsl:call-template name="gw:practitioner-warnings"/>
    </xsl:variable>
    <xsl:sequence select="gw:obj((
        map{'resourceType': 'Bundle'},
        gw:kv('meta', if (empty($warnings)) then () else map{'tag': array{$warnings}}),
        map{'identifier': map{'system': 'urn:ietf:rfc:3986', 'value': 'urn:uuid:' || $msg-id}},
        map{'type': 'transaction'},
        gw:kv('timestamp', gw:date-time($msg/*:GenDate)),
        map{'entry': array{$entries}}))"/>
  </xsl:template>
</xsl:stylesheet>
