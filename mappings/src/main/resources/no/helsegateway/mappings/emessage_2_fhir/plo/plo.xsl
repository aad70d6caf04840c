<?xml version="1.0" encoding="UTF-8"?>
<!--
  PLO (pleie- og omsorgsmeldinger) 1.5 (ns .../po/<Melding>/2009-06-30) and 1.6 (ns .../po/<Melding>/2012-04-01) in
  MsgHead, every profile: Innleggelsesrapport, Helseopplysninger ved søknad, Helseopplysninger til lege (1.5 root
  Konsultasjon), Orientering om tjenestetilbud, Medisinske opplysninger, Utskrivningsrapport (TverrfagligEpikrise) and
  Pasientlogistikk (LOG_INNLAGT, LOG_UTSKRIVNINGSKLAR, LOG_AVMELDING, LOG_UTSKREVET, LOG_DOD). The versions and profiles
  share the poKomponent element names, so one stylesheet serves all of them:
  - InfoMedisinskDiagnose/MedisinskDiagnose/Diagnosekode (ICD-10 7110 / ICPC-2 7170) -> Condition;
  - Legemiddelinfo (EPJ legemiddel, ForenkletForskrivning/Forskrivningsinfo) -> MedicationStatement;
  - TidsfestetHendelse (Pasientlogistikk, 9121) -> Encounter (period from the events, status via plo-event table);
    an event 13 "Pasienten er død" sets Patient.deceasedDateTime (not when the message is a cancellation);
  - everything else -> Composition, one section per top-level part with a generated narrative.
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:map="http://www.w3.org/2005/xpath-functions/map" xmlns:array="http://www.w3.org/2005/xpath-functions/array" xmlns:gw="urn:helsegateway:xslt-functions" xmlns:h="http://www.w3.org/1999/xhtml" exclude-result-prefixes="#all">
  <xsl:import href="../msghead/msghead.xsl"/>

  <xsl:variable name="SNOMED" select="'http://snomed.info/sct'"/>
  <xsl:variable name="sending-status" select="gw:str(($payload/*:InformasjonOmForsendelsen/*:Forsendelsesstatus/@V)[1])"/>
  <xsl:variable name="cancelled" select="$sending-status eq 'C'"/>
  <xsl:variable name="diagnoses" select="$payload//*:MedisinskDiagnose[*:Diagnosekode]"/>
  <xsl:variable name="medications" select="$payload//*:Legemiddelinfo"/>
  <xsl:variable name="events" select="$payload//*:TidsfestetHendelse[*:Hendelsekode]"/>
  <xsl:variable name="responsible" select="($payload//*:AnsvarligRapport, $info/*:Sender//*:HealthcareProfessional)[1]"/>
  <xsl:variable name="author-url" select="(gw:hcp-url($responsible), gw:msghead-party-org-url($info/*:Sender))[1]"/>
  <xsl:variable name="encounter-url" select="if (exists($events)) then gw:url('Encounter') else ()"/>
  <xsl:variable name="composition-url" select="gw:url('Composition')"/>
  <xsl:variable name="death" select="($events[*:Hendelsekode/@V eq '13'])[1]"/>
  <xsl:variable name="patient-deceased" as="xs:string?" select="if ($cancelled) then () else gw:date-time($death/*:TidspunktForHendelse)"/>

  <xsl:function name="gw:plo-url" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:param name="type" as="xs:string"/>
    <xsl:sequence select="gw:url($type || '|' || gw:path($e))"/>
  </xsl:function>

  <!-- Item keys that stay the same across the versions of one document (see $document-stable-id) -->
  <xsl:function name="gw:diagnosis-key" as="xs:string">
    <xsl:param name="d" as="element()"/>
    <xsl:sequence select="gw:str($d/*:Diagnosekode/@S) || '|' || gw:str($d/*:Diagnosekode/@V)"/>
  </xsl:function>
  <xsl:function name="gw:medication-key" as="xs:string">
    <xsl:param name="m" as="element()"/>
    <xsl:sequence select="(gw:str($m/@komponentID), gw:medication-name($m))[1]"/>
  </xsl:function>
  <xsl:function name="gw:medication-name" as="xs:string">
    <xsl:param name="m" as="element()"/>
    <xsl:variable name="f" select="($m//*:Forskrivningsinfo)[1]"/>
    <xsl:sequence select="string-join(((gw:str($f/*:Navn), gw:str(($f/*:NavnFormStyrke, $m//*:NavnFormStyrke)[1]), 'Legemiddel')[1],
        gw:str($f/*:Legemiddelform/@DN), gw:str(string-join(($f/*:Styrke/@V, $f/*:Styrke/@U), ' '))), ' ')"/>
  </xsl:function>

  <xsl:template name="gw:plo-condition-entries" as="map(*)*">
    <xsl:for-each select="$diagnoses">
      <xsl:variable name="c" select="*:Diagnosekode"/>
      <xsl:sequence select="gw:upsert(gw:plo-url(., 'Condition'), gw:obj((
          map{'resourceType': 'Condition'},
          gw:kv('clinicalStatus', if ($cancelled) then () else map{'coding': array{map{'system': 'http://terminology.hl7.org/CodeSystem/condition-clinical', 'code': 'active'}}}),
          gw:kv('verificationStatus', if ($cancelled) then map{'coding': array{map{'system': 'http://terminology.hl7.org/CodeSystem/condition-ver-status', 'code': 'entered-in-error'}}} else ()),
          map{'category': array{map{'coding': array{map{'system': 'http://terminology.hl7.org/CodeSystem/condition-category', 'code': 'problem-list-item', 'display': 'Problem List Item'}}},
              if (gw:str(*:Hoveddiagnose) eq 'true') then map{'text': 'Hoveddiagnose'} else ()}},
          map{'code': gw:obj((gw:kv('coding', gw:arr(gw:enriched-codings(gw:coding($c, ()), $SNOMED, $patient-age, $patient-gender))),
              gw:kv('text', (gw:str($c/@OT), gw:str($c/@DN), gw:str($c/@V))[1])))},
          map{'subject': gw:ref($patient-url)},
          gw:kv('recordedDate', $issued),
          gw:kv('note', gw:arr(for $m in gw:str(*:Merknad) return map{'text': $m})))),
          $document-stable-id || '|Condition|' || gw:nth-key(., $diagnoses, gw:diagnosis-key#1))"/>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="gw:plo-medication-entries" as="map(*)*">
    <xsl:for-each select="$medications">
      <xsl:variable name="f" select="(.//*:Forskrivningsinfo)[1]"/>
      <xsl:variable name="atc" select="(.//*:Atc)[1]"/>
      <xsl:sequence select="gw:upsert(gw:plo-url(., 'MedicationStatement'), gw:obj((
          map{'resourceType': 'MedicationStatement'},
          map{'status': if ($cancelled) then 'entered-in-error' else 'active'},
          map{'medicationReference': gw:medication-reference(gw:coding($atc, '7180'), gw:medication-name(.))},
          map{'subject': gw:ref($patient-url)},
          gw:kv('effectivePeriod', for $s in gw:date-time($f/*:DoseringStarttidspunkt) return map{'start': $s}),
          gw:kv('dateAsserted', $issued),
          gw:kv('informationSource', gw:ref($author-url)),
          gw:kv('note', gw:arr(for $m in (.//*:Merknad)[normalize-space()] return map{'text': normalize-space($m)})),
          gw:kv('dosage', gw:arr(for $d in gw:str(($f/*:DosVeiledEnkel, .//*:DosVeiledEnkel)[1]) return gw:obj((map{'text': $d},
              gw:kv('asNeededBoolean', if ($f/*:Bruk/@V = ('2', '3')) then true() else ()))))))),
          $document-stable-id || '|MedicationStatement|' || gw:nth-key(., $medications, gw:medication-key#1))"/>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="gw:plo-encounter-entries" as="map(*)*">
    <xsl:if test="exists($events)">
      <xsl:variable name="times" select="$events/*:TidspunktForHendelse ! gw:date-time(.)"/>
      <xsl:variable name="start" select="(($events[*:Hendelsekode/@V eq '1'])[1]/*:TidspunktForHendelse ! gw:date-time(.), $times[1], $issued)[1]"/>
      <xsl:variable name="end" select="($events[*:Hendelsekode/@V = ('2', '13')])[1]/*:TidspunktForHendelse ! gw:date-time(.)"/>
      <xsl:variable name="status" select="(gw:lookup('plo-event', '9121', gw:str($events[last()]/*:Hendelsekode/@V))?code, 'unknown')[1]"/>
      <xsl:sequence select="gw:entry($encounter-url, gw:obj((
          map{'resourceType': 'Encounter'},
          map{'status': if ($cancelled) then 'entered-in-error' else $status},
          map{'class': map{'system': 'http://terminology.hl7.org/CodeSystem/v3-ActCode', 'code': 'IMP', 'display': 'inpatient encounter'}},
          map{'type': array{gw:concept($info/*:Type, '8279')}},
          map{'subject': gw:ref($patient-url)},
          map{'period': gw:obj((map{'start': $start}, gw:kv('end', $end)))},
          gw:kv('hospitalization', for $u in ($payload//*:UtskrevetTil)[1] return gw:obj((
              gw:kv('dischargeDisposition', gw:concept($u/*:UtTil, ()))))[map:size(.) gt 0]),
          gw:kv('serviceProvider', gw:ref(gw:msghead-party-org-url($info/*:Sender))))), ())"/>
    </xsl:if>
  </xsl:template>

  <xsl:template name="gw:plo-composition-entries" as="map(*)*">
    <xsl:variable name="parts" select="$payload/*[not(local-name() = ('InformasjonOmForsendelsen'))]"/>
    <xsl:variable name="sections" as="map(*)*">
      <xsl:for-each select="$parts">
        <xsl:variable name="list" as="element()"><h:ul><xsl:apply-templates select="." mode="gw:dump"/></h:ul></xsl:variable>
        <xsl:variable name="refs" select="(if (self::*:InfoMedisinskDiagnose) then *:MedisinskDiagnose[*:Diagnosekode] ! gw:plo-url(., 'Condition') else (),
            if (local-name() eq 'Legemiddelinfo') then gw:plo-url(., 'MedicationStatement') else (),
            if (.//*:TidsfestetHendelse[*:Hendelsekode]) then $encounter-url else ())"/>
        <xsl:sequence select="gw:obj((map{'title': local-name()},
            map{'text': gw:narrative($list, if (exists($refs)) then 'generated' else 'additional')},
            gw:kv('entry', gw:arr($refs ! gw:ref(.)))))"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="summary" as="element()*">
      <h:p><h:b><xsl:value-of select="(gw:str($info/*:Type/@DN), gw:str($info/*:Type/@V))[1]"/></h:b></h:p>
      <h:p><xsl:value-of select="'Pasient: ' || gw:person-name($pat)?text || ', født ' || gw:str($pat/*:DateOfBirth)"/></h:p>
      <h:p><xsl:value-of select="'Fra: ' || string-join($info/*:Sender//*:OrganisationName ! gw:str(.), ' / ')"/></h:p>
    </xsl:variable>
    <!-- one Composition per document: a change replaces it, a cancellation marks it entered-in-error -->
    <xsl:sequence select="gw:upsert($composition-url, gw:obj((
        map{'resourceType': 'Composition'},
        map{'text': gw:narrative($summary, 'generated')},
        map{'identifier': gw:message-identifier($msg-id, 'kith-msgid')},
        map{'status': (gw:lookup('composition-status', '7309', $sending-status)?code, 'final')[1]},
        map{'type': map:put(gw:document-type(gw:str($info/*:Type/@V), gw:coding($info/*:Type, '8279')), 'text', (gw:str($info/*:Type/@DN), gw:str($info/*:Type/@V))[1])},
        map{'category': array{gw:loinc('34133-9', 'Summary of episode note')}},
        map{'subject': gw:ref($patient-url)},
        gw:kv('encounter', gw:ref($encounter-url)),
        map{'date': $issued},
        map{'author': array{gw:ref($author-url)}},
        map{'title': (gw:str($info/*:Type/@DN), gw:str($info/*:Type/@V))[1]},
        gw:kv('custodian', gw:ref(gw:msghead-party-org-url($info/*:Sender))),
        gw:kv('section', gw:arr($sections)))), $document-stable-id || '|Composition')"/>
  </xsl:template>

  <xsl:template match="/">
    <xsl:variable name="entries" as="map(*)*">
      <xsl:call-template name="gw:patient-entries"/>
      <xsl:call-template name="gw:organization-entries"/>
      <xsl:call-template name="gw:practitioner-entries">
        <xsl:with-param name="people" select="$payload//*:AnsvarligRapport | $payload//*:KontaktpersonHelsepersonell/*:Kontaktperson"/>
      </xsl:call-template>
      <xsl:call-template name="gw:plo-condition-entries"/>
      <xsl:call-template name="gw:plo-medication-entries"/>
      <xsl:call-template name="gw:plo-encounter-entries"/>
      <xsl:call-template name="gw:plo-composition-entries"/>
      <xsl:call-template name="gw:document-reference-entries">
        <xsl:with-param name="type" select="gw:msg-document-type('34133-9', 'Summary of episode note')"/>
        <xsl:with-param name="related" select="$composition-url"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:sequence select="gw:bundle($entries)"/>
  </xsl:template>
</xsl:stylesheet>
