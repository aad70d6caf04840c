<?xml version="1.0" encoding="UTF-8"?>
<!--
  Henvisning 1.0 (ns .../henvisning/2005-07-08) and 1.1 (ns .../henvisning/2012-02-15), basismelding Message/ServReq ->
  FHIR transaction Bundle. The versions share element names (aliases in message-types.xml). ServReq has the same
  Patient/HCP shapes as the Epikrise ServRprt, so Patient, Organization and Practitioner come from the Epikrise
  stylesheets with $rprt = ServReq; the referral itself from service-request.xsl (shared with Henvisning 2.0).
  The referral id is ServReq/Id (quoted back by the Epikrise in ServRprt/ServReq/Id).
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:map="http://www.w3.org/2005/xpath-functions/map" xmlns:array="http://www.w3.org/2005/xpath-functions/array" xmlns:gw="urn:helsegateway:xslt-functions" exclude-result-prefixes="#all">
  <xsl:import href="../common/fhir-common.xsl"/>
  <xsl:import href="../epikrise/patient.xsl"/>
  <xsl:import href="../epikrise/organization.xsl"/>
  <xsl:import href="../epikrise/practitioner.xsl"/>
  <xsl:import href="service-request.xsl"/>

  <xsl:output method="json" indent="no" encoding="UTF-8"/>
  <xsl:mode on-no-match="shallow-skip"/>

  <xsl:variable name="msg" select="/*" as="element()"/>
  <xsl:variable name="msg-id" select="lower-case(normalize-space($msg/*:MsgId))" as="xs:string"/>
  <xsl:variable name="rprt" select="$msg/*:ServReq" as="element()"/>
  <xsl:variable name="ref" select="$rprt"/>
  <xsl:variable name="issued" select="gw:date-time(($rprt/*:IssueDate, $msg/*:GenDate)[1])"/>
  <xsl:variable name="referral-id" select="(gw:str($rprt/*:Id), $msg-id)[1]"/>
  <xsl:variable name="referral-stable-id" select="$referral-id"/>
  <xsl:variable name="responsible" select="($rprt/*:Patient/*:PatRelHCP[*:Relation/@V eq 'HHE']/*:HCP/(*:HCProf | *:Inst/*:HCPerson), $rprt/*:Requester/*:HCP/(*:HCProf | *:Inst/*:HCPerson))[1]"/>
  <xsl:variable name="requester-practitioner-url" select="gw:practitioner-url($responsible)"/>
  <xsl:variable name="requester-url" select="($requester-practitioner-url, gw:hcp-org-url($rprt/*:Requester/*:HCP))[1]"/>
  <xsl:variable name="performer-url" select="gw:hcp-org-url($rprt/*:ServProvider/*:HCP)"/>

  <xsl:function name="gw:url" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="gw:full-url($msg-id, $key)"/>
  </xsl:function>

  <xsl:template match="/">
    <xsl:variable name="entries" as="map(*)*">
      <xsl:call-template name="gw:patient-entries"/>
      <xsl:call-template name="gw:organization-entries"/>
      <xsl:call-template name="gw:practitioner-entries"/>
      <xsl:call-template name="gw:referral-entries"/>
      <xsl:sequence select="gw:entry(gw:url('DocumentReference'), gw:original-document($msg-id,
          gw:document-type('HENVISNING', map{'system': 'http://loinc.org', 'code': '57133-1', 'display': 'Referral note'}),
          $patient-url, gw:hcp-org-url($rprt/*:Requester/*:HCP), gw:date-time($msg/*:GenDate), namespace-uri($msg), $service-request-url), ())"/>
    </xsl:variable>
    <xsl:variable name="warnings" as="map(*)*">
      <xsl:call-template name="gw:practitioner-warnings"/>
    </xsl:variable>
    <xsl:sequence select="gw:obj((
        map{'resourceType': 'Bundle'},
        gw:kv('meta', if (empty($warnings)) then () else map{'tag': array{$warnings}}),
        map{'identifier': gw:message-identifier($msg-id, 'kith-msgid')},
        map{'type': 'transaction'},
        gw:kv('timestamp', gw:date-time($msg/*:GenDate)),
        map{'entry': array{$entries}}))"/>
  </xsl:template>
</xsl:stylesheet>
