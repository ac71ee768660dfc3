<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL">
  <context>
    <name>AlmeloAtlasDock</name>
    <message>
      <source>Atlas stadsontwikkeling</source>
      <translation>Atlas stadsontwikkeling</translation>
    </message>
    <message>
      <source>Atlas openen…</source>
      <translation>Atlas openen…</translation>
    </message>
    <message>
      <source>Een atlas openen: een GeoPackage (.gpkg)</source>
      <translation>Een atlas openen: een GeoPackage (.gpkg)</translation>
    </message>
    <message>
      <source>PostGIS…</source>
      <translation>PostGIS…</translation>
    </message>
    <message>
      <source>Een atlas openen via een in QGIS opgeslagen PostgreSQL-verbinding</source>
      <translation>Een atlas openen via een in QGIS opgeslagen PostgreSQL-verbinding</translation>
    </message>
    <message>
      <source>Recent geopende atlassen</source>
      <translation>Recent geopende atlassen</translation>
    </message>
    <message>
      <source>Sluiten</source>
      <translation>Sluiten</translation>
    </message>
    <message>
      <source>De atlas sluiten (onopgeslagen werk wordt eerst gevraagd)</source>
      <translation>De atlas sluiten (onopgeslagen werk wordt eerst gevraagd)</translation>
    </message>
    <message>
      <source>Agenda (PDF)…</source>
      <translation>Agenda (PDF)…</translation>
    </message>
    <message>
      <source>De agenda als PDF: een pagina voor de stad en een per wijk</source>
      <translation>De agenda als PDF: een pagina voor de stad en een per wijk</translation>
    </message>
    <message>
      <source>Cijfers (Excel)…</source>
      <translation>Cijfers (Excel)…</translation>
    </message>
    <message>
      <source>De cijfers van stad, wijken en locaties als Excel-bestand</source>
      <translation>De cijfers van stad, wijken en locaties als Excel-bestand</translation>
    </message>
    <message>
      <source>Opmaak bewerken</source>
      <translation>Opmaak bewerken</translation>
    </message>
    <message>
      <source>De afdrukopmaak in de Layout Designer openen; uw wijzigingen gelden voor de volgende export.</source>
      <translation>De afdrukopmaak in de Layout Designer openen; uw wijzigingen gelden voor de volgende export.</translation>
    </message>
    <message>
      <source>Beheer</source>
      <translation>Beheer</translation>
    </message>
    <message>
      <source>Voor de beheerder van de atlas</source>
      <translation>Voor de beheerder van de atlas</translation>
    </message>
    <message>
      <source>Open een atlas: een GeoPackage (.gpkg) of een PostGIS-verbinding.</source>
      <translation>Open een atlas: een GeoPackage (.gpkg) of een PostGIS-verbinding.</translation>
    </message>
    <message>
      <source>Opslaan</source>
      <translation>Opslaan</translation>
    </message>
    <message>
      <source>Alle bewerkingen van de atlaslagen opslaan</source>
      <translation>Alle bewerkingen van de atlaslagen opslaan</translation>
    </message>
    <message>
      <source>Verwerpen</source>
      <translation>Verwerpen</translation>
    </message>
    <message>
      <source>Alle onopgeslagen bewerkingen van de atlaslagen ongedaan maken</source>
      <translation>Alle onopgeslagen bewerkingen van de atlaslagen ongedaan maken</translation>
    </message>
    <message>
      <source>Peildatum</source>
      <translation>Peildatum</translation>
    </message>
    <message>
      <source>De cijfers zoals de atlas er op die dag voor stond (herbouwd uit de historie).</source>
      <translation>De cijfers zoals de atlas er op die dag voor stond (herbouwd uit de historie).</translation>
    </message>
    <message>
      <source>Huidige laag aan de atlas toevoegen…</source>
      <translation>Huidige laag aan de atlas toevoegen…</translation>
    </message>
    <message>
      <source>De actieve laag met haar stijl in de lagencatalogus van de atlas zetten, zodat iedereen die de atlas opent dezelfde lagen ziet.</source>
      <translation>De actieve laag met haar stijl in de lagencatalogus van de atlas zetten, zodat iedereen die de atlas opent dezelfde lagen ziet.</translation>
    </message>
  </context>
  <context>
    <name>AlmeloAtlasPlugin</name>
    <message>
      <source>Atlas stadsontwikkeling</source>
      <translation>Atlas stadsontwikkeling</translation>
    </message>
  </context>
  <context>
    <name>AlmeloAtlasProcessing</name>
    <message>
      <source>Agenda afdrukken (PDF)</source>
      <translation>Agenda afdrukken (PDF)</translation>
    </message>
    <message>
      <source>Schrijft één PDF: eerst de stadspagina (kaart, cijfers per wijk, doelen, grafiek), dan een pagina per wijk (kaart, profiel, locaties, doelen, grafiek). Leeg laten = alle wijken.</source>
      <translation>Schrijft één PDF: eerst de stadspagina (kaart, cijfers per wijk, doelen, grafiek), dan een pagina per wijk (kaart, profiel, locaties, doelen, grafiek). Leeg laten = alle wijken.</translation>
    </message>
    <message>
      <source>Wijkcodes (komma-gescheiden, leeg = alle)</source>
      <translation>Wijkcodes (komma-gescheiden, leeg = alle)</translation>
    </message>
    <message>
      <source>de agenda</source>
      <translation>de agenda</translation>
    </message>
    <message>
      <source>Vergelijken met (JJJJ-MM-DD): een hoofdstuk over wat er sindsdien veranderde (leeg = geen)</source>
      <translation>Vergelijken met (JJJJ-MM-DD): een hoofdstuk over wat er sindsdien veranderde (leeg = geen)</translation>
    </message>
    <message>
      <source>Agenda (PDF)</source>
      <translation>Agenda (PDF)</translation>
    </message>
    <message>
      <source>Aantal pagina's</source>
      <translation>Aantal pagina's</translation>
    </message>
    <message>
      <source>Agenda geschreven: {path} ({summary})</source>
      <translation>Agenda geschreven: {path} ({summary})</translation>
    </message>
    <message>
      <source>Atlas stadsontwikkeling</source>
      <translation>Atlas stadsontwikkeling</translation>
    </message>
    <message>
      <source>Store (GeoPackage)</source>
      <translation>Store (GeoPackage)</translation>
    </message>
    <message>
      <source>of: PostGIS-verbinding</source>
      <translation>of: PostGIS-verbinding</translation>
    </message>
    <message>
      <source>Schema van de atlas</source>
      <translation>Schema van de atlas</translation>
    </message>
    <message>
      <source>Geef een store op: een GeoPackage of een PostGIS-verbinding.</source>
      <translation>Geef een store op: een GeoPackage of een PostGIS-verbinding.</translation>
    </message>
    <message>
      <source>Peildatum: {wat} zoals de store er toen voor stond (JJJJ-MM-DD of JJJJ-MM-DDTUU:MM, Nederlandse tijd; leeg = nu)</source>
      <translation>Peildatum: {wat} zoals de store er toen voor stond (JJJJ-MM-DD of JJJJ-MM-DDTUU:MM, Nederlandse tijd; leeg = nu)</translation>
    </message>
    <message>
      <source>Bron bijwerken: {naam}</source>
      <translation>Bron bijwerken: {naam}</translation>
    </message>
    <message>
      <source>Bronnen</source>
      <translation>Bronnen</translation>
    </message>
    <message>
      <source>Werkt een basislaag van de store bij uit een bestand van de bron, in één transactie: rijen gekoppeld op het eigen id van de bron (nieuw, gewijzigd, vervallen), wijk en buurt bepaald, de run vastgelegd in de tabel bronnen. Rijen die niet bruikbaar zijn worden geweigerd met de reden; hetzelfde bestand nog eens inlezen verandert niets en zegt dat.</source>
      <translation>Werkt een basislaag van de store bij uit een bestand van de bron, in één transactie: rijen gekoppeld op het eigen id van de bron (nieuw, gewijzigd, vervallen), wijk en buurt bepaald, de run vastgelegd in de tabel bronnen. Rijen die niet bruikbaar zijn worden geweigerd met de reden; hetzelfde bestand nog eens inlezen verandert niets en zegt dat.</translation>
    </message>
    <message>
      <source>Bestand van de bron</source>
      <translation>Bestand van de bron</translation>
    </message>
    <message>
      <source>Samenvatting</source>
      <translation>Samenvatting</translation>
    </message>
    <message>
      <source>geweigerd: {r}</source>
      <translation>geweigerd: {r}</translation>
    </message>
    <message>
      <source>Plannen controleren tegen BAG en bestemmingsplannen</source>
      <translation>Plannen controleren tegen BAG en bestemmingsplannen</translation>
    </message>
    <message>
      <source>Per locatie: woningen die gerealiseerd heten zonder (genoeg) BAG-woningen die sinds de start in de locatie zijn gebouwd, en een harde planologische status (1A–2C) zonder bestemmingsplan eronder. Per wijk: nieuwe BAG-woningen (bouwjaar vanaf Sinds) die in geen plan liggen, met hun vbo-id's. Uitvoer: CSV of JSON.</source>
      <translation>Per locatie: woningen die gerealiseerd heten zonder (genoeg) BAG-woningen die sinds de start in de locatie zijn gebouwd, en een harde planologische status (1A–2C) zonder bestemmingsplan eronder. Per wijk: nieuwe BAG-woningen (bouwjaar vanaf Sinds) die in geen plan liggen, met hun vbo-id's. Uitvoer: CSV of JSON.</translation>
    </message>
    <message>
      <source>Sinds (eerste bouwjaar van de nieuwe BAG-woningen; leeg = begin van de historie, anders 2021)</source>
      <translation>Sinds (eerste bouwjaar van de nieuwe BAG-woningen; leeg = begin van de historie, anders 2021)</translation>
    </message>
    <message>
      <source>Rapport</source>
      <translation>Rapport</translation>
    </message>
    <message>
      <source>Bevindingen bij locaties</source>
      <translation>Bevindingen bij locaties</translation>
    </message>
    <message>
      <source>Nieuwe BAG-woningen in geen plan</source>
      <translation>Nieuwe BAG-woningen in geen plan</translation>
    </message>
    <message>
      <source>Gegevens importeren in de store</source>
      <translation>Gegevens importeren in de store</translation>
    </message>
    <message>
      <source>Laadt een bron (GeoPackage, shapefile, CSV met x/y, Excel, …) in een laag van de store: velden op naam of via DOEL=BRON, omgezet naar EPSG:28992, wijkcode bepaald. Woningblokken noemen hun locatie met laag en locatie_fid, of met een kolom locatie (de naam van het project of potloodplan). Rijen die de regels van de store breken worden geweigerd met een Nederlandse melding; de rest wordt in één transactie geschreven. Planmonitor Wonen (Zeeland): het werkboek heeft geen geometrie; elk plan wordt op Koppel-id of naam aan een bestaand project of potloodplan gekoppeld en krijgt de woningblokken uit de categorieën per jaar.</source>
      <translation>Laadt een bron (GeoPackage, shapefile, CSV met x/y, Excel, …) in een laag van de store: velden op naam of via DOEL=BRON, omgezet naar EPSG:28992, wijkcode bepaald. Woningblokken noemen hun locatie met laag en locatie_fid, of met een kolom locatie (de naam van het project of potloodplan). Rijen die de regels van de store breken worden geweigerd met een Nederlandse melding; de rest wordt in één transactie geschreven. Planmonitor Wonen (Zeeland): het werkboek heeft geen geometrie; elk plan wordt op Koppel-id of naam aan een bestaand project of potloodplan gekoppeld en krijgt de woningblokken uit de categorieën per jaar.</translation>
    </message>
    <message>
      <source>Laag in de store</source>
      <translation>Laag in de store</translation>
    </message>
    <message>
      <source>Planregistratie: plannen met woningblokken (.gpkg, .gdb, .geojson)</source>
      <translation>Planregistratie: plannen met woningblokken (.gpkg, .gdb, .geojson)</translation>
    </message>
    <message>
      <source>Werkmap van Plannen uitwisselen: plannen met woningblokken (.xlsx)</source>
      <translation>Werkmap van Plannen uitwisselen: plannen met woningblokken (.xlsx)</translation>
    </message>
    <message>
      <source>Planmonitor Wonen (Zeeland): woningblokken van bestaande plannen (.xlsx)</source>
      <translation>Planmonitor Wonen (Zeeland): woningblokken van bestaande plannen (.xlsx)</translation>
    </message>
    <message>
      <source>Bron</source>
      <translation>Bron</translation>
    </message>
    <message>
      <source>Laag in de bron (bij meerdere lagen)</source>
      <translation>Laag in de bron (bij meerdere lagen)</translation>
    </message>
    <message>
      <source>Velden: DOEL=BRON, komma-gescheiden</source>
      <translation>Velden: DOEL=BRON, komma-gescheiden</translation>
    </message>
    <message>
      <source>Bestaande rijen van de laag eerst verwijderen</source>
      <translation>Bestaande rijen van de laag eerst verwijderen</translation>
    </message>
    <message>
      <source>Planmonitor Wonen: plannen zonder bestaande locatie overslaan (anders wordt niets ingelezen)</source>
      <translation>Planmonitor Wonen: plannen zonder bestaande locatie overslaan (anders wordt niets ingelezen)</translation>
    </message>
    <message>
      <source>Aantal geïmporteerde features</source>
      <translation>Aantal geïmporteerde features</translation>
    </message>
    <message>
      <source>Aantal geweigerde features</source>
      <translation>Aantal geweigerde features</translation>
    </message>
    <message>
      <source>Mutaties tussen twee datums</source>
      <translation>Mutaties tussen twee datums</translation>
    </message>
    <message>
      <source>Stemt het programma van de begindatum af op dat van de einddatum, voor de stad, elke wijk en elke opgave: nieuw, vervallen, verplaatst, gerealiseerd, status en programma gewijzigd, met de locaties per soort. Een datum is het einde van die dag (Nederlandse tijd). Uitvoer: Excel of JSON.</source>
      <translation>Stemt het programma van de begindatum af op dat van de einddatum, voor de stad, elke wijk en elke opgave: nieuw, vervallen, verplaatst, gerealiseerd, status en programma gewijzigd, met de locaties per soort. Een datum is het einde van die dag (Nederlandse tijd). Uitvoer: Excel of JSON.</translation>
    </message>
    <message>
      <source>Begindatum (JJJJ-MM-DD, het einde van die dag)</source>
      <translation>Begindatum (JJJJ-MM-DD, het einde van die dag)</translation>
    </message>
    <message>
      <source>Einddatum (leeg = nu)</source>
      <translation>Einddatum (leeg = nu)</translation>
    </message>
    <message>
      <source>Uitvoer</source>
      <translation>Uitvoer</translation>
    </message>
    <message>
      <source>Cijfers optellen (locatie → wijk → stad)</source>
      <translation>Cijfers optellen (locatie → wijk → stad)</translation>
    </message>
    <message>
      <source>Telt het programma van projecten en potloodplannen op per wijk, gebied en voor de stad, en zet het af tegen de doelen. Uitvoer: JSON (alle cijfers), CSV (één niveau) of Excel.</source>
      <translation>Telt het programma van projecten en potloodplannen op per wijk, gebied en voor de stad, en zet het af tegen de doelen. Uitvoer: JSON (alle cijfers), CSV (één niveau) of Excel.</translation>
    </message>
    <message>
      <source>Niveau (voor CSV)</source>
      <translation>Niveau (voor CSV)</translation>
    </message>
    <message>
      <source>Norm planoverschot</source>
      <translation>Norm planoverschot</translation>
    </message>
    <message>
      <source>de cijfers</source>
      <translation>de cijfers</translation>
    </message>
    <message>
      <source>Scenario maken of wijzigen</source>
      <translation>Scenario maken of wijzigen</translation>
    </message>
    <message>
      <source>Een scenario is een benoemde set wijzigingen bovenop de plannen; de plannen zelf blijven zoals ze zijn. Eén wijziging per regel, bijv. 'vervallen status_planologisch=4B', 'uitstel 2 wijk=WK014110', 'realisatiekans 40 status_planologisch=3', 'locatie projecten:12 oplever_jaar=2032 koop=20' of 'potloodplan 7 oplever_jaar=2029'.</source>
      <translation>Een scenario is een benoemde set wijzigingen bovenop de plannen; de plannen zelf blijven zoals ze zijn. Eén wijziging per regel, bijv. 'vervallen status_planologisch=4B', 'uitstel 2 wijk=WK014110', 'realisatiekans 40 status_planologisch=3', 'locatie projecten:12 oplever_jaar=2032 koop=20' of 'potloodplan 7 oplever_jaar=2029'.</translation>
    </message>
    <message>
      <source>Naam van het scenario</source>
      <translation>Naam van het scenario</translation>
    </message>
    <message>
      <source>Omschrijving</source>
      <translation>Omschrijving</translation>
    </message>
    <message>
      <source>Wijzigingen (één per regel)</source>
      <translation>Wijzigingen (één per regel)</translation>
    </message>
    <message>
      <source>Bestaande wijzigingen vervangen</source>
      <translation>Bestaande wijzigingen vervangen</translation>
    </message>
    <message>
      <source>Wijzigingen in het scenario</source>
      <translation>Wijzigingen in het scenario</translation>
    </message>
    <message>
      <source>Scenario's naast de doelen</source>
      <translation>Scenario's naast de doelen</translation>
    </message>
    <message>
      <source>Elk scenario naast de doelen en de huidige plannen: stad, doelen, per jaar tegen vraag en norm, opgaven en wijken. Uitvoer: JSON of Excel.</source>
      <translation>Elk scenario naast de doelen en de huidige plannen: stad, doelen, per jaar tegen vraag en norm, opgaven en wijken. Uitvoer: JSON of Excel.</translation>
    </message>
    <message>
      <source>Scenario's</source>
      <translation>Scenario's</translation>
    </message>
    <message>
      <source>Locaties taggen met opgaven</source>
      <translation>Locaties taggen met opgaven</translation>
    </message>
    <message>
      <source>Voegt opgaven toe aan (of haalt ze weg van) projecten of potloodplannen: de geselecteerde locaties van een laag (vink 'Alleen geselecteerde objecten' aan), de opgegeven features, of alle locaties in een gebied (minstens de helft van hun oppervlak) of een wijk. Alles of niets: bij een onbekende opgave of feature wordt niets geschreven.</source>
      <translation>Voegt opgaven toe aan (of haalt ze weg van) projecten of potloodplannen: de geselecteerde locaties van een laag (vink 'Alleen geselecteerde objecten' aan), de opgegeven features, of alle locaties in een gebied (minstens de helft van hun oppervlak) of een wijk. Alles of niets: bij een onbekende opgave of feature wordt niets geschreven.</translation>
    </message>
    <message>
      <source>Opgaven</source>
      <translation>Opgaven</translation>
    </message>
    <message>
      <source>Locaties (projecten of potloodplannen van de atlas)</source>
      <translation>Locaties (projecten of potloodplannen van de atlas)</translation>
    </message>
    <message>
      <source>Of: laag</source>
      <translation>Of: laag</translation>
    </message>
    <message>
      <source>met feature-id's (komma-gescheiden)</source>
      <translation>met feature-id's (komma-gescheiden)</translation>
    </message>
    <message>
      <source>of alle locaties in gebied (naam)</source>
      <translation>of alle locaties in gebied (naam)</translation>
    </message>
    <message>
      <source>of alle locaties in wijk (wijkcode)</source>
      <translation>of alle locaties in wijk (wijkcode)</translation>
    </message>
    <message>
      <source>Opgaven verwijderen in plaats van toevoegen</source>
      <translation>Opgaven verwijderen in plaats van toevoegen</translation>
    </message>
    <message>
      <source>Aantal gewijzigde tags</source>
      <translation>Aantal gewijzigde tags</translation>
    </message>
    <message>
      <source>Laag '{naam}' is geen laag met projecten of potloodplannen van de atlas.</source>
      <translation>Laag '{naam}' is geen laag met projecten of potloodplannen van de atlas.</translation>
    </message>
    <message>
      <source>Geen locaties geselecteerd in '{naam}': selecteer ze op de kaart.</source>
      <translation>Geen locaties geselecteerd in '{naam}': selecteer ze op de kaart.</translation>
    </message>
    <message>
      <source>{n} tag(s) gewijzigd op {m} locaties</source>
      <translation>{n} tag(s) gewijzigd op {m} locaties</translation>
    </message>
    <message>
      <source>Plannen uitwisselen met provincie of DIWI</source>
      <translation>Plannen uitwisselen met provincie of DIWI</translation>
    </message>
    <message>
      <source>Schrijft de plannen met hun woningblokken in het formaat van de ontvanger: Planregistratie (Gelderland, Zuid-Holland; .gpkg of .gdb), de GeoJSON van Zuid-Holland, de Planmonitor Wonen van Zeeland (.xlsx) of een leesbare Excel. Eerst wordt alles gecontroleerd (verplichte velden, lijsten, optellingen, geometrie); bij een fout wordt niets geschreven. Plannen die vertrouwelijker zijn dan de ontvanger blijven weg.</source>
      <translation>Schrijft de plannen met hun woningblokken in het formaat van de ontvanger: Planregistratie (Gelderland, Zuid-Holland; .gpkg of .gdb), de GeoJSON van Zuid-Holland, de Planmonitor Wonen van Zeeland (.xlsx) of een leesbare Excel. Eerst wordt alles gecontroleerd (verplichte velden, lijsten, optellingen, geometrie); bij een fout wordt niets geschreven. Plannen die vertrouwelijker zijn dan de ontvanger blijven weg.</translation>
    </message>
    <message>
      <source>Formaat</source>
      <translation>Formaat</translation>
    </message>
    <message>
      <source>Planregistratie (GeoPackage of FileGDB)</source>
      <translation>Planregistratie (GeoPackage of FileGDB)</translation>
    </message>
    <message>
      <source>Zuid-Holland (GeoJSON)</source>
      <translation>Zuid-Holland (GeoJSON)</translation>
    </message>
    <message>
      <source>Zeeland, Planmonitor Wonen (Excel)</source>
      <translation>Zeeland, Planmonitor Wonen (Excel)</translation>
    </message>
    <message>
      <source>Leesbare Excel</source>
      <translation>Leesbare Excel</translation>
    </message>
    <message>
      <source>Ontvanger (vertrouwelijkheid)</source>
      <translation>Ontvanger (vertrouwelijkheid)</translation>
    </message>
    <message>
      <source>Gemeente (alles)</source>
      <translation>Gemeente (alles)</translation>
    </message>
    <message>
      <source>Provincie</source>
      <translation>Provincie</translation>
    </message>
    <message>
      <source>Regio</source>
      <translation>Regio</translation>
    </message>
    <message>
      <source>Openbaar</source>
      <translation>Openbaar</translation>
    </message>
    <message>
      <source>de plannen</source>
      <translation>de plannen</translation>
    </message>
    <message>
      <source>Alleen controleren, niets schrijven</source>
      <translation>Alleen controleren, niets schrijven</translation>
    </message>
    <message>
      <source>Bestand</source>
      <translation>Bestand</translation>
    </message>
    <message>
      <source>Plannen geleverd</source>
      <translation>Plannen geleverd</translation>
    </message>
    <message>
      <source>Plannen weggelaten (vertrouwelijk)</source>
      <translation>Plannen weggelaten (vertrouwelijk)</translation>
    </message>
    <message>
      <source>Geef een bestand op, of kies Alleen controleren.</source>
      <translation>Geef een bestand op, of kies Alleen controleren.</translation>
    </message>
    <message>
      <source>Store controleren</source>
      <translation>Store controleren</translation>
    </message>
    <message>
      <source>Meldt per probleem de laag, het feature en het veld: ontbrekende tabellen of velden, verkeerd coördinatenstelsel, ongeldige geometrie, waarden buiten het domein, negatieve cijfers, onbekende opgaven en locaties buiten alle wijken.</source>
      <translation>Meldt per probleem de laag, het feature en het veld: ontbrekende tabellen of velden, verkeerd coördinatenstelsel, ongeldige geometrie, waarden buiten het domein, negatieve cijfers, onbekende opgaven en locaties buiten alle wijken.</translation>
    </message>
    <message>
      <source>Rapport (JSON)</source>
      <translation>Rapport (JSON)</translation>
    </message>
    <message>
      <source>Aantal problemen</source>
      <translation>Aantal problemen</translation>
    </message>
    <message>
      <source>Geen problemen gevonden.</source>
      <translation>Geen problemen gevonden.</translation>
    </message>
  </context>
  <context>
    <name>AtlasController</name>
    <message>
      <source>Alleen lezen: uw gebruiker mag deze store niet wijzigen (daarvoor is de rol atlas_redacteur nodig).</source>
      <translation>Alleen lezen: uw gebruiker mag deze store niet wijzigen (daarvoor is de rol atlas_redacteur nodig).</translation>
    </message>
    <message>
      <source>Bron bijwerken</source>
      <translation>Bron bijwerken</translation>
    </message>
    <message>
      <source>Opgaven per locatie</source>
      <translation>Opgaven per locatie</translation>
    </message>
    <message>
      <source>Laag {laag} heeft onopgeslagen bewerkingen: sla ze eerst op of maak ze ongedaan.</source>
      <translation>Laag {laag} heeft onopgeslagen bewerkingen: sla ze eerst op of maak ze ongedaan.</translation>
    </message>
    <message>
      <source>Niet opgeslagen</source>
      <translation>Niet opgeslagen</translation>
    </message>
    <message>
      <source>Hier ligt geen wijk.</source>
      <translation>Hier ligt geen wijk.</translation>
    </message>
    <message>
      <source>De opgaven kunnen niet worden bewerkt (alleen-lezen).</source>
      <translation>De opgaven kunnen niet worden bewerkt (alleen-lezen).</translation>
    </message>
    <message>
      <source>Opgaven van {n} locatie(s)</source>
      <translation>Opgaven van {n} locatie(s)</translation>
    </message>
    <message>
      <source>Potloodplan is nu project {fid} (zacht).</source>
      <translation>Potloodplan is nu project {fid} (zacht).</translation>
    </message>
    <message>
      <source>Scenario ‘{naam}’ opgeslagen ({n} wijzigingen).</source>
      <translation>Scenario ‘{naam}’ opgeslagen ({n} wijzigingen).</translation>
    </message>
  </context>
  <context>
    <name>AtlasDialogs</name>
    <message>
      <source>Niet opgeslagen wijzigingen in: {lagen}</source>
      <translation>Niet opgeslagen wijzigingen in: {lagen}</translation>
    </message>
    <message>
      <source>Atlas sluiten</source>
      <translation>Atlas sluiten</translation>
    </message>
    <message>
      <source>Wilt u ze opslaan voordat de atlas sluit?</source>
      <translation>Wilt u ze opslaan voordat de atlas sluit?</translation>
    </message>
    <message>
      <source>Opslaan</source>
      <translation>Opslaan</translation>
    </message>
    <message>
      <source>Verwerpen</source>
      <translation>Verwerpen</translation>
    </message>
    <message>
      <source>Annuleren</source>
      <translation>Annuleren</translation>
    </message>
    <message>
      <source>Geen PostgreSQL-verbindingen in QGIS; maak er een in de Browser (PostgreSQL).</source>
      <translation>Geen PostgreSQL-verbindingen in QGIS; maak er een in de Browser (PostgreSQL).</translation>
    </message>
    <message>
      <source>PostGIS-store openen</source>
      <translation>PostGIS-store openen</translation>
    </message>
    <message>
      <source>Verbinding</source>
      <translation>Verbinding</translation>
    </message>
    <message>
      <source>Schema</source>
      <translation>Schema</translation>
    </message>
    <message>
      <source>Atlas stadsontwikkeling</source>
      <translation>Atlas stadsontwikkeling</translation>
    </message>
    <message>
      <source>Store '{path}' heeft schemaversie {oud}; deze plugin werkt met versie {nieuw}. De store bijwerken? Oudere versies van de plugin kunnen hem daarna niet meer openen.</source>
      <translation>Store '{path}' heeft schemaversie {oud}; deze plugin werkt met versie {nieuw}. De store bijwerken? Oudere versies van de plugin kunnen hem daarna niet meer openen.</translation>
    </message>
    <message>
      <source>Kies eerst een laag in het lagenpaneel.</source>
      <translation>Kies eerst een laag in het lagenpaneel.</translation>
    </message>
    <message>
      <source>Laag aan de atlas toevoegen</source>
      <translation>Laag aan de atlas toevoegen</translation>
    </message>
    <message>
      <source>Groep in de atlas</source>
      <translation>Groep in de atlas</translation>
    </message>
    <message>
      <source>Laag '{naam}' staat nu in de atlas (groep {groep}).</source>
      <translation>Laag '{naam}' staat nu in de atlas (groep {groep}).</translation>
    </message>
    <message>
      <source>Agenda opslaan</source>
      <translation>Agenda opslaan</translation>
    </message>
    <message>
      <source>PDF (*.pdf)</source>
      <translation>PDF (*.pdf)</translation>
    </message>
    <message>
      <source>Agenda geschreven: {path} ({summary})</source>
      <translation>Agenda geschreven: {path} ({summary})</translation>
    </message>
    <message>
      <source>Agenda geschreven</source>
      <translation>Agenda geschreven</translation>
    </message>
    <message>
      <source>De PDF nu openen?</source>
      <translation>De PDF nu openen?</translation>
    </message>
    <message>
      <source>Cijfers opslaan</source>
      <translation>Cijfers opslaan</translation>
    </message>
    <message>
      <source>Excel (*.xlsx)</source>
      <translation>Excel (*.xlsx)</translation>
    </message>
    <message>
      <source>Excel geschreven: {path}</source>
      <translation>Excel geschreven: {path}</translation>
    </message>
  </context>
  <context>
    <name>AtlasDock</name>
    <message>
      <source>Alle locaties van deze wijk selecteren</source>
      <translation>Alle locaties van deze wijk selecteren</translation>
    </message>
    <message>
      <source>Bron bijwerken…</source>
      <translation>Bron bijwerken…</translation>
    </message>
    <message>
      <source>Een basislaag bijwerken uit een bestand van CBS, BAG, EP-Online, de Leefbaarometer of de planlijst van de gemeente</source>
      <translation>Een basislaag bijwerken uit een bestand van CBS, BAG, EP-Online, de Leefbaarometer of de planlijst van de gemeente</translation>
    </message>
    <message>
      <source>Plannen uitwisselen…</source>
      <translation>Plannen uitwisselen…</translation>
    </message>
    <message>
      <source>De plannen met hun woningblokken naar de provincie of DIWI: Planregistratie, Zuid-Holland, Zeeland of een leesbare Excel; eerst gecontroleerd</source>
      <translation>De plannen met hun woningblokken naar de provincie of DIWI: Planregistratie, Zuid-Holland, Zeeland of een leesbare Excel; eerst gecontroleerd</translation>
    </message>
    <message>
      <source>Scenario's…</source>
      <translation>Scenario's…</translation>
    </message>
    <message>
      <source>Scenario's maken en wijzigen en naast de doelen zetten; de plannen zelf blijven zoals ze zijn</source>
      <translation>Scenario's maken en wijzigen en naast de doelen zetten; de plannen zelf blijven zoals ze zijn</translation>
    </message>
    <message>
      <source>Mutaties…</source>
      <translation>Mutaties…</translation>
    </message>
    <message>
      <source>Wat veranderde er tussen twee datums: nieuw, vervallen, verplaatst, gerealiseerd, status en programma, per stad, wijk en opgave, met de mutatiekaart</source>
      <translation>Wat veranderde er tussen twee datums: nieuw, vervallen, verplaatst, gerealiseerd, status en programma, per stad, wijk en opgave, met de mutatiekaart</translation>
    </message>
    <message>
      <source>Recent…</source>
      <translation>Recent…</translation>
    </message>
    <message>
      <source>Atlas openen</source>
      <translation>Atlas openen</translation>
    </message>
    <message>
      <source>GeoPackage (*.gpkg)</source>
      <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
      <source>Atlas: {path}</source>
      <translation>Atlas: {path}</translation>
    </message>
    <message>
      <source>alleen lezen</source>
      <translation>alleen lezen</translation>
    </message>
    <message>
      <source>{formaat} geschreven: {path} ({n} plannen)</source>
      <translation>{formaat} geschreven: {path} ({n} plannen)</translation>
    </message>
    <message>
      <source>Locatie: selecteer projecten of potloodplannen op de kaart (of zoek ze op naam)</source>
      <translation>Locatie: selecteer projecten of potloodplannen op de kaart (of zoek ze op naam)</translation>
    </message>
    <message>
      <source>peildatum {datum}</source>
      <translation>peildatum {datum}</translation>
    </message>
    <message>
      <source>Vóór {datum} is er geen historie; de cijfers beginnen op {datum}</source>
      <translation>Vóór {datum} is er geen historie; de cijfers beginnen op {datum}</translation>
    </message>
    <message>
      <source>Woningbouw per jaar in {wijk}</source>
      <translation>Woningbouw per jaar in {wijk}</translation>
    </message>
    <message>
      <source>Woningbouw per jaar (stad) tegen de vraag</source>
      <translation>Woningbouw per jaar (stad) tegen de vraag</translation>
    </message>
  </context>
  <context>
    <name>AtlasMessages</name>
    <message>
      <source>Atlas stadsontwikkeling</source>
      <translation>Atlas stadsontwikkeling</translation>
    </message>
  </context>
  <context>
    <name>BronDialog</name>
    <message>
      <source>Bron bijwerken</source>
      <translation>Bron bijwerken</translation>
    </message>
    <message>
      <source>Bron</source>
      <translation>Bron</translation>
    </message>
    <message>
      <source>Bestand</source>
      <translation>Bestand</translation>
    </message>
    <message>
      <source>Bijwerken</source>
      <translation>Bijwerken</translation>
    </message>
    <message>
      <source>Annuleren</source>
      <translation>Annuleren</translation>
    </message>
    <message>
      <source>Kies eerst het bestand van de bron.</source>
      <translation>Kies eerst het bestand van de bron.</translation>
    </message>
  </context>
  <context>
    <name>Controle</name>
    <message>
      <source>status {status} (hard), maar geen bestemmingsplan onder de locatie</source>
      <translation>status {status} (hard), maar geen bestemmingsplan onder de locatie</translation>
    </message>
    <message>
      <source>claimt {geclaimd} gerealiseerd, 1 BAG-woning gebouwd sinds {jaar}</source>
      <translation>claimt {geclaimd} gerealiseerd, 1 BAG-woning gebouwd sinds {jaar}</translation>
    </message>
    <message>
      <source>claimt {geclaimd} gerealiseerd, {bag} BAG-woningen gebouwd sinds {jaar}</source>
      <translation>claimt {geclaimd} gerealiseerd, {bag} BAG-woningen gebouwd sinds {jaar}</translation>
    </message>
    <message>
      <source>{n} BAG-woningen gebouwd sinds {jaar} liggen in geen plan: teken het project of potloodplan in, of controleer de BAG</source>
      <translation>{n} BAG-woningen gebouwd sinds {jaar} liggen in geen plan: teken het project of potloodplan in, of controleer de BAG</translation>
    </message>
    <message>
      <source>geen bestemmingsplannen in de atlas; controle overgeslagen</source>
      <translation>geen bestemmingsplannen in de atlas; controle overgeslagen</translation>
    </message>
    <message>
      <source>geen BAG-woningen in de atlas (woningvoorraad is leeg); controle overgeslagen</source>
      <translation>geen BAG-woningen in de atlas (woningvoorraad is leeg); controle overgeslagen</translation>
    </message>
    <message>
      <source>{n} locaties gecontroleerd: {b} bevindingen bij {l} locaties; {o} nieuwe BAG-woningen (sinds {jaar}) in geen plan, in {w} wijken</source>
      <translation>{n} locaties gecontroleerd: {b} bevindingen bij {l} locaties; {o} nieuwe BAG-woningen (sinds {jaar}) in geen plan, in {w} wijken</translation>
    </message>
  </context>
  <context>
    <name>ControlePanel</name>
    <message>
      <source>Controle tegen BAG en bestemmingsplannen</source>
      <translation>Controle tegen BAG en bestemmingsplannen</translation>
    </message>
    <message>
      <source>Gerealiseerde woningen tegen de BAG-woningen die sinds de start in de locatie zijn gebouwd; een harde planologische status (1A–2C) tegen de bestemmingsplannen in de atlas.</source>
      <translation>Gerealiseerde woningen tegen de BAG-woningen die sinds de start in de locatie zijn gebouwd; een harde planologische status (1A–2C) tegen de bestemmingsplannen in de atlas.</translation>
    </message>
    <message>
      <source>Selecteer één locatie op de kaart om haar te controleren.</source>
      <translation>Selecteer één locatie op de kaart om haar te controleren.</translation>
    </message>
    <message>
      <source>Geen bevindingen.</source>
      <translation>Geen bevindingen.</translation>
    </message>
  </context>
  <context>
    <name>FiguresPanel</name>
    <message>
      <source>Waarde</source>
      <translation>Waarde</translation>
    </message>
    <message>
      <source>Cijfer</source>
      <translation>Cijfer</translation>
    </message>
  </context>
  <context>
    <name>GoalsPanel</name>
    <message>
      <source>Doelen</source>
      <translation>Doelen</translation>
    </message>
  </context>
  <context>
    <name>Grafiek</name>
    <message>
      <source>netto aanbod (cumulatief)</source>
      <translation>netto aanbod (cumulatief)</translation>
    </message>
    <message>
      <source>verwacht (cumulatief)</source>
      <translation>verwacht (cumulatief)</translation>
    </message>
    <message>
      <source>vraag (cumulatief)</source>
      <translation>vraag (cumulatief)</translation>
    </message>
    <message>
      <source>norm: {pct} % van de vraag</source>
      <translation>norm: {pct} % van de vraag</translation>
    </message>
    <message>
      <source>woningvraag</source>
      <translation>woningvraag</translation>
    </message>
    <message>
      <source>Nog geen woningbouw per jaar</source>
      <translation>Nog geen woningbouw per jaar</translation>
    </message>
    <message>
      <source>woningen per jaar</source>
      <translation>woningen per jaar</translation>
    </message>
    <message>
      <source>Geen projecten met een opleverjaar in deze jaren</source>
      <translation>Geen projecten met een opleverjaar in deze jaren</translation>
    </message>
    <message>
      <source>woningen cumulatief</source>
      <translation>woningen cumulatief</translation>
    </message>
  </context>
  <context>
    <name>HistoryPanel</name>
    <message>
      <source>toegevoegd</source>
      <translation>toegevoegd</translation>
    </message>
    <message>
      <source>gewijzigd</source>
      <translation>gewijzigd</translation>
    </message>
    <message>
      <source>verwijderd</source>
      <translation>verwijderd</translation>
    </message>
    <message>
      <source>opgave {code} {actie}</source>
      <translation>opgave {code} {actie}</translation>
    </message>
    <message>
      <source>geometrie</source>
      <translation>geometrie</translation>
    </message>
    <message>
      <source>Historie van de locatie</source>
      <translation>Historie van de locatie</translation>
    </message>
    <message>
      <source>Deze versie herstellen</source>
      <translation>Deze versie herstellen</translation>
    </message>
    <message>
      <source>Potloodplan → project</source>
      <translation>Potloodplan → project</translation>
    </message>
    <message>
      <source>Maakt van het geselecteerde potloodplan een project (zacht); programma, opgaven en historie gaan mee.</source>
      <translation>Maakt van het geselecteerde potloodplan een project (zacht); programma, opgaven en historie gaan mee.</translation>
    </message>
    <message>
      <source>Selecteer één locatie op de kaart om haar historie te zien.</source>
      <translation>Selecteer één locatie op de kaart om haar historie te zien.</translation>
    </message>
  </context>
  <context>
    <name>MutatiesDialog</name>
    <message>
      <source>Mutaties: wat veranderde er?</source>
      <translation>Mutaties: wat veranderde er?</translation>
    </message>
    <message>
      <source>leeg = nu</source>
      <translation>leeg = nu</translation>
    </message>
    <message>
      <source>Berekenen</source>
      <translation>Berekenen</translation>
    </message>
    <message>
      <source>Van</source>
      <translation>Van</translation>
    </message>
    <message>
      <source>tot</source>
      <translation>tot</translation>
    </message>
    <message>
      <source>Een datum is het einde van die dag (Nederlandse tijd).</source>
      <translation>Een datum is het einde van die dag (Nederlandse tijd).</translation>
    </message>
    <message>
      <source>De stad: begin + mutaties = eind</source>
      <translation>De stad: begin + mutaties = eind</translation>
    </message>
    <message>
      <source>Mutatiekaart tonen</source>
      <translation>Mutatiekaart tonen</translation>
    </message>
    <message>
      <source>Excel…</source>
      <translation>Excel…</translation>
    </message>
    <message>
      <source>Sluiten</source>
      <translation>Sluiten</translation>
    </message>
    <message>
      <source>Cijfer</source>
      <translation>Cijfer</translation>
    </message>
    <message>
      <source>Mutatie</source>
      <translation>Mutatie</translation>
    </message>
    <message>
      <source>Locatie</source>
      <translation>Locatie</translation>
    </message>
    <message>
      <source>Wijk</source>
      <translation>Wijk</translation>
    </message>
    <message>
      <source>Δ gepland</source>
      <translation>Δ gepland</translation>
    </message>
    <message>
      <source>Δ gerealiseerd</source>
      <translation>Δ gerealiseerd</translation>
    </message>
    <message>
      <source>Wat</source>
      <translation>Wat</translation>
    </message>
    <message>
      <source>{periode}: {cijfer} van {begin} naar {eind}; {n} locaties met een mutatie.</source>
      <translation>{periode}: {cijfer} van {begin} naar {eind}; {n} locaties met een mutatie.</translation>
    </message>
    <message>
      <source>Mutaties opslaan</source>
      <translation>Mutaties opslaan</translation>
    </message>
    <message>
      <source>Excel (*.xlsx)</source>
      <translation>Excel (*.xlsx)</translation>
    </message>
  </context>
  <context>
    <name>ScenarioDialog</name>
    <message>
      <source>Scenario's</source>
      <translation>Scenario's</translation>
    </message>
    <message>
      <source>bijv. status_planologisch=4B, of: 2 wijk=WK014110, of: projecten:12 oplever_jaar=2032</source>
      <translation>bijv. status_planologisch=4B, of: 2 wijk=WK014110, of: projecten:12 oplever_jaar=2032</translation>
    </message>
    <message>
      <source>Toevoegen</source>
      <translation>Toevoegen</translation>
    </message>
    <message>
      <source>Wijziging verwijderen</source>
      <translation>Wijziging verwijderen</translation>
    </message>
    <message>
      <source>Doel</source>
      <translation>Doel</translation>
    </message>
    <message>
      <source>Streef</source>
      <translation>Streef</translation>
    </message>
    <message>
      <source>Nu</source>
      <translation>Nu</translation>
    </message>
    <message>
      <source>Scenario</source>
      <translation>Scenario</translation>
    </message>
    <message>
      <source>Verschil</source>
      <translation>Verschil</translation>
    </message>
    <message>
      <source>Verwacht</source>
      <translation>Verwacht</translation>
    </message>
    <message>
      <source>Gehaald</source>
      <translation>Gehaald</translation>
    </message>
    <message>
      <source>Opslaan</source>
      <translation>Opslaan</translation>
    </message>
    <message>
      <source>Sluiten</source>
      <translation>Sluiten</translation>
    </message>
    <message>
      <source>Naam</source>
      <translation>Naam</translation>
    </message>
    <message>
      <source>Omschrijving</source>
      <translation>Omschrijving</translation>
    </message>
    <message>
      <source>Wijzigingen bovenop de plannen (de plannen zelf blijven zoals ze zijn)</source>
      <translation>Wijzigingen bovenop de plannen (de plannen zelf blijven zoals ze zijn)</translation>
    </message>
    <message>
      <source>Vergelijking met de doelen: de huidige plannen (nu) en het opgeslagen scenario</source>
      <translation>Vergelijking met de doelen: de huidige plannen (nu) en het opgeslagen scenario</translation>
    </message>
    <message>
      <source>Nieuw scenario</source>
      <translation>Nieuw scenario</translation>
    </message>
    <message>
      <source>nieuw: {tekst}</source>
      <translation>nieuw: {tekst}</translation>
    </message>
    <message>
      <source>Woningen gepland netto (stad)</source>
      <translation>Woningen gepland netto (stad)</translation>
    </message>
    <message>
      <source>ja</source>
      <translation>ja</translation>
    </message>
    <message>
      <source>nee</source>
      <translation>nee</translation>
    </message>
  </context>
  <context>
    <name>ScopePanel</name>
    <message>
      <source>De hele gemeente</source>
      <translation>De hele gemeente</translation>
    </message>
    <message>
      <source>Eén wijk: kies haar in de lijst of op de kaart</source>
      <translation>Eén wijk: kies haar in de lijst of op de kaart</translation>
    </message>
    <message>
      <source>De geselecteerde projecten en potloodplannen</source>
      <translation>De geselecteerde projecten en potloodplannen</translation>
    </message>
    <message>
      <source>Stad</source>
      <translation>Stad</translation>
    </message>
    <message>
      <source>Wijk</source>
      <translation>Wijk</translation>
    </message>
    <message>
      <source>Locatie</source>
      <translation>Locatie</translation>
    </message>
    <message>
      <source>Kies een wijk…</source>
      <translation>Kies een wijk…</translation>
    </message>
    <message>
      <source>Kies op kaart</source>
      <translation>Kies op kaart</translation>
    </message>
    <message>
      <source>Klik daarna op de kaart: de wijk onder de muis wordt gekozen.</source>
      <translation>Klik daarna op de kaart: de wijk onder de muis wordt gekozen.</translation>
    </message>
    <message>
      <source>Zoek locatie op naam…</source>
      <translation>Zoek locatie op naam…</translation>
    </message>
    <message>
      <source>Open eerst een atlas.</source>
      <translation>Open eerst een atlas.</translation>
    </message>
    <message>
      <source>Kies een wijk</source>
      <translation>Kies een wijk</translation>
    </message>
    <message>
      <source>{n} gevonden</source>
      <translation>{n} gevonden</translation>
    </message>
  </context>
  <context>
    <name>TagsPanel</name>
    <message>
      <source>Opgaven van de selectie</source>
      <translation>Opgaven van de selectie</translation>
    </message>
    <message>
      <source>Toepassen</source>
      <translation>Toepassen</translation>
    </message>
    <message>
      <source>Eén stap in de bewerkingsbuffer: ongedaan maken met Ctrl+Z, bewaren met Opslaan bovenin de dock.</source>
      <translation>Eén stap in de bewerkingsbuffer: ongedaan maken met Ctrl+Z, bewaren met Opslaan bovenin de dock.</translation>
    </message>
    <message>
      <source>Selecteer eerst een of meer locaties op de kaart (of zoek ze op naam).</source>
      <translation>Selecteer eerst een of meer locaties op de kaart (of zoek ze op naam).</translation>
    </message>
  </context>
  <context>
    <name>Termen</name>
    <message>
      <source>met bestemmingsplan</source>
      <translation>met bestemmingsplan</translation>
    </message>
    <message>
      <source>Hard: een project dat past in een vastgesteld bestemmingsplan en nog niet is opgeleverd.</source>
      <translation>Hard: een project dat past in een vastgesteld bestemmingsplan en nog niet is opgeleverd.</translation>
    </message>
    <message>
      <source>nog geen bestemmingsplan</source>
      <translation>nog geen bestemmingsplan</translation>
    </message>
    <message>
      <source>Zacht: een project waarvoor het bestemmingsplan nog niet is vastgesteld; het kan nog veranderen.</source>
      <translation>Zacht: een project waarvoor het bestemmingsplan nog niet is vastgesteld; het kan nog veranderen.</translation>
    </message>
    <message>
      <source>hard + zacht</source>
      <translation>hard + zacht</translation>
    </message>
    <message>
      <source>Gepland: hard en zacht samen, de projecten die nog niet zijn opgeleverd.</source>
      <translation>Gepland: hard en zacht samen, de projecten die nog niet zijn opgeleverd.</translation>
    </message>
    <message>
      <source>opgeleverd</source>
      <translation>opgeleverd</translation>
    </message>
    <message>
      <source>Gerealiseerd: projecten die zijn opgeleverd.</source>
      <translation>Gerealiseerd: projecten die zijn opgeleverd.</translation>
    </message>
    <message>
      <source>op potloodplannen</source>
      <translation>op potloodplannen</translation>
    </message>
    <message>
      <source>Potentieel: wat op potloodplannen zou passen; indicatief, nog geen project.</source>
      <translation>Potentieel: wat op potloodplannen zou passen; indicatief, nog geen project.</translation>
    </message>
    <message>
      <source>mogelijke locatie</source>
      <translation>mogelijke locatie</translation>
    </message>
    <message>
      <source>Potloodplan: een mogelijke locatie (leegstand, braakliggend terrein, strategische positie), nog geen project.</source>
      <translation>Potloodplan: een mogelijke locatie (leegstand, braakliggend terrein, strategische positie), nog geen project.</translation>
    </message>
    <message>
      <source>cijfers op die datum</source>
      <translation>cijfers op die datum</translation>
    </message>
    <message>
      <source>Peildatum: de cijfers zoals de atlas ze op die datum kende.</source>
      <translation>Peildatum: de cijfers zoals de atlas ze op die datum kende.</translation>
    </message>
    <message>
      <source>doel t/m dat jaar</source>
      <translation>doel t/m dat jaar</translation>
    </message>
    <message>
      <source>Peiljaar: het doel telt de projecten met een opleverjaar tot en met dit jaar.</source>
      <translation>Peiljaar: het doel telt de projecten met een opleverjaar tot en met dit jaar.</translation>
    </message>
    <message>
      <source>stadsopgave 3.1–3.7</source>
      <translation>stadsopgave 3.1–3.7</translation>
    </message>
    <message>
      <source>Opgave: een van de zeven stadsopgaven van de Uitvoeringsagenda (3.1–3.7); een locatie telt mee bij de opgaven waarmee ze is gelabeld.</source>
      <translation>Opgave: een van de zeven stadsopgaven van de Uitvoeringsagenda (3.1–3.7); een locatie telt mee bij de opgaven waarmee ze is gelabeld.</translation>
    </message>
    <message>
      <source>streefwaarde met peiljaar</source>
      <translation>streefwaarde met peiljaar</translation>
    </message>
    <message>
      <source>Doel: een streefwaarde uit de agenda, gehouden tegen de projecten tot en met het peiljaar.</source>
      <translation>Doel: een streefwaarde uit de agenda, gehouden tegen de projecten tot en met het peiljaar.</translation>
    </message>
    <message>
      <source>deel van het doel</source>
      <translation>deel van het doel</translation>
    </message>
    <message>
      <source>Dekking: gerealiseerd en gepland samen, gedeeld door het doel; 100 % is het doel gehaald.</source>
      <translation>Dekking: gerealiseerd en gepland samen, gedeeld door het doel; 100 % is het doel gehaald.</translation>
    </message>
    <message>
      <source>verwachte vraag per jaar</source>
      <translation>verwachte vraag per jaar</translation>
    </message>
    <message>
      <source>Woningvraag: het aantal woningen dat per jaar nodig is volgens de prognose.</source>
      <translation>Woningvraag: het aantal woningen dat per jaar nodig is volgens de prognose.</translation>
    </message>
    <message>
      <source>aanbod boven de vraag</source>
      <translation>aanbod boven de vraag</translation>
    </message>
    <message>
      <source>Planoverschot: het cumulatieve aanbod gedeeld door de cumulatieve vraag; de norm vraagt meer plannen dan de vraag, omdat niet elk plan doorgaat.</source>
      <translation>Planoverschot: het cumulatieve aanbod gedeeld door de cumulatieve vraag; de norm vraagt meer plannen dan de vraag, omdat niet elk plan doorgaat.</translation>
    </message>
    <message>
      <source>nieuwe woningen</source>
      <translation>nieuwe woningen</translation>
    </message>
    <message>
      <source>Bouw: de woningen die de woningblokken toevoegen (nieuwbouw en transformatie).</source>
      <translation>Bouw: de woningen die de woningblokken toevoegen (nieuwbouw en transformatie).</translation>
    </message>
    <message>
      <source>woningen die verdwijnen</source>
      <translation>woningen die verdwijnen</translation>
    </message>
    <message>
      <source>Sloop: de woningen die de woningblokken van soort sloop wegnemen, vaak vóór nieuwbouw op dezelfde plek.</source>
      <translation>Sloop: de woningen die de woningblokken van soort sloop wegnemen, vaak vóór nieuwbouw op dezelfde plek.</translation>
    </message>
    <message>
      <source>bouw − sloop</source>
      <translation>bouw − sloop</translation>
    </message>
    <message>
      <source>Netto: bouw min sloop, de woningen die er werkelijk bij komen; de doelen van de Woonvisie tellen netto.</source>
      <translation>Netto: bouw min sloop, de woningen die er werkelijk bij komen; de doelen van de Woonvisie tellen netto.</translation>
    </message>
    <message>
      <source>gepland × realisatiekans</source>
      <translation>gepland × realisatiekans</translation>
    </message>
    <message>
      <source>Verwacht: de geplande woningen (netto) gewogen naar hun realisatiekans, plus wat al is gerealiseerd; wat er naar verwachting werkelijk komt.</source>
      <translation>Verwacht: de geplande woningen (netto) gewogen naar hun realisatiekans, plus wat al is gerealiseerd; wat er naar verwachting werkelijk komt.</translation>
    </message>
    <message>
      <source>kans dat het plan doorgaat</source>
      <translation>kans dat het plan doorgaat</translation>
    </message>
    <message>
      <source>Realisatiekans: de kans (0–100 %) dat een plan wordt gebouwd; leeg is de norm voor zijn planologische status (een aanname in de catalogus).</source>
      <translation>Realisatiekans: de kans (0–100 %) dat een plan wordt gebouwd; leeg is de norm voor zijn planologische status (een aanname in de catalogus).</translation>
    </message>
    <message>
      <source>1A–2C hard, 3–4B zacht</source>
      <translation>1A–2C hard, 3–4B zacht</translation>
    </message>
    <message>
      <source>Planologische status: de landelijke indeling 1A–4B van de planregistratie; 1A–2C (vastgesteld of onherroepelijk) is hard, 3–4B (in voorbereiding, visie, idee) zacht.</source>
      <translation>Planologische status: de landelijke indeling 1A–4B van de planregistratie; 1A–2C (vastgesteld of onherroepelijk) is hard, 3–4B (in voorbereiding, visie, idee) zacht.</translation>
    </message>
    <message>
      <source>deel van een plan</source>
      <translation>deel van een plan</translation>
    </message>
    <message>
      <source>Woningblok: een deel van een plan met eigen aantal, jaar, segment en woningtype; een plan kan in fasen opleveren en eerst slopen.</source>
      <translation>Woningblok: een deel van een plan met eigen aantal, jaar, segment en woningtype; een plan kan in fasen opleveren en eerst slopen.</translation>
    </message>
    <message>
      <source>huur of koop, prijsklasse</source>
      <translation>huur of koop, prijsklasse</translation>
    </message>
    <message>
      <source>Segment: sociale huur, middenhuur, vrije huur of koop; onbekend waar het blok het niet zegt.</source>
      <translation>Segment: sociale huur, middenhuur, vrije huur of koop; onbekend waar het blok het niet zegt.</translation>
    </message>
    <message>
      <source>eengezins of meergezins</source>
      <translation>eengezins of meergezins</translation>
    </message>
    <message>
      <source>Woningtype: eengezinswoning (grondgebonden) of meergezinswoning (appartement); onbekend waar het blok het niet zegt.</source>
      <translation>Woningtype: eengezinswoning (grondgebonden) of meergezinswoning (appartement); onbekend waar het blok het niet zegt.</translation>
    </message>
    <message>
      <source>in geen wijk</source>
      <translation>in geen wijk</translation>
    </message>
    <message>
      <source>Buiten wijken: locaties die in geen enkele wijk liggen; ze tellen mee voor de stad.</source>
      <translation>Buiten wijken: locaties die in geen enkele wijk liggen; ze tellen mee voor de stad.</translation>
    </message>
    <message>
      <source>klassen van het CBS</source>
      <translation>klassen van het CBS</translation>
    </message>
    <message>
      <source>Bouwjaarklasse: de woningen naar hun bouwjaar (BAG), in de klassen van het CBS: vóór 1945, 1945–1964, 1965–1974, 1975–1984, 1985–1994, 1995–2004, 2005–2014, 2015 en later.</source>
      <translation>Bouwjaarklasse: de woningen naar hun bouwjaar (BAG), in de klassen van het CBS: vóór 1945, 1945–1964, 1965–1974, 1975–1984, 1985–1994, 1995–2004, 2005–2014, 2015 en later.</translation>
    </message>
    <message>
      <source>A++++ t/m G, EP-Online</source>
      <translation>A++++ t/m G, EP-Online</translation>
    </message>
    <message>
      <source>Energielabel: het geregistreerde label van een woning (EP-Online); A++++ t/m A+ samen als 'A+ en beter'. Een label telt bij zijn woning (BAG-id), zonder id als één woning.</source>
      <translation>Energielabel: het geregistreerde label van een woning (EP-Online); A++++ t/m A+ samen als 'A+ en beter'. Een label telt bij zijn woning (BAG-id), zonder id als één woning.</translation>
    </message>
    <message>
      <source>woningen − gelabelde woningen</source>
      <translation>woningen − gelabelde woningen</translation>
    </message>
    <message>
      <source>Zonder label: de woningen waarvoor (nog) geen energielabel is geregistreerd.</source>
      <translation>Zonder label: de woningen waarvoor (nog) geen energielabel is geregistreerd.</translation>
    </message>
    <message>
      <source>leefbaarheid in klassen 1–9</source>
      <translation>leefbaarheid in klassen 1–9</translation>
    </message>
    <message>
      <source>Leefbaarometer: de leefbaarheid volgens het ministerie van BZK, van 1 (zeer onvoldoende) tot 9 (uitstekend); het gemiddelde over de gebieden weegt hun woningen (hun oppervlakte waar ze geen woningen hebben).</source>
      <translation>Leefbaarometer: de leefbaarheid volgens het ministerie van BZK, van 1 (zeer onvoldoende) tot 9 (uitstekend); het gemiddelde over de gebieden weegt hun woningen (hun oppervlakte waar ze geen woningen hebben).</translation>
    </message>
    <message>
      <source>ten opzichte van Nederland</source>
      <translation>ten opzichte van Nederland</translation>
    </message>
    <message>
      <source>Afwijking: de Leefbaarometer-score min het landelijk gemiddelde; boven 0 is beter dan gemiddeld. De vijf dimensies zijn zijn delen.</source>
      <translation>Afwijking: de Leefbaarometer-score min het landelijk gemiddelde; boven 0 is beter dan gemiddeld. De vijf dimensies zijn zijn delen.</translation>
    </message>
    <message>
      <source>dimensie van de Leefbaarometer</source>
      <translation>dimensie van de Leefbaarometer</translation>
    </message>
    <message>
      <source>Fysieke omgeving: dimensie van de Leefbaarometer — groen, water, geluid en de bebouwing.</source>
      <translation>Fysieke omgeving: dimensie van de Leefbaarometer — groen, water, geluid en de bebouwing.</translation>
    </message>
    <message>
      <source>Overlast en onveiligheid: dimensie van de Leefbaarometer — vernielingen, geweld, inbraak en overlast.</source>
      <translation>Overlast en onveiligheid: dimensie van de Leefbaarometer — vernielingen, geweld, inbraak en overlast.</translation>
    </message>
    <message>
      <source>Sociale samenhang: dimensie van de Leefbaarometer — de samenstelling van de bewoners en hoe vaak ze verhuizen.</source>
      <translation>Sociale samenhang: dimensie van de Leefbaarometer — de samenstelling van de bewoners en hoe vaak ze verhuizen.</translation>
    </message>
    <message>
      <source>Voorzieningen: dimensie van de Leefbaarometer — winkels, scholen, zorg en cultuur in de buurt.</source>
      <translation>Voorzieningen: dimensie van de Leefbaarometer — winkels, scholen, zorg en cultuur in de buurt.</translation>
    </message>
    <message>
      <source>Woningvoorraad: dimensie van de Leefbaarometer — soort, grootte en ouderdom van de woningen.</source>
      <translation>Woningvoorraad: dimensie van de Leefbaarometer — soort, grootte en ouderdom van de woningen.</translation>
    </message>
    <message>
      <source>woningen</source>
      <translation>woningen</translation>
    </message>
    <message>
      <source>niets gepland</source>
      <translation>niets gepland</translation>
    </message>
    <message>
      <source>geen cijfer</source>
      <translation>geen cijfer</translation>
    </message>
    <message>
      <source>{stand} — ten hoogste {doel}</source>
      <translation>{stand} — ten hoogste {doel}</translation>
    </message>
    <message>
      <source>{stand} — ten minste {doel}</source>
      <translation>{stand} — ten minste {doel}</translation>
    </message>
    <message>
      <source>{stand} — doel {doel}</source>
      <translation>{stand} — doel {doel}</translation>
    </message>
    <message>
      <source>{stand} van {doel}</source>
      <translation>{stand} van {doel}</translation>
    </message>
    <message>
      <source>verwacht {verwacht} — ten hoogste {doel} in {jaar}</source>
      <translation>verwacht {verwacht} — ten hoogste {doel} in {jaar}</translation>
    </message>
    <message>
      <source>verwacht {verwacht} — ten hoogste {doel}</source>
      <translation>verwacht {verwacht} — ten hoogste {doel}</translation>
    </message>
    <message>
      <source>verwacht {verwacht} van {doel} in {jaar}</source>
      <translation>verwacht {verwacht} van {doel} in {jaar}</translation>
    </message>
    <message>
      <source>verwacht {verwacht} van {doel}</source>
      <translation>verwacht {verwacht} van {doel}</translation>
    </message>
    <message>
      <source>onbekend</source>
      <translation>onbekend</translation>
    </message>
    <message>
      <source>binnen het maximum</source>
      <translation>binnen het maximum</translation>
    </message>
    <message>
      <source>boven het maximum</source>
      <translation>boven het maximum</translation>
    </message>
    <message>
      <source>gehaald ({pct})</source>
      <translation>gehaald ({pct})</translation>
    </message>
    <message>
      <source>gehaald</source>
      <translation>gehaald</translation>
    </message>
    <message>
      <source>nog {tekort} te gaan</source>
      <translation>nog {tekort} te gaan</translation>
    </message>
    <message>
      <source>gerealiseerd</source>
      <translation>gerealiseerd</translation>
    </message>
    <message>
      <source>hard</source>
      <translation>hard</translation>
    </message>
    <message>
      <source>zacht</source>
      <translation>zacht</translation>
    </message>
    <message>
      <source>sloop</source>
      <translation>sloop</translation>
    </message>
    <message>
      <source>netto</source>
      <translation>netto</translation>
    </message>
    <message>
      <source>verwacht</source>
      <translation>verwacht</translation>
    </message>
    <message>
      <source>t/m {jaar}</source>
      <translation>t/m {jaar}</translation>
    </message>
    <message>
      <source>alle jaren</source>
      <translation>alle jaren</translation>
    </message>
    <message>
      <source>{tm}: aandeel in de gerealiseerde en geplande woningen</source>
      <translation>{tm}: aandeel in de gerealiseerde en geplande woningen</translation>
    </message>
    <message>
      <source>{tm}: nog niets gerealiseerd of gepland</source>
      <translation>{tm}: nog niets gerealiseerd of gepland</translation>
    </message>
    <message>
      <source>Ten hoogste {doel} (peiljaar {jaar}, bron {bron}); groen zolang het eronder blijft, de balk toont welk deel van het maximum is gebruikt.</source>
      <translation>Ten hoogste {doel} (peiljaar {jaar}, bron {bron}); groen zolang het eronder blijft, de balk toont welk deel van het maximum is gebruikt.</translation>
    </message>
    <message>
      <source>Doel: {doel} (peiljaar {jaar}, bron {bron}); een volle balk is het doel gehaald.</source>
      <translation>Doel: {doel} (peiljaar {jaar}, bron {bron}); een volle balk is het doel gehaald.</translation>
    </message>
    <message>
      <source>Het aandeel telt de gerealiseerde, harde en zachte woningen met een opleverjaar {tm}.</source>
      <translation>Het aandeel telt de gerealiseerde, harde en zachte woningen met een opleverjaar {tm}.</translation>
    </message>
    <message>
      <source>Het doel telt gerealiseerd, hard en zacht met een opleverjaar {tm}; 'gepland' in de cijfers telt alleen wat nog niet is opgeleverd, in alle jaren.</source>
      <translation>Het doel telt gerealiseerd, hard en zacht met een opleverjaar {tm}; 'gepland' in de cijfers telt alleen wat nog niet is opgeleverd, in alle jaren.</translation>
    </message>
    <message>
      <source>Het volle deel van de balk is verwacht, het lichte deel de rest van gepland.</source>
      <translation>Het volle deel van de balk is verwacht, het lichte deel de rest van gepland.</translation>
    </message>
  </context>
  <context>
    <name>UitwisselingDialog</name>
    <message>
      <source>Plannen uitwisselen</source>
      <translation>Plannen uitwisselen</translation>
    </message>
    <message>
      <source>Planregistratie: GeoPackage of FileGDB</source>
      <translation>Planregistratie: GeoPackage of FileGDB</translation>
    </message>
    <message>
      <source>Gelderland en Zuid-Holland (Esri)</source>
      <translation>Gelderland en Zuid-Holland (Esri)</translation>
    </message>
    <message>
      <source>Zuid-Holland: GeoJSON</source>
      <translation>Zuid-Holland: GeoJSON</translation>
    </message>
    <message>
      <source>Planregistratie van Zuid-Holland, één bestand</source>
      <translation>Planregistratie van Zuid-Holland, één bestand</translation>
    </message>
    <message>
      <source>Zeeland: Planmonitor Wonen (Excel)</source>
      <translation>Zeeland: Planmonitor Wonen (Excel)</translation>
    </message>
    <message>
      <source>Het Excel-sjabloon van Zeeland, een tabblad per plan</source>
      <translation>Het Excel-sjabloon van Zeeland, een tabblad per plan</translation>
    </message>
    <message>
      <source>Leesbare Excel</source>
      <translation>Leesbare Excel</translation>
    </message>
    <message>
      <source>Plannen, woningblokken en per jaar, voor iedereen</source>
      <translation>Plannen, woningblokken en per jaar, voor iedereen</translation>
    </message>
    <message>
      <source>Formaat</source>
      <translation>Formaat</translation>
    </message>
    <message>
      <source>bijvoorbeeld plannen.gpkg, plannen.gdb, plannen.geojson of plannen.xlsx</source>
      <translation>bijvoorbeeld plannen.gpkg, plannen.gdb, plannen.geojson of plannen.xlsx</translation>
    </message>
    <message>
      <source>Bestand</source>
      <translation>Bestand</translation>
    </message>
    <message>
      <source>Gemeente (alle plannen)</source>
      <translation>Gemeente (alle plannen)</translation>
    </message>
    <message>
      <source>Provincie</source>
      <translation>Provincie</translation>
    </message>
    <message>
      <source>Regio</source>
      <translation>Regio</translation>
    </message>
    <message>
      <source>Openbaar</source>
      <translation>Openbaar</translation>
    </message>
    <message>
      <source>Ontvanger</source>
      <translation>Ontvanger</translation>
    </message>
    <message>
      <source>Hier komt de controle: per probleem het plan en het veld.</source>
      <translation>Hier komt de controle: per probleem het plan en het veld.</translation>
    </message>
    <message>
      <source>Alleen controleren</source>
      <translation>Alleen controleren</translation>
    </message>
    <message>
      <source>Schrijven</source>
      <translation>Schrijven</translation>
    </message>
    <message>
      <source>Sluiten</source>
      <translation>Sluiten</translation>
    </message>
    <message>
      <source>GeoPackage (*.gpkg);;GeoJSON (*.geojson);;Excel (*.xlsx)</source>
      <translation>GeoPackage (*.gpkg);;GeoJSON (*.geojson);;Excel (*.xlsx)</translation>
    </message>
    <message>
      <source>Kies eerst het bestand om naar te schrijven.</source>
      <translation>Kies eerst het bestand om naar te schrijven.</translation>
    </message>
  </context>
</TS>
