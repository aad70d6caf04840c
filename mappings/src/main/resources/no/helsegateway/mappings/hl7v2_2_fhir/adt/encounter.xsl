<?xml version="1.0" encoding="UTF-8"?>
<!--
  PV1 (+ EVN) -> Encounter, conditional update keyed by the visit number PV1-19.
  status: table encounter-status (HL7 0003 event -> status; "derive" = finished when PV1-45 is valued);
  class: table encounter-class (HL7 0004); period.start PV1-44 (else EVN-6, EVN-2, MSH-7), period.end PV1-45 unless
  the status says the stay goes on (A13 cancel discharge); location PV1-3 (active) and, on a transfer, PV1-6 (completed).
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map" xmlns:array="http://www.w3.org/2005/xpath-functions/array"
    xmlns:v2="urn:helsegateway:hl7v2-xslt" xmlns:v2f="urn:helsegateway:hl7v2-functions"
    xpath-default-namespace="urn:hl7-org:v2xml" exclude-result-prefixes="#all">

  <xsl:variable name="pv1" select="(//PV1)[1]" as="element()?"/>
  <xsl:variable name="evn" select="(//EVN)[1]" as="element()?"/>

  <xsl:function name="v2:location-text" as="xs:string?">
    <xsl:param name="pl" as="element()?"/>
    <xsl:variable name="parts" select="(v2:str($pl/PL.4/HD.1), v2:str($pl/PL.1), v2:str($pl/PL.2), v2:str($pl/PL.3))"/>
    <xsl:sequence select="if (empty($parts)) then () else string-join($parts, ' ')"/>
  </xsl:function>

  <xsl:template name="v2:encounter-entries" as="map(*)*">
    <xsl:variable name="visit" select="v2:identifier($pv1/PV1.19, 'vn')"/>
    <xsl:variable name="table-status" select="v2:lookup('encounter-status', '0003', $trigger-event)?code"/>
    <xsl:variable name="status" select="if ($table-status eq 'derive')
        then (if (exists(v2:date-time($pv1/PV1.45))) then 'finished' else 'in-progress')
        else ($table-status, 'unknown')[1]"/>
    <xsl:variable name="class" select="(v2:table-coding(v2:lookup('encounter-class', '0004', v2:str($pv1/PV1.2))),
        map{'system': 'http://terminology.hl7.org/CodeSystem/v3-NullFlavor', 'code': 'UNK', 'display': 'unknown'})[1]"/>
    <xsl:variable name="start" select="(v2:date-time($pv1/PV1.44), v2:date-time($evn/EVN.6), v2:date-time($evn/EVN.2), v2:date-time($v2:msh/MSH.7))[1]"/>
    <xsl:variable name="end" select="if ($status = ('finished', 'entered-in-error', 'cancelled')) then v2:date-time($pv1/PV1.45) else ()"/>
    <xsl:variable name="current" select="v2:location-text($pv1/PV1.3)"/>
    <xsl:variable name="prior" select="v2:location-text($pv1/PV1.6)"/>
    <xsl:variable name="resource" select="v2:obj((
        map{'resourceType': 'Encounter'},
        map{'identifier': array{$visit}},
        map{'status': $status},
        map{'class': $class},
        map{'subject': v2:ref($patient-url)},
        map{'period': v2:obj((v2:kv('start', $start), v2:kv('end', $end)))},
        v2:kv('location', v2:arr((
            if (exists($current)) then map{'location': map{'display': $current}, 'status': if ($status eq 'finished') then 'completed' else 'active'} else (),
            if (exists($prior) and $prior ne $current) then map{'location': map{'display': $prior}, 'status': 'completed'} else ())))))"/>
    <xsl:sequence select="v2:entry(v2:url('Encounter|' || $visit?system || '|' || $visit?value), $resource,
        'PUT', 'Encounter?' || v2:search($visit), ())"/>
  </xsl:template>
</xsl:stylesheet>
