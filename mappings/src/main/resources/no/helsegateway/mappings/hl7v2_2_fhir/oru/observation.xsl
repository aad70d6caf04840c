<?xml version="1.0" encoding="UTF-8"?>
<!--
  OBX -> Observation. identifier: the report's order identifier + "-" + OBX-1 (set id); status: table
  observation-status (HL7 0085, OBX-11); code OBX-3 (LOINC / Norsk laboratoriekodeverk 7280 / local codes kept as sent,
  systems from table coding-systems, HL7 0396); value by the OBX-2 value type (NM, SN -> Quantity, CE/CWE ->
  CodeableConcept, DT/TS -> dateTime, else string); unit OBX-6 (UCUM system only when OBX-6.3 says UCUM);
  interpretation: table observation-interpretation (HL7 0078, OBX-8); referenceRange OBX-7 ("low-high", "<high", ">low");
  effective OBX-14, else the report's.
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map" xmlns:array="http://www.w3.org/2005/xpath-functions/array"
    xmlns:v2="urn:helsegateway:hl7v2-xslt" xmlns:v2f="urn:helsegateway:hl7v2-functions"
    xpath-default-namespace="urn:hl7-org:v2xml" exclude-result-prefixes="#all">

  <xsl:function name="v2:number" as="xs:decimal?">
    <xsl:param name="s" as="xs:string?"/>
    <xsl:sequence select="if ($s castable as xs:decimal) then xs:decimal($s) else ()"/>
  </xsl:function>

  <!-- A Quantity with the OBX-6 unit -->
  <xsl:function name="v2:quantity" as="map(*)?">
    <xsl:param name="value" as="xs:decimal?"/>
    <xsl:param name="units" as="element()?"/>
    <xsl:param name="comparator" as="xs:string?"/>
    <xsl:variable name="code" select="v2:str($units/CE.1)"/>
    <xsl:variable name="system" select="v2:lookup('coding-systems', '0396', v2:str($units/CE.3))?code[. eq 'http://unitsofmeasure.org']"/>
    <xsl:sequence select="if (empty($value)) then () else v2:obj((
        map{'value': $value},
        v2:kv('comparator', $comparator[. = ('&lt;', '&lt;=', '&gt;=', '&gt;')]),
        v2:kv('unit', (v2:str($units/CE.2), $code)[1]),
        if (exists($system) and exists($code)) then map{'system': $system, 'code': $code} else ()))"/>
  </xsl:function>

  <xsl:function name="v2:value" as="map(*)?">
    <xsl:param name="obx" as="element()"/>
    <xsl:variable name="type" select="v2:str($obx/OBX.2)"/>
    <xsl:variable name="v" select="$obx/OBX.5[1]"/>
    <xsl:sequence select="
        if ($type eq 'NM') then v2:kv('valueQuantity', v2:quantity(v2:number(v2:str($v)), $obx/OBX.6, ()))
        else if ($type eq 'SN') then v2:kv('valueQuantity', v2:quantity(v2:number(v2:str($v/SN.2)), $obx/OBX.6, v2:str($v/SN.1)))
        else if ($type = ('CE', 'CWE')) then v2:kv('valueCodeableConcept', v2:concept($v))
        else if ($type = ('DT', 'TS', 'DTM')) then v2:kv('valueDateTime', v2:date-time($v))
        else v2:kv('valueString', string-join(for $r in $obx/OBX.5 return v2:str($r), ' '))"/>
  </xsl:function>

  <xsl:function name="v2:reference-range" as="map(*)?">
    <xsl:param name="range" as="xs:string?"/>
    <xsl:param name="units" as="element()?"/>
    <xsl:variable name="r" select="replace($range, '\s', '')"/>
    <xsl:variable name="low" select="if (matches($r, '^-?[0-9.]+-[0-9.]+$')) then replace($r, '^(-?[0-9.]+)-.*$', '$1')
        else if (starts-with($r, '&gt;')) then replace($r, '^&gt;=?', '') else ()"/>
    <xsl:variable name="high" select="if (matches($r, '^-?[0-9.]+-[0-9.]+$')) then replace($r, '^-?[0-9.]+-', '')
        else if (starts-with($r, '&lt;')) then replace($r, '^&lt;=?', '') else ()"/>
    <xsl:sequence select="if (empty($range)) then () else v2:obj((
        v2:kv('low', v2:quantity(v2:number($low), $units, ())),
        v2:kv('high', v2:quantity(v2:number($high), $units, ())),
        map{'text': $range}))"/>
  </xsl:function>

  <xsl:template name="v2:observation-entry" as="map(*)">
    <xsl:param name="order" as="map(*)"/>
    <xsl:param name="effective" as="xs:string?"/>
    <xsl:variable name="obx" select="." as="element()"/>
    <xsl:variable name="id" select="map{'system': $order?system || ':observation', 'value': $order?value || '-' || (v2:str(OBX.1), string(position()))[1]}"/>
    <xsl:variable name="resource" select="v2:obj((
        map{'resourceType': 'Observation'},
        map{'identifier': array{$id}},
        map{'status': (v2:lookup('observation-status', '0085', v2:str(OBX.11))?code, 'unknown')[1]},
        map{'category': array{map{'coding': array{map{'system': 'http://terminology.hl7.org/CodeSystem/observation-category', 'code': 'laboratory'}}}}},
        map{'code': (v2:concept(OBX.3), map{'text': 'unknown'})[1]},
        map{'subject': v2:ref($patient-url)},
        v2:kv('effectiveDateTime', (v2:date-time(OBX.14), $effective)[1]),
        v2:value($obx),
        v2:kv('interpretation', v2:arr(for $f in OBX.8 return
            let $t := v2:lookup('observation-interpretation', '0078', v2:str($f)) return if (empty($t)) then () else map{'coding': array{v2:table-coding($t)}})),
        v2:kv('referenceRange', v2:arr(v2:reference-range(v2:str(OBX.7), OBX.6)))))"/>
    <xsl:sequence select="v2:entry(v2:url('Observation|' || $id?system || '|' || $id?value), $resource,
        'PUT', 'Observation?' || v2:search($id), ())"/>
  </xsl:template>
</xsl:stylesheet>
