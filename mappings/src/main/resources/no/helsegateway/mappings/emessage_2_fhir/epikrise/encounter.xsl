<?xml version="1.0" encoding="UTF-8"?>
<!-- Each Event (the stay/contact) -> Encounter: period, class (8240 table), service provider, participants
     (relation table), basedOn = the referral (ServReq/Id) as a logical reference by identifier (same identifier as
     the ServiceRequest that the Henvisning stylesheets create; see README "Referral links"), discharge diagnoses with rank (8233 table), referral diagnoses as reasonCode. -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:map="http://www.w3.org/2005/xpath-functions/map" xmlns:array="http://www.w3.org/2005/xpath-functions/array" xmlns:gw="urn:helsegateway:xslt-functions" exclude-result-prefixes="#all">
  <xsl:function name="gw:encounter-url" as="xs:string?">
    <xsl:param name="event" as="element()?"/>
    <xsl:sequence select="if (empty($event)) then () else gw:url('Encounter|' || gw:path($event))"/>
  </xsl:function>

  <xsl:variable name="PARTICIPATION" select="'http://terminology.hl7.org/CodeSystem/v3-ParticipationType'"/>

  <xsl:template name="gw:encounter-entries" as="map(*)*">
    <xsl:for-each select="$rprt/*:Event">
      <xsl:variable name="event" select="."/>
      <xsl:variable name="class" select="(gw:lookup('encounter-class', '8240', gw:str(*:Service/*:AdmCat/@V)), gw:lookup('encounter-class', 'default', '*'))[1]"/>
      <xsl:variable name="participants" as="map(*)*">
        <xsl:for-each select="$rprt/*:Patient/*:PatRelHCP | $rprt/*:RelServProvider">
          <xsl:variable name="t" select="gw:lookup('practitioner-relation', if (local-name() eq 'PatRelHCP') then '7319' else '7318', gw:str(*:Relation/@V))"/>
          <xsl:variable name="who" select="(*:HCP/*:HCProf, *:HCP/*:Inst/*:HCPerson)[1]"/>
          <xsl:if test="$t?system = $PARTICIPATION and exists($who)">
            <xsl:sequence select="map{'type': array{map{'coding': array{gw:target-coding($t)}, 'text': string(*:Relation/@DN)}},
                                      'individual': gw:ref(gw:practitioner-url($who))}"/>
          </xsl:if>
        </xsl:for-each>
      </xsl:variable>
      <xsl:variable name="diagnoses" select="for $i in *:InfItem[*:Observation/*:CodedDescr] return gw:obj((
          map{'condition': gw:ref(gw:condition-url($i))},
          map{'use': map{'coding': array{map{'system': 'http://terminology.hl7.org/CodeSystem/diagnosis-role', 'code': 'DD', 'display': 'Discharge diagnosis'}}}},
          gw:kv('rank', for $r in gw:lookup('diagnosis-rank', '8233', gw:str($i/*:Type/@V))?code return xs:integer($r))))"/>
      <xsl:variable name="resource" select="gw:obj((
          map{'resourceType': 'Encounter'},
          map{'status': if (exists(*:ReportedEvent/*:EndDateTime/@V)) then 'finished' else 'unknown'},
          map{'class': gw:target-coding($class)},
          gw:kv('type', gw:arr(gw:concept(*:Service/*:AdmCat, '8240'))),
          map{'subject': gw:ref($patient-url)},
          gw:kv('basedOn', gw:arr(for $id in $rprt/*:ServReq/*:Id ! gw:str(.) return
              map{'type': 'ServiceRequest', 'identifier': gw:message-identifier($id, 'kith-referral-id')})),
          gw:kv('participant', gw:arr($participants)),
          gw:kv('period', let $p := gw:obj((gw:kv('start', gw:date-time(*:ReportedEvent/*:StartDateTime)), gw:kv('end', gw:date-time(*:ReportedEvent/*:EndDateTime))))
                          return if (map:size($p) eq 0) then () else $p),
          gw:kv('reasonCode', gw:arr(for $c in $rprt/*:ServReq/*:Diagnosis/*:Concept return gw:concept($c, ()))),
          gw:kv('diagnosis', gw:arr($diagnoses)),
          gw:kv('hospitalization', for $o in *:AdmOutcome[gw:str(@DN) or gw:str(@V)] return
              map{'dischargeDisposition': gw:obj((gw:kv('text', (gw:str($o/@DN), gw:str($o/@V))[1])))}),
          gw:kv('serviceProvider', gw:ref(gw:hcp-org-url($rprt/*:ServProvider/*:HCP)))))"/>
      <xsl:sequence select="gw:entry(gw:encounter-url($event), $resource, ())"/>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
