<?xml version="1.0" encoding="UTF-8"?>
<!-- Epikrise Patient -> FHIR Patient, conditional create on fødselsnummer/D-nummer (identifier-systems table) -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:map="http://www.w3.org/2005/xpath-functions/map" xmlns:array="http://www.w3.org/2005/xpath-functions/array" xmlns:gw="urn:helsegateway:xslt-functions" exclude-result-prefixes="#all">
  <xsl:variable name="patient" select="$rprt/*:Patient"/>
  <xsl:variable name="patient-id-system" select="gw:lookup('identifier-systems', '8116', gw:str($patient/*:TypeOffId/@V))?code"/>
  <xsl:variable name="patient-id" select="gw:str($patient/*:OffId)"/>
  <xsl:variable name="patient-url" select="gw:url('Patient|' || $patient-id-system || '|' || $patient-id)"/>
  <xsl:variable name="patient-gender" select="gw:lookup('administrative-gender', '3101', gw:str($patient/*:Sex/@V))?code"/>
  <xsl:variable name="patient-age" as="xs:integer?"
      select="let $b := gw:str($patient/*:DateOfBirth/@V), $i := substring(string(($rprt/*:IssueDate/@V, $msg/*:GenDate/@V)[1]), 1, 10)
              return if ($b castable as xs:date and $i castable as xs:date)
                     then xs:integer(floor(days-from-duration(xs:date($i) - xs:date($b)) div 365.25)) else ()"/>

  <xsl:function name="gw:human-name" as="map(*)?">
    <xsl:param name="name" as="xs:string?"/>
    <!-- KITH writes "Family, Given Middle" -->
    <xsl:sequence select="if (empty($name)) then () else gw:obj((
        map{'use': 'official', 'text': $name},
        if (contains($name, ',')) then (
          gw:kv('family', gw:str(substring-before($name, ','))),
          gw:kv('given', gw:arr(tokenize(normalize-space(substring-after($name, ',')), ' ')[. ne ''])))
        else ()))"/>
  </xsl:function>

  <xsl:function name="gw:telecom" as="map(*)?">
    <xsl:param name="url" as="xs:string?"/>
    <!-- URL scheme (not a code value) decides the ContactPoint system -->
    <xsl:sequence select="if (empty($url)) then () else
        if (starts-with($url, 'tel:')) then map{'system': 'phone', 'value': substring-after($url, 'tel:'), 'use': 'work'}
        else if (starts-with($url, 'mailto:')) then map{'system': 'email', 'value': substring-after($url, 'mailto:'), 'use': 'work'}
        else map{'system': 'url', 'value': $url}"/>
  </xsl:function>

  <xsl:function name="gw:address" as="map(*)?">
    <xsl:param name="a" as="element()?"/>
    <xsl:sequence select="if (empty($a) or empty(($a/*:StreetAdr, $a/*:PostalCode, $a/*:City))) then () else gw:obj((
        gw:kv('line', gw:arr(gw:str($a/*:StreetAdr))),
        gw:kv('postalCode', gw:str($a/*:PostalCode)),
        gw:kv('city', gw:str($a/*:City)),
        gw:kv('district', gw:str($a/*:County/@DN)),
        gw:kv('country', gw:str($a/*:Country/@V))))"/>
  </xsl:function>

  <xsl:template name="gw:patient-entries" as="map(*)*">
    <xsl:variable name="gps" select="$patient/*:PatRelHCP[gw:lookup('practitioner-relation', '7319', gw:str(*:Relation/@V))?code = 'Patient.generalPractitioner']/*:HCP/(*:HCProf | *:Inst/*:HCPerson)"/>
    <xsl:variable name="resource" select="gw:obj((
        map{'resourceType': 'Patient'},
        gw:kv('identifier', gw:arr(gw:identifier($patient-id-system, $patient-id))),
        gw:kv('name', gw:arr(gw:human-name(gw:str($patient/*:Name)))),
        gw:kv('telecom', gw:arr(for $t in $patient/*:Address/*:TeleAddress/@V return gw:telecom(gw:str($t)))),
        gw:kv('gender', $patient-gender),
        gw:kv('birthDate', gw:date-time($patient/*:DateOfBirth)),
        gw:kv('deceasedDateTime', gw:date-time($patient/*:DeceasedDate)),
        gw:kv('address', gw:arr(for $a in $patient/*:Address return gw:address($a))),
        gw:kv('generalPractitioner', gw:arr(for $p in $gps return gw:ref(gw:practitioner-url($p))))))"/>
    <xsl:sequence select="gw:entry($patient-url, $resource,
        if (exists($patient-id-system) and exists($patient-id)) then 'identifier=' || $patient-id-system || '|' || $patient-id else ())"/>
  </xsl:template>
</xsl:stylesheet>
