<?xml version="1.0" encoding="UTF-8"?>
<!--
  PID -> Patient. Identifiers: every PID-3 repetition (system by assigning authority / type, see v2-common.xsl);
  the key for the conditional write is the first fødselsnummer/D-nummer, else the first identifier.
  $patient-mode: update = PUT Patient?identifier=... (ADT: the sender owns the demographics);
                 create = POST with If-None-Exist (ORU: never overwrite).
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map" xmlns:array="http://www.w3.org/2005/xpath-functions/array"
    xmlns:v2="urn:helsegateway:hl7v2-xslt" xmlns:v2f="urn:helsegateway:hl7v2-functions"
    xpath-default-namespace="urn:hl7-org:v2xml" exclude-result-prefixes="#all">

  <xsl:variable name="pid" select="(//PID)[1]" as="element()?"/>
  <xsl:variable name="patient-key" select="v2:key-identifier($pid/PID.3, 'pi')" as="map(*)?"/>
  <xsl:variable name="patient-url" select="v2:url('Patient|' || $patient-key?system || '|' || $patient-key?value)" as="xs:string"/>

  <xsl:function name="v2:human-name" as="map(*)?">
    <xsl:param name="xpn" as="element()"/>
    <xsl:variable name="family" select="v2:str($xpn/XPN.1/FN.1)"/>
    <xsl:variable name="given" select="(v2:str($xpn/XPN.2), tokenize(v2:str($xpn/XPN.3), ' '))"/>
    <xsl:sequence select="if (empty(($family, $given))) then () else v2:obj((
        v2:kv('use', if (empty(v2:str($xpn/XPN.7)) or v2:str($xpn/XPN.7) eq 'L') then 'official' else 'usual'),
        v2:kv('text', string-join(($given, $family), ' ')),
        v2:kv('family', $family), v2:kv('given', v2:arr($given))))"/>
  </xsl:function>

  <xsl:function name="v2:address" as="map(*)?">
    <xsl:param name="xad" as="element()"/>
    <xsl:sequence select="if (empty(($xad/XAD.1, $xad/XAD.3, $xad/XAD.5))) then () else v2:obj((
        v2:kv('line', v2:arr((v2:str($xad/XAD.1/SAD.1), v2:str($xad/XAD.2)))),
        v2:kv('city', v2:str($xad/XAD.3)),
        v2:kv('postalCode', v2:str($xad/XAD.5)),
        v2:kv('country', v2:str($xad/XAD.6))))"/>
  </xsl:function>

  <xsl:function name="v2:telecom" as="map(*)?">
    <xsl:param name="xtn" as="element()"/>
    <xsl:param name="use" as="xs:string"/>
    <xsl:variable name="email" select="v2:str($xtn/XTN.4)"/>
    <xsl:variable name="phone" select="(v2:str($xtn/XTN.12), v2:str($xtn/XTN.1))[1]"/>
    <xsl:sequence select="if (exists($phone)) then map{'system': 'phone', 'value': $phone, 'use': $use}
        else if (exists($email)) then map{'system': 'email', 'value': $email, 'use': $use} else ()"/>
  </xsl:function>

  <xsl:function name="v2:patient-resource" as="map(*)">
    <xsl:param name="pid" as="element()"/>
    <xsl:sequence select="v2:obj((
        map{'resourceType': 'Patient'},
        v2:kv('identifier', v2:arr(for $c in $pid/PID.3 return v2:identifier($c, 'pi'))),
        v2:kv('name', v2:arr(for $n in $pid/PID.5 return v2:human-name($n))),
        v2:kv('telecom', v2:arr((for $t in $pid/PID.13 return v2:telecom($t, 'home'), for $t in $pid/PID.14 return v2:telecom($t, 'work')))),
        v2:kv('gender', v2:lookup('administrative-gender', '0001', v2:str($pid/PID.8))?code),
        v2:kv('birthDate', v2:date($pid/PID.7)),
        if (exists(v2:date-time($pid/PID.29))) then map{'deceasedDateTime': v2:date-time($pid/PID.29)}
        else if (v2:str($pid/PID.30) = 'Y') then map{'deceasedBoolean': true()} else (),
        v2:kv('address', v2:arr(for $a in $pid/PID.11 return v2:address($a)))))"/>
  </xsl:function>

  <xsl:template name="v2:patient-entries" as="map(*)*">
    <xsl:variable name="resource" select="v2:patient-resource($pid)"/>
    <xsl:sequence select="if ($patient-mode eq 'create')
        then v2:entry($patient-url, $resource, 'POST', 'Patient', v2:search($patient-key))
        else v2:entry($patient-url, $resource, 'PUT', 'Patient?' || v2:search($patient-key), ())"/>
  </xsl:template>
</xsl:stylesheet>
