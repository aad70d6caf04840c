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
