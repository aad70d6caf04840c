<?xml version="1.0" encoding="UTF-8"?>
<!--
  Henvisning 2.0 (ns http://ehelse.no/xmlstds/henvisning/2017-11-30) in MsgHead, profiles "Henvisning ny tilstand"
  (HENVISNING_NYTILSTAND, HIS 1207) and "Viderehenvisning" (HENVISNING_VIDERE, HIS 1208) -> FHIR transaction Bundle.
  The referral id is MsgInfo/MsgId (HITS 1218: that is what a later Epikrise quotes in ServReq/Id); DocumentId is kept as
  a second identifier. Envelope resources from ../msghead/msghead.xsl, the referral from service-request.xsl (shared
  with Henvisning 1.x).
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:map="http://www.w3.org/2005/xpath-functions/map" xmlns:array="http://www.w3.org/2005/xpath-functions/array" xmlns:gw="urn:helsegateway:xslt-functions" exclude-result-prefixes="#all">
  <xsl:import href="../msghead/msghead.xsl"/>
  <xsl:import href="service-request.xsl"/>

  <xsl:variable name="ref" select="$payload" as="element()"/>
  <xsl:variable name="referral-id" select="$msg-id"/>
  <xsl:variable name="referral-stable-id" select="(gw:str(lower-case($ref/*:DocumentId)), $msg-id)[1]"/>
  <xsl:variable name="responsible" select="($info/*:Sender//*:HealthcareProfessional, $ref/*:AnsvarForRapport/*:AnsvarligRapport)[1]"/>
  <xsl:variable name="requester-practitioner-url" select="gw:hcp-url($responsible)"/>
  <xsl:variable name="requester-url" select="($requester-practitioner-url, gw:msghead-party-org-url($info/*:Sender))[1]"/>
  <xsl:variable name="performer-url" select="gw:msghead-party-org-url($info/*:Receiver)"/>

  <xsl:template match="/">
    <xsl:variable name="entries" as="map(*)*">
      <xsl:call-template name="gw:patient-entries"/>
      <xsl:call-template name="gw:organization-entries"/>
      <xsl:call-template name="gw:practitioner-entries">
        <xsl:with-param name="people" select="$ref/*:AnsvarForRapport/*:AnsvarligRapport | $ref/*:KontaktpersonHelsepersonell/*:Kontaktperson"/>
      </xsl:call-template>
      <xsl:call-template name="gw:referral-entries"/>
      <xsl:call-template name="gw:document-reference-entries">
        <xsl:with-param name="type" select="gw:msg-document-type('57133-1', 'Referral note')"/>
        <xsl:with-param name="related" select="$service-request-url"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:sequence select="gw:bundle($entries)"/>
  </xsl:template>
</xsl:stylesheet>
