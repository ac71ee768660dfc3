<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB">
  <context>
    <name>AlmeloAtlasDock</name>
    <message>
      <source>Atlas stadsontwikkeling</source>
      <translation>Atlas stadsontwikkeling (urban development)</translation>
    </message>
    <message>
      <source>Atlas openen…</source>
      <translation>Open atlas…</translation>
    </message>
    <message>
      <source>Een atlas openen: een GeoPackage (.gpkg)</source>
      <translation>Open an atlas: a GeoPackage (.gpkg)</translation>
    </message>
    <message>
      <source>PostGIS…</source>
      <translation>PostGIS…</translation>
    </message>
    <message>
      <source>Een atlas openen via een in QGIS opgeslagen PostgreSQL-verbinding</source>
      <translation>Open an atlas through a PostgreSQL connection saved in QGIS</translation>
    </message>
    <message>
      <source>Recent geopende atlassen</source>
      <translation>Recently opened atlases</translation>
    </message>
    <message>
      <source>Sluiten</source>
      <translation>Close</translation>
    </message>
    <message>
      <source>De atlas sluiten (onopgeslagen werk wordt eerst gevraagd)</source>
      <translation>Close the atlas (you are asked about unsaved work first)</translation>
    </message>
    <message>
      <source>Agenda (PDF)…</source>
      <translation>Agenda (PDF)…</translation>
    </message>
    <message>
      <source>De agenda als PDF: een pagina voor de stad en een per wijk</source>
      <translation>The agenda as PDF: one page for the city and one per district</translation>
    </message>
    <message>
      <source>Cijfers (Excel)…</source>
      <translation>Figures (Excel)…</translation>
    </message>
    <message>
      <source>De cijfers van stad, wijken en locaties als Excel-bestand</source>
      <translation>The figures of city, districts and locations as an Excel file</translation>
    </message>
    <message>
      <source>Opmaak bewerken</source>
      <translation>Edit layouts</translation>
    </message>
    <message>
      <source>De afdrukopmaak in de Layout Designer openen; uw wijzigingen gelden voor de volgende export.</source>
      <translation>Open the print layouts in the Layout Designer; your changes apply to the next export.</translation>
    </message>
    <message>
      <source>Beheer</source>
      <translation>Administration</translation>
    </message>
    <message>
      <source>Voor de beheerder van de atlas</source>
      <translation>For the atlas's administrator</translation>
    </message>
    <message>
      <source>Open een atlas: een GeoPackage (.gpkg) of een PostGIS-verbinding.</source>
      <translation>Open an atlas: a GeoPackage (.gpkg) or a PostGIS connection.</translation>
    </message>
    <message>
      <source>Opslaan</source>
      <translation>Save</translation>
    </message>
    <message>
      <source>Alle bewerkingen van de atlaslagen opslaan</source>
      <translation>Save all edits of the atlas layers</translation>
    </message>
    <message>
      <source>Verwerpen</source>
      <translation>Discard</translation>
    </message>
    <message>
      <source>Alle onopgeslagen bewerkingen van de atlaslagen ongedaan maken</source>
      <translation>Undo all unsaved edits of the atlas layers</translation>
    </message>
    <message>
      <source>Peildatum</source>
      <translation>Peildatum (reference date)</translation>
    </message>
    <message>
      <source>De cijfers zoals de atlas er op die dag voor stond (herbouwd uit de historie).</source>
      <translation>The figures as the atlas stood on that day (rebuilt from the history).</translation>
    </message>
    <message>
      <source>Huidige laag aan de atlas toevoegen…</source>
      <translation>Add the current layer to the atlas…</translation>
    </message>
    <message>
      <source>De actieve laag met haar stijl in de lagencatalogus van de atlas zetten, zodat iedereen die de atlas opent dezelfde lagen ziet.</source>
      <translation>Put the active layer with its style in the atlas's layer catalogue, so everyone who opens the atlas sees the same layers.</translation>
    </message>
  </context>
  <context>
    <name>AlmeloAtlasPlugin</name>
    <message>
      <source>Atlas stadsontwikkeling</source>
      <translation>Atlas stadsontwikkeling (urban development)</translation>
    </message>
  </context>
  <context>
    <name>AlmeloAtlasProcessing</name>
    <message>
      <source>Agenda afdrukken (PDF)</source>
      <translation>Print the agenda (PDF)</translation>
    </message>
    <message>
      <source>Schrijft één PDF: eerst de stadspagina (kaart, cijfers per wijk, doelen, grafiek), dan een pagina per wijk (kaart, profiel, locaties, doelen, grafiek). Leeg laten = alle wijken.</source>
      <translation>Writes one PDF: first the stad page (map, figures per wijk, goals, chart), then a page per wijk (map, profile, locations, goals, chart). Empty = every wijk.</translation>
    </message>
    <message>
      <source>Wijkcodes (komma-gescheiden, leeg = alle)</source>
      <translation>Wijk codes (comma separated, empty = all)</translation>
    </message>
    <message>
      <source>de agenda</source>
      <translation>the agenda</translation>
    </message>
    <message>
      <source>Vergelijken met (JJJJ-MM-DD): een hoofdstuk over wat er sindsdien veranderde (leeg = geen)</source>
      <translation>Compare with (YYYY-MM-DD): a chapter on what changed since then (empty = none)</translation>
    </message>
    <message>
      <source>Agenda (PDF)</source>
      <translation>Agenda (PDF)</translation>
    </message>
    <message>
      <source>Aantal pagina's</source>
      <translation>Number of pages</translation>
    </message>
    <message>
      <source>Agenda geschreven: {path} ({summary})</source>
      <translation>Agenda written: {path} ({summary})</translation>
    </message>
    <message>
      <source>Atlas stadsontwikkeling</source>
      <translation>Atlas stadsontwikkeling (urban development)</translation>
    </message>
    <message>
      <source>Store (GeoPackage)</source>
      <translation>Store (GeoPackage)</translation>
    </message>
    <message>
      <source>of: PostGIS-verbinding</source>
      <translation>or: PostGIS connection</translation>
    </message>
    <message>
      <source>Schema van de atlas</source>
      <translation>Schema of the atlas</translation>
    </message>
    <message>
      <source>Geef een store op: een GeoPackage of een PostGIS-verbinding.</source>
      <translation>Give a store: a GeoPackage or a PostGIS connection.</translation>
    </message>
    <message>
      <source>Peildatum: {wat} zoals de store er toen voor stond (JJJJ-MM-DD of JJJJ-MM-DDTUU:MM, Nederlandse tijd; leeg = nu)</source>
      <translation>Reference date: {wat} as the store stood then (YYYY-MM-DD or YYYY-MM-DDTHH:MM, Dutch time; empty = now)</translation>
    </message>
    <message>
      <source>Bron bijwerken: {naam}</source>
      <translation>Update from source: {naam}</translation>
    </message>
    <message>
      <source>Bronnen</source>
      <translation>Sources</translation>
    </message>
    <message>
      <source>Werkt een basislaag van de store bij uit een bestand van de bron, in één transactie: rijen gekoppeld op het eigen id van de bron (nieuw, gewijzigd, vervallen), wijk en buurt bepaald, de run vastgelegd in de tabel bronnen. Rijen die niet bruikbaar zijn worden geweigerd met de reden; hetzelfde bestand nog eens inlezen verandert niets en zegt dat.</source>
      <translation>Updates a base layer of the store from a source file in one transaction: rows matched on the source's own id (new, changed, gone), wijk and buurt assigned, the run recorded in the table bronnen. Rows that cannot be used are refused with the reason; reading the same file again changes nothing and says so.</translation>
    </message>
    <message>
      <source>Bestand van de bron</source>
      <translation>Source file</translation>
    </message>
    <message>
      <source>Samenvatting</source>
      <translation>Summary</translation>
    </message>
    <message>
      <source>geweigerd: {r}</source>
      <translation>refused: {r}</translation>
    </message>
    <message>
      <source>Plannen controleren tegen BAG en bestemmingsplannen</source>
      <translation>Check the plans against the BAG and the zoning plans</translation>
    </message>
    <message>
      <source>Per locatie: woningen die gerealiseerd heten zonder (genoeg) BAG-woningen die sinds de start in de locatie zijn gebouwd, en een harde planologische status (1A–2C) zonder bestemmingsplan eronder. Per wijk: nieuwe BAG-woningen (bouwjaar vanaf Sinds) die in geen plan liggen, met hun vbo-id's. Uitvoer: CSV of JSON.</source>
      <translation>Per location: dwellings reported as completed without (enough) BAG dwellings built in the location since its start, and a firm planning status (1A–2C) without a zoning plan under it. Per district: new BAG dwellings (construction year from Since) that lie in no plan, with their vbo ids. Output: CSV or JSON.</translation>
    </message>
    <message>
      <source>Sinds (eerste bouwjaar van de nieuwe BAG-woningen; leeg = begin van de historie, anders 2021)</source>
      <translation>Since (first construction year of the new BAG dwellings; empty = start of the history, else 2021)</translation>
    </message>
    <message>
      <source>Rapport</source>
      <translation>Report</translation>
    </message>
    <message>
      <source>Bevindingen bij locaties</source>
      <translation>Findings at locations</translation>
    </message>
    <message>
      <source>Nieuwe BAG-woningen in geen plan</source>
      <translation>New BAG dwellings in no plan</translation>
    </message>
    <message>
      <source>Gegevens importeren in de store</source>
      <translation>Import data into the store</translation>
    </message>
    <message>
      <source>Laadt een bron (GeoPackage, shapefile, CSV met x/y, Excel, …) in een laag van de store: velden op naam of via DOEL=BRON, omgezet naar EPSG:28992, wijkcode bepaald. Woningblokken noemen hun locatie met laag en locatie_fid, of met een kolom locatie (de naam van het project of potloodplan). Rijen die de regels van de store breken worden geweigerd met een Nederlandse melding; de rest wordt in één transactie geschreven. Planmonitor Wonen (Zeeland): het werkboek heeft geen geometrie; elk plan wordt op Koppel-id of naam aan een bestaand project of potloodplan gekoppeld en krijgt de woningblokken uit de categorieën per jaar.</source>
      <translation>Loads a source (GeoPackage, shapefile, CSV with x/y, Excel, …) into a layer of the store: fields by name or through TARGET=SOURCE, transformed to EPSG:28992, wijk code assigned. Dwelling blocks name their location with laag and locatie_fid, or with a column locatie (the name of the project or potloodplan). Rows that break the store's rules are refused with a message; the rest is written in one transaction. Planmonitor Wonen (Zeeland): the workbook has no geometry; each plan is matched to an existing project or potloodplan by its Koppel-id or name and gets the dwelling blocks from the categories per year.</translation>
    </message>
    <message>
      <source>Laag in de store</source>
      <translation>Layer in the store</translation>
    </message>
    <message>
      <source>Planregistratie: plannen met woningblokken (.gpkg, .gdb, .geojson)</source>
      <translation>Planregistratie: plans with dwelling blocks (.gpkg, .gdb, .geojson)</translation>
    </message>
    <message>
      <source>Werkmap van Plannen uitwisselen: plannen met woningblokken (.xlsx)</source>
      <translation>Workbook of Exchange plans: plans with dwelling blocks (.xlsx)</translation>
    </message>
    <message>
      <source>Planmonitor Wonen (Zeeland): woningblokken van bestaande plannen (.xlsx)</source>
      <translation>Planmonitor Wonen (Zeeland): dwelling blocks of existing plans (.xlsx)</translation>
    </message>
    <message>
      <source>Bron</source>
      <translation>Source</translation>
    </message>
    <message>
      <source>Laag in de bron (bij meerdere lagen)</source>
      <translation>Layer in the source (with several layers)</translation>
    </message>
    <message>
      <source>Velden: DOEL=BRON, komma-gescheiden</source>
      <translation>Fields: TARGET=SOURCE, comma-separated</translation>
    </message>
    <message>
      <source>Bestaande rijen van de laag eerst verwijderen</source>
      <translation>Delete the layer's existing rows first</translation>
    </message>
    <message>
      <source>Planmonitor Wonen: plannen zonder bestaande locatie overslaan (anders wordt niets ingelezen)</source>
      <translation>Planmonitor Wonen: skip plans without an existing location (otherwise nothing is read in)</translation>
    </message>
    <message>
      <source>Aantal geïmporteerde features</source>
      <translation>Number of imported features</translation>
    </message>
    <message>
      <source>Aantal geweigerde features</source>
      <translation>Number of refused features</translation>
    </message>
    <message>
      <source>Mutaties tussen twee datums</source>
      <translation>Changes between two dates (mutaties)</translation>
    </message>
    <message>
      <source>Stemt het programma van de begindatum af op dat van de einddatum, voor de stad, elke wijk en elke opgave: nieuw, vervallen, verplaatst, gerealiseerd, status en programma gewijzigd, met de locaties per soort. Een datum is het einde van die dag (Nederlandse tijd). Uitvoer: Excel of JSON.</source>
      <translation>Reconciles the programme at the start date to that at the end date, for the city, each wijk and each opgave: new, dropped, moved, realised, status and programme changed, with the locations per kind. A date means the end of that day (Dutch time). Output: Excel or JSON.</translation>
    </message>
    <message>
      <source>Begindatum (JJJJ-MM-DD, het einde van die dag)</source>
      <translation>Start date (YYYY-MM-DD, the end of that day)</translation>
    </message>
    <message>
      <source>Einddatum (leeg = nu)</source>
      <translation>End date (empty = now)</translation>
    </message>
    <message>
      <source>Uitvoer</source>
      <translation>Output</translation>
    </message>
    <message>
      <source>Cijfers optellen (locatie → wijk → stad)</source>
      <translation>Roll up figures (locatie → wijk → stad)</translation>
    </message>
    <message>
      <source>Telt het programma van projecten en potloodplannen op per wijk, gebied en voor de stad, en zet het af tegen de doelen. Uitvoer: JSON (alle cijfers), CSV (één niveau) of Excel.</source>
      <translation>Adds up the programme of projecten and potloodplannen per wijk, gebied and for the stad, and holds it against the goals. Output: JSON (every figure), CSV (one level) or Excel.</translation>
    </message>
    <message>
      <source>Niveau (voor CSV)</source>
      <translation>Level (for CSV)</translation>
    </message>
    <message>
      <source>Norm planoverschot</source>
      <translation>Plan surplus norm</translation>
    </message>
    <message>
      <source>de cijfers</source>
      <translation>the figures</translation>
    </message>
    <message>
      <source>Scenario maken of wijzigen</source>
      <translation>Make or change a scenario</translation>
    </message>
    <message>
      <source>Een scenario is een benoemde set wijzigingen bovenop de plannen; de plannen zelf blijven zoals ze zijn. Eén wijziging per regel, bijv. 'vervallen status_planologisch=4B', 'uitstel 2 wijk=WK014110', 'realisatiekans 40 status_planologisch=3', 'locatie projecten:12 oplever_jaar=2032 koop=20' of 'potloodplan 7 oplever_jaar=2029'.</source>
      <translation>A scenario is a named set of changes on top of the plans; the plans themselves stay as they are. One change per line, e.g. 'vervallen status_planologisch=4B', 'uitstel 2 wijk=WK014110', 'realisatiekans 40 status_planologisch=3', 'locatie projecten:12 oplever_jaar=2032 koop=20' or 'potloodplan 7 oplever_jaar=2029'.</translation>
    </message>
    <message>
      <source>Naam van het scenario</source>
      <translation>Name of the scenario</translation>
    </message>
    <message>
      <source>Omschrijving</source>
      <translation>Description</translation>
    </message>
    <message>
      <source>Wijzigingen (één per regel)</source>
      <translation>Changes (one per line)</translation>
    </message>
    <message>
      <source>Bestaande wijzigingen vervangen</source>
      <translation>Replace the existing changes</translation>
    </message>
    <message>
      <source>Wijzigingen in het scenario</source>
      <translation>Changes in the scenario</translation>
    </message>
    <message>
      <source>Scenario's naast de doelen</source>
      <translation>Scenarios against the goals</translation>
    </message>
    <message>
      <source>Elk scenario naast de doelen en de huidige plannen: stad, doelen, per jaar tegen vraag en norm, opgaven en wijken. Uitvoer: JSON of Excel.</source>
      <translation>Every scenario against the goals and the current plans: city, goals, per year against demand and norm, opgaven and wijken. Output: JSON or Excel.</translation>
    </message>
    <message>
      <source>Scenario's</source>
      <translation>Scenarios</translation>
    </message>
    <message>
      <source>Locaties taggen met opgaven</source>
      <translation>Tag locations with opgaven</translation>
    </message>
    <message>
      <source>Voegt opgaven toe aan (of haalt ze weg van) projecten of potloodplannen: de geselecteerde locaties van een laag (vink 'Alleen geselecteerde objecten' aan), de opgegeven features, of alle locaties in een gebied (minstens de helft van hun oppervlak) of een wijk. Alles of niets: bij een onbekende opgave of feature wordt niets geschreven.</source>
      <translation>Adds opgaven to (or removes them from) projecten or potloodplannen: the selected locations of a layer (tick 'Selected features only'), the given features, or every location in a gebied (at least half of its area) or a wijk. All or nothing: with an unknown opgave or feature nothing is written.</translation>
    </message>
    <message>
      <source>Opgaven</source>
      <translation>Opgaven</translation>
    </message>
    <message>
      <source>Locaties (projecten of potloodplannen van de atlas)</source>
      <translation>Locations (projecten or potloodplannen of the atlas)</translation>
    </message>
    <message>
      <source>Of: laag</source>
      <translation>Or: layer</translation>
    </message>
    <message>
      <source>met feature-id's (komma-gescheiden)</source>
      <translation>with feature ids (comma separated)</translation>
    </message>
    <message>
      <source>of alle locaties in gebied (naam)</source>
      <translation>or every location in gebied (name)</translation>
    </message>
    <message>
      <source>of alle locaties in wijk (wijkcode)</source>
      <translation>or every location in wijk (code)</translation>
    </message>
    <message>
      <source>Opgaven verwijderen in plaats van toevoegen</source>
      <translation>Remove opgaven instead of adding them</translation>
    </message>
    <message>
      <source>Aantal gewijzigde tags</source>
      <translation>Number of changed tags</translation>
    </message>
    <message>
      <source>Laag '{naam}' is geen laag met projecten of potloodplannen van de atlas.</source>
      <translation>Layer '{naam}' is not a layer of projecten or potloodplannen of the atlas.</translation>
    </message>
    <message>
      <source>Geen locaties geselecteerd in '{naam}': selecteer ze op de kaart.</source>
      <translation>No locations selected in '{naam}': select them on the map.</translation>
    </message>
    <message>
      <source>{n} tag(s) gewijzigd op {m} locaties</source>
      <translation>{n} tag(s) changed on {m} locations</translation>
    </message>
    <message>
      <source>Plannen uitwisselen met provincie of DIWI</source>
      <translation>Exchange plans with the province or DIWI</translation>
    </message>
    <message>
      <source>Schrijft de plannen met hun woningblokken in het formaat van de ontvanger: Planregistratie (Gelderland, Zuid-Holland; .gpkg of .gdb), de GeoJSON van Zuid-Holland, de Planmonitor Wonen van Zeeland (.xlsx) of een leesbare Excel. Eerst wordt alles gecontroleerd (verplichte velden, lijsten, optellingen, geometrie); bij een fout wordt niets geschreven. Plannen die vertrouwelijker zijn dan de ontvanger blijven weg.</source>
      <translation>Writes the plans with their dwelling blocks in the receiver's format: Planregistratie (Gelderland, Zuid-Holland; .gpkg or .gdb), the Zuid-Holland GeoJSON, Zeeland's Planmonitor Wonen (.xlsx) or a readable Excel. Everything is checked first (mandatory fields, code lists, sums, geometry); on an error nothing is written. Plans more confidential than the receiver are left out.</translation>
    </message>
    <message>
      <source>Formaat</source>
      <translation>Format</translation>
    </message>
    <message>
      <source>Planregistratie (GeoPackage of FileGDB)</source>
      <translation>Planregistratie (GeoPackage or FileGDB)</translation>
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
      <translation>Readable Excel</translation>
    </message>
    <message>
      <source>Ontvanger (vertrouwelijkheid)</source>
      <translation>Receiver (confidentiality)</translation>
    </message>
    <message>
      <source>Gemeente (alles)</source>
      <translation>Municipality (everything)</translation>
    </message>
    <message>
      <source>Provincie</source>
      <translation>Province</translation>
    </message>
    <message>
      <source>Regio</source>
      <translation>Region</translation>
    </message>
    <message>
      <source>Openbaar</source>
      <translation>Public</translation>
    </message>
    <message>
      <source>de plannen</source>
      <translation>the plans</translation>
    </message>
    <message>
      <source>Alleen controleren, niets schrijven</source>
      <translation>Only check, write nothing</translation>
    </message>
    <message>
      <source>Bestand</source>
      <translation>File</translation>
    </message>
    <message>
      <source>Plannen geleverd</source>
      <translation>Plans delivered</translation>
    </message>
    <message>
      <source>Plannen weggelaten (vertrouwelijk)</source>
      <translation>Plans left out (confidential)</translation>
    </message>
    <message>
      <source>Geef een bestand op, of kies Alleen controleren.</source>
      <translation>Give a file, or choose Only check.</translation>
    </message>
    <message>
      <source>Store controleren</source>
      <translation>Validate store</translation>
    </message>
    <message>
      <source>Meldt per probleem de laag, het feature en het veld: ontbrekende tabellen of velden, verkeerd coördinatenstelsel, ongeldige geometrie, waarden buiten het domein, negatieve cijfers, onbekende opgaven en locaties buiten alle wijken.</source>
      <translation>Reports, per problem, the layer, feature and field: missing tables or fields, wrong coordinate system, invalid geometry, values outside the domain, negative figures, unknown opgaven and locations outside every wijk.</translation>
    </message>
    <message>
      <source>Rapport (JSON)</source>
      <translation>Report (JSON)</translation>
    </message>
    <message>
      <source>Aantal problemen</source>
      <translation>Number of problems</translation>
    </message>
    <message>
      <source>Geen problemen gevonden.</source>
      <translation>No problems found.</translation>
    </message>
  </context>
  <context>
    <name>AtlasController</name>
    <message>
      <source>Alleen lezen: uw gebruiker mag deze store niet wijzigen (daarvoor is de rol atlas_redacteur nodig).</source>
      <translation>Read only: your user may not change this store (that needs the role atlas_redacteur).</translation>
    </message>
    <message>
      <source>Bron bijwerken</source>
      <translation>Update from source</translation>
    </message>
    <message>
      <source>Opgaven per locatie</source>
      <translation>Opgaven per locatie</translation>
    </message>
    <message>
      <source>Laag {laag} heeft onopgeslagen bewerkingen: sla ze eerst op of maak ze ongedaan.</source>
      <translation>Layer {laag} has unsaved edits: save or undo them first.</translation>
    </message>
    <message>
      <source>Niet opgeslagen</source>
      <translation>Not saved</translation>
    </message>
    <message>
      <source>Hier ligt geen wijk.</source>
      <translation>There is no wijk here.</translation>
    </message>
    <message>
      <source>De opgaven kunnen niet worden bewerkt (alleen-lezen).</source>
      <translation>The opgaven cannot be edited (read-only).</translation>
    </message>
    <message>
      <source>Opgaven van {n} locatie(s)</source>
      <translation>Opgaven of {n} location(s)</translation>
    </message>
    <message>
      <source>Potloodplan is nu project {fid} (zacht).</source>
      <translation>The potloodplan is now project {fid} (zacht).</translation>
    </message>
    <message>
      <source>Scenario ‘{naam}’ opgeslagen ({n} wijzigingen).</source>
      <translation>Scenario ‘{naam}’ saved ({n} changes).</translation>
    </message>
  </context>
  <context>
    <name>AtlasDialogs</name>
    <message>
      <source>Niet opgeslagen wijzigingen in: {lagen}</source>
      <translation>Unsaved changes in: {lagen}</translation>
    </message>
    <message>
      <source>Atlas sluiten</source>
      <translation>Close the atlas</translation>
    </message>
    <message>
      <source>Wilt u ze opslaan voordat de atlas sluit?</source>
      <translation>Do you want to save them before the atlas closes?</translation>
    </message>
    <message>
      <source>Opslaan</source>
      <translation>Save</translation>
    </message>
    <message>
      <source>Verwerpen</source>
      <translation>Discard</translation>
    </message>
    <message>
      <source>Annuleren</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>Geen PostgreSQL-verbindingen in QGIS; maak er een in de Browser (PostgreSQL).</source>
      <translation>No PostgreSQL connections in QGIS; create one in the Browser (PostgreSQL).</translation>
    </message>
    <message>
      <source>PostGIS-store openen</source>
      <translation>Open PostGIS store</translation>
    </message>
    <message>
      <source>Verbinding</source>
      <translation>Connection</translation>
    </message>
    <message>
      <source>Schema</source>
      <translation>Schema</translation>
    </message>
    <message>
      <source>Atlas stadsontwikkeling</source>
      <translation>Atlas stadsontwikkeling (urban development)</translation>
    </message>
    <message>
      <source>Store '{path}' heeft schemaversie {oud}; deze plugin werkt met versie {nieuw}. De store bijwerken? Oudere versies van de plugin kunnen hem daarna niet meer openen.</source>
      <translation>Store '{path}' has schema version {oud}; this plugin works with version {nieuw}. Update the store? Older versions of the plugin cannot open it afterwards.</translation>
    </message>
    <message>
      <source>Kies eerst een laag in het lagenpaneel.</source>
      <translation>First choose a layer in the Layers panel.</translation>
    </message>
    <message>
      <source>Laag aan de atlas toevoegen</source>
      <translation>Add layer to the atlas</translation>
    </message>
    <message>
      <source>Groep in de atlas</source>
      <translation>Group in the atlas</translation>
    </message>
    <message>
      <source>Laag '{naam}' staat nu in de atlas (groep {groep}).</source>
      <translation>Layer '{naam}' is now in the atlas (group {groep}).</translation>
    </message>
    <message>
      <source>Agenda opslaan</source>
      <translation>Save agenda</translation>
    </message>
    <message>
      <source>PDF (*.pdf)</source>
      <translation>PDF (*.pdf)</translation>
    </message>
    <message>
      <source>Agenda geschreven: {path} ({summary})</source>
      <translation>Agenda written: {path} ({summary})</translation>
    </message>
    <message>
      <source>Agenda geschreven</source>
      <translation>Agenda written</translation>
    </message>
    <message>
      <source>De PDF nu openen?</source>
      <translation>Open the PDF now?</translation>
    </message>
    <message>
      <source>Cijfers opslaan</source>
      <translation>Save figures</translation>
    </message>
    <message>
      <source>Excel (*.xlsx)</source>
      <translation>Excel (*.xlsx)</translation>
    </message>
    <message>
      <source>Excel geschreven: {path}</source>
      <translation>Excel written: {path}</translation>
    </message>
  </context>
  <context>
    <name>AtlasDock</name>
    <message>
      <source>Alle locaties van deze wijk selecteren</source>
      <translation>Select every location of this wijk</translation>
    </message>
    <message>
      <source>Bron bijwerken…</source>
      <translation>Update from source…</translation>
    </message>
    <message>
      <source>Een basislaag bijwerken uit een bestand van CBS, BAG, EP-Online, de Leefbaarometer of de planlijst van de gemeente</source>
      <translation>Update a base layer from a file of CBS, BAG, EP-Online, the Leefbaarometer or the municipality's plan list</translation>
    </message>
    <message>
      <source>Plannen uitwisselen…</source>
      <translation>Exchange plans…</translation>
    </message>
    <message>
      <source>De plannen met hun woningblokken naar de provincie of DIWI: Planregistratie, Zuid-Holland, Zeeland of een leesbare Excel; eerst gecontroleerd</source>
      <translation>The plans with their dwelling blocks to the province or DIWI: Planregistratie, Zuid-Holland, Zeeland or a readable Excel; checked first</translation>
    </message>
    <message>
      <source>Scenario's…</source>
      <translation>Scenarios…</translation>
    </message>
    <message>
      <source>Scenario's maken en wijzigen en naast de doelen zetten; de plannen zelf blijven zoals ze zijn</source>
      <translation>Make and change scenarios and hold them against the goals; the plans themselves stay as they are</translation>
    </message>
    <message>
      <source>Mutaties…</source>
      <translation>Changes…</translation>
    </message>
    <message>
      <source>Wat veranderde er tussen twee datums: nieuw, vervallen, verplaatst, gerealiseerd, status en programma, per stad, wijk en opgave, met de mutatiekaart</source>
      <translation>What changed between two dates: new, dropped, moved, realised, status and programme, per city, wijk and opgave, with the map of the changes</translation>
    </message>
    <message>
      <source>Recent…</source>
      <translation>Recent…</translation>
    </message>
    <message>
      <source>Atlas openen</source>
      <translation>Open atlas</translation>
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
      <translation>read only</translation>
    </message>
    <message>
      <source>{formaat} geschreven: {path} ({n} plannen)</source>
      <translation>{formaat} written: {path} ({n} plans)</translation>
    </message>
    <message>
      <source>Locatie: selecteer projecten of potloodplannen op de kaart (of zoek ze op naam)</source>
      <translation>Location: select projects or sketch plans on the map (or search them by name)</translation>
    </message>
    <message>
      <source>peildatum {datum}</source>
      <translation>peildatum {datum}</translation>
    </message>
    <message>
      <source>Vóór {datum} is er geen historie; de cijfers beginnen op {datum}</source>
      <translation>Before {datum} there is no history; the figures start on {datum}</translation>
    </message>
    <message>
      <source>Woningbouw per jaar in {wijk}</source>
      <translation>Housing construction per year in {wijk}</translation>
    </message>
    <message>
      <source>Woningbouw per jaar (stad) tegen de vraag</source>
      <translation>Dwellings per year (stad) against demand</translation>
    </message>
  </context>
  <context>
    <name>AtlasMessages</name>
    <message>
      <source>Atlas stadsontwikkeling</source>
      <translation>Atlas stadsontwikkeling (urban development)</translation>
    </message>
  </context>
  <context>
    <name>BronDialog</name>
    <message>
      <source>Bron bijwerken</source>
      <translation>Update from source</translation>
    </message>
    <message>
      <source>Bron</source>
      <translation>Source</translation>
    </message>
    <message>
      <source>Bestand</source>
      <translation>File</translation>
    </message>
    <message>
      <source>Bijwerken</source>
      <translation>Update</translation>
    </message>
    <message>
      <source>Annuleren</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>Kies eerst het bestand van de bron.</source>
      <translation>Choose the source file first.</translation>
    </message>
  </context>
  <context>
    <name>Controle</name>
    <message>
      <source>status {status} (hard), maar geen bestemmingsplan onder de locatie</source>
      <translation>status {status} (firm), but no zoning plan under the location</translation>
    </message>
    <message>
      <source>claimt {geclaimd} gerealiseerd, 1 BAG-woning gebouwd sinds {jaar}</source>
      <translation>claims {geclaimd} completed, 1 BAG dwelling built since {jaar}</translation>
    </message>
    <message>
      <source>claimt {geclaimd} gerealiseerd, {bag} BAG-woningen gebouwd sinds {jaar}</source>
      <translation>claims {geclaimd} completed, {bag} BAG dwellings built since {jaar}</translation>
    </message>
    <message>
      <source>{n} BAG-woningen gebouwd sinds {jaar} liggen in geen plan: teken het project of potloodplan in, of controleer de BAG</source>
      <translation>{n} BAG dwellings built since {jaar} lie in no plan: draw the project or pencil plan, or check the BAG</translation>
    </message>
    <message>
      <source>geen bestemmingsplannen in de atlas; controle overgeslagen</source>
      <translation>no zoning plans in the atlas; check skipped</translation>
    </message>
    <message>
      <source>geen BAG-woningen in de atlas (woningvoorraad is leeg); controle overgeslagen</source>
      <translation>no BAG dwellings in the atlas (the housing stock is empty); check skipped</translation>
    </message>
    <message>
      <source>{n} locaties gecontroleerd: {b} bevindingen bij {l} locaties; {o} nieuwe BAG-woningen (sinds {jaar}) in geen plan, in {w} wijken</source>
      <translation>{n} locations checked: {b} findings at {l} locations; {o} new BAG dwellings (since {jaar}) in no plan, in {w} districts</translation>
    </message>
  </context>
  <context>
    <name>ControlePanel</name>
    <message>
      <source>Controle tegen BAG en bestemmingsplannen</source>
      <translation>Check against the BAG and the zoning plans</translation>
    </message>
    <message>
      <source>Gerealiseerde woningen tegen de BAG-woningen die sinds de start in de locatie zijn gebouwd; een harde planologische status (1A–2C) tegen de bestemmingsplannen in de atlas.</source>
      <translation>Completed dwellings against the BAG dwellings built in the location since its start; a firm planning status (1A–2C) against the zoning plans in the atlas.</translation>
    </message>
    <message>
      <source>Selecteer één locatie op de kaart om haar te controleren.</source>
      <translation>Select one location on the map to check it.</translation>
    </message>
    <message>
      <source>Geen bevindingen.</source>
      <translation>No findings.</translation>
    </message>
  </context>
  <context>
    <name>FiguresPanel</name>
    <message>
      <source>Waarde</source>
      <translation>Value</translation>
    </message>
    <message>
      <source>Cijfer</source>
      <translation>Figure</translation>
    </message>
  </context>
  <context>
    <name>GoalsPanel</name>
    <message>
      <source>Doelen</source>
      <translation>Goals</translation>
    </message>
  </context>
  <context>
    <name>Grafiek</name>
    <message>
      <source>netto aanbod (cumulatief)</source>
      <translation>net supply (cumulative)</translation>
    </message>
    <message>
      <source>verwacht (cumulatief)</source>
      <translation>expected (cumulative)</translation>
    </message>
    <message>
      <source>vraag (cumulatief)</source>
      <translation>demand (cumulative)</translation>
    </message>
    <message>
      <source>norm: {pct} % van de vraag</source>
      <translation>norm: {pct} % of demand</translation>
    </message>
    <message>
      <source>woningvraag</source>
      <translation>housing demand</translation>
    </message>
    <message>
      <source>Nog geen woningbouw per jaar</source>
      <translation>No house building per year yet</translation>
    </message>
    <message>
      <source>woningen per jaar</source>
      <translation>dwellings per year</translation>
    </message>
    <message>
      <source>Geen projecten met een opleverjaar in deze jaren</source>
      <translation>No projects delivered in these years</translation>
    </message>
    <message>
      <source>woningen cumulatief</source>
      <translation>dwellings cumulative</translation>
    </message>
  </context>
  <context>
    <name>HistoryPanel</name>
    <message>
      <source>toegevoegd</source>
      <translation>added</translation>
    </message>
    <message>
      <source>gewijzigd</source>
      <translation>changed</translation>
    </message>
    <message>
      <source>verwijderd</source>
      <translation>deleted</translation>
    </message>
    <message>
      <source>opgave {code} {actie}</source>
      <translation>opgave {code} {actie}</translation>
    </message>
    <message>
      <source>geometrie</source>
      <translation>geometry</translation>
    </message>
    <message>
      <source>Historie van de locatie</source>
      <translation>History of the location</translation>
    </message>
    <message>
      <source>Deze versie herstellen</source>
      <translation>Restore this version</translation>
    </message>
    <message>
      <source>Potloodplan → project</source>
      <translation>Potloodplan → project</translation>
    </message>
    <message>
      <source>Maakt van het geselecteerde potloodplan een project (zacht); programma, opgaven en historie gaan mee.</source>
      <translation>Turns the selected potloodplan into a project (zacht); programme, opgaven and history move along.</translation>
    </message>
    <message>
      <source>Selecteer één locatie op de kaart om haar historie te zien.</source>
      <translation>Select one location on the map to see its history.</translation>
    </message>
  </context>
  <context>
    <name>MutatiesDialog</name>
    <message>
      <source>Mutaties: wat veranderde er?</source>
      <translation>Changes: what changed?</translation>
    </message>
    <message>
      <source>leeg = nu</source>
      <translation>empty = now</translation>
    </message>
    <message>
      <source>Berekenen</source>
      <translation>Calculate</translation>
    </message>
    <message>
      <source>Van</source>
      <translation>From</translation>
    </message>
    <message>
      <source>tot</source>
      <translation>to</translation>
    </message>
    <message>
      <source>Een datum is het einde van die dag (Nederlandse tijd).</source>
      <translation>A date means the end of that day (Dutch time).</translation>
    </message>
    <message>
      <source>De stad: begin + mutaties = eind</source>
      <translation>The city: start + changes = end</translation>
    </message>
    <message>
      <source>Mutatiekaart tonen</source>
      <translation>Show the map of the changes</translation>
    </message>
    <message>
      <source>Excel…</source>
      <translation>Excel…</translation>
    </message>
    <message>
      <source>Sluiten</source>
      <translation>Close</translation>
    </message>
    <message>
      <source>Cijfer</source>
      <translation>Figure</translation>
    </message>
    <message>
      <source>Mutatie</source>
      <translation>Change</translation>
    </message>
    <message>
      <source>Locatie</source>
      <translation>Location</translation>
    </message>
    <message>
      <source>Wijk</source>
      <translation>Wijk</translation>
    </message>
    <message>
      <source>Δ gepland</source>
      <translation>Δ planned</translation>
    </message>
    <message>
      <source>Δ gerealiseerd</source>
      <translation>Δ realised</translation>
    </message>
    <message>
      <source>Wat</source>
      <translation>What</translation>
    </message>
    <message>
      <source>{periode}: {cijfer} van {begin} naar {eind}; {n} locaties met een mutatie.</source>
      <translation>{periode}: {cijfer} from {begin} to {eind}; {n} locations changed.</translation>
    </message>
    <message>
      <source>Mutaties opslaan</source>
      <translation>Save changes report</translation>
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
      <translation>Scenarios</translation>
    </message>
    <message>
      <source>bijv. status_planologisch=4B, of: 2 wijk=WK014110, of: projecten:12 oplever_jaar=2032</source>
      <translation>e.g. status_planologisch=4B, or: 2 wijk=WK014110, or: projecten:12 oplever_jaar=2032</translation>
    </message>
    <message>
      <source>Toevoegen</source>
      <translation>Add</translation>
    </message>
    <message>
      <source>Wijziging verwijderen</source>
      <translation>Remove change</translation>
    </message>
    <message>
      <source>Doel</source>
      <translation>Goal</translation>
    </message>
    <message>
      <source>Streef</source>
      <translation>Target</translation>
    </message>
    <message>
      <source>Nu</source>
      <translation>Now</translation>
    </message>
    <message>
      <source>Scenario</source>
      <translation>Scenario</translation>
    </message>
    <message>
      <source>Verschil</source>
      <translation>Difference</translation>
    </message>
    <message>
      <source>Verwacht</source>
      <translation>Expected</translation>
    </message>
    <message>
      <source>Gehaald</source>
      <translation>Met</translation>
    </message>
    <message>
      <source>Opslaan</source>
      <translation>Save</translation>
    </message>
    <message>
      <source>Sluiten</source>
      <translation>Close</translation>
    </message>
    <message>
      <source>Naam</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>Omschrijving</source>
      <translation>Description</translation>
    </message>
    <message>
      <source>Wijzigingen bovenop de plannen (de plannen zelf blijven zoals ze zijn)</source>
      <translation>Changes on top of the plans (the plans themselves stay as they are)</translation>
    </message>
    <message>
      <source>Vergelijking met de doelen: de huidige plannen (nu) en het opgeslagen scenario</source>
      <translation>Against the goals: the current plans (now) and the saved scenario</translation>
    </message>
    <message>
      <source>Nieuw scenario</source>
      <translation>New scenario</translation>
    </message>
    <message>
      <source>nieuw: {tekst}</source>
      <translation>new: {tekst}</translation>
    </message>
    <message>
      <source>Woningen gepland netto (stad)</source>
      <translation>Dwellings planned net (city)</translation>
    </message>
    <message>
      <source>ja</source>
      <translation>yes</translation>
    </message>
    <message>
      <source>nee</source>
      <translation>no</translation>
    </message>
  </context>
  <context>
    <name>ScopePanel</name>
    <message>
      <source>De hele gemeente</source>
      <translation>The whole municipality</translation>
    </message>
    <message>
      <source>Eén wijk: kies haar in de lijst of op de kaart</source>
      <translation>One district: choose it in the list or on the map</translation>
    </message>
    <message>
      <source>De geselecteerde projecten en potloodplannen</source>
      <translation>The selected projects and sketch plans</translation>
    </message>
    <message>
      <source>Stad</source>
      <translation>Stad (city)</translation>
    </message>
    <message>
      <source>Wijk</source>
      <translation>Wijk (district)</translation>
    </message>
    <message>
      <source>Locatie</source>
      <translation>Locatie (location)</translation>
    </message>
    <message>
      <source>Kies een wijk…</source>
      <translation>Choose a district…</translation>
    </message>
    <message>
      <source>Kies op kaart</source>
      <translation>Pick on map</translation>
    </message>
    <message>
      <source>Klik daarna op de kaart: de wijk onder de muis wordt gekozen.</source>
      <translation>Then click on the map: the district under the mouse is chosen.</translation>
    </message>
    <message>
      <source>Zoek locatie op naam…</source>
      <translation>Find location by name…</translation>
    </message>
    <message>
      <source>Open eerst een atlas.</source>
      <translation>Open an atlas first.</translation>
    </message>
    <message>
      <source>Kies een wijk</source>
      <translation>Choose a district</translation>
    </message>
    <message>
      <source>{n} gevonden</source>
      <translation>{n} found</translation>
    </message>
  </context>
  <context>
    <name>TagsPanel</name>
    <message>
      <source>Opgaven van de selectie</source>
      <translation>Opgaven of the selection</translation>
    </message>
    <message>
      <source>Toepassen</source>
      <translation>Apply</translation>
    </message>
    <message>
      <source>Eén stap in de bewerkingsbuffer: ongedaan maken met Ctrl+Z, bewaren met Opslaan bovenin de dock.</source>
      <translation>One step in the edit buffer: undo with Ctrl+Z, keep with Save at the top of the dock.</translation>
    </message>
    <message>
      <source>Selecteer eerst een of meer locaties op de kaart (of zoek ze op naam).</source>
      <translation>First select one or more locations on the map (or search them by name).</translation>
    </message>
  </context>
  <context>
    <name>Termen</name>
    <message>
      <source>met bestemmingsplan</source>
      <translation>with a zoning plan</translation>
    </message>
    <message>
      <source>Hard: een project dat past in een vastgesteld bestemmingsplan en nog niet is opgeleverd.</source>
      <translation>Hard: a project that fits an adopted zoning plan (bestemmingsplan) and is not yet delivered.</translation>
    </message>
    <message>
      <source>nog geen bestemmingsplan</source>
      <translation>no zoning plan yet</translation>
    </message>
    <message>
      <source>Zacht: een project waarvoor het bestemmingsplan nog niet is vastgesteld; het kan nog veranderen.</source>
      <translation>Zacht (soft): a project whose zoning plan is not yet adopted; it may still change.</translation>
    </message>
    <message>
      <source>hard + zacht</source>
      <translation>hard + zacht</translation>
    </message>
    <message>
      <source>Gepland: hard en zacht samen, de projecten die nog niet zijn opgeleverd.</source>
      <translation>Gepland (planned): hard and zacht together, the projects not yet delivered.</translation>
    </message>
    <message>
      <source>opgeleverd</source>
      <translation>delivered</translation>
    </message>
    <message>
      <source>Gerealiseerd: projecten die zijn opgeleverd.</source>
      <translation>Gerealiseerd (realised): projects that have been delivered.</translation>
    </message>
    <message>
      <source>op potloodplannen</source>
      <translation>on pencil plans</translation>
    </message>
    <message>
      <source>Potentieel: wat op potloodplannen zou passen; indicatief, nog geen project.</source>
      <translation>Potentieel (potential): what would fit on pencil plans (potloodplannen); indicative, not yet a project.</translation>
    </message>
    <message>
      <source>mogelijke locatie</source>
      <translation>possible location</translation>
    </message>
    <message>
      <source>Potloodplan: een mogelijke locatie (leegstand, braakliggend terrein, strategische positie), nog geen project.</source>
      <translation>Potloodplan (pencil plan): a possible location (vacant building, vacant land, strategic position), not yet a project.</translation>
    </message>
    <message>
      <source>cijfers op die datum</source>
      <translation>figures as on that date</translation>
    </message>
    <message>
      <source>Peildatum: de cijfers zoals de atlas ze op die datum kende.</source>
      <translation>Peildatum (reference date): the figures as the atlas knew them on that date.</translation>
    </message>
    <message>
      <source>doel t/m dat jaar</source>
      <translation>goal up to that year</translation>
    </message>
    <message>
      <source>Peiljaar: het doel telt de projecten met een opleverjaar tot en met dit jaar.</source>
      <translation>Peiljaar (target year): the goal counts the projects delivered up to and including this year.</translation>
    </message>
    <message>
      <source>stadsopgave 3.1–3.7</source>
      <translation>city task 3.1–3.7</translation>
    </message>
    <message>
      <source>Opgave: een van de zeven stadsopgaven van de Uitvoeringsagenda (3.1–3.7); een locatie telt mee bij de opgaven waarmee ze is gelabeld.</source>
      <translation>Opgave (task): one of the seven city tasks of the Uitvoeringsagenda (3.1–3.7); a location counts for the tasks it is tagged with.</translation>
    </message>
    <message>
      <source>streefwaarde met peiljaar</source>
      <translation>target value with target year</translation>
    </message>
    <message>
      <source>Doel: een streefwaarde uit de agenda, gehouden tegen de projecten tot en met het peiljaar.</source>
      <translation>Doel (goal): a target value from the agenda, held against the projects up to its target year.</translation>
    </message>
    <message>
      <source>deel van het doel</source>
      <translation>share of the goal</translation>
    </message>
    <message>
      <source>Dekking: gerealiseerd en gepland samen, gedeeld door het doel; 100 % is het doel gehaald.</source>
      <translation>Dekking (coverage): realised and planned together, divided by the goal; 100 % means the goal is met.</translation>
    </message>
    <message>
      <source>verwachte vraag per jaar</source>
      <translation>expected demand per year</translation>
    </message>
    <message>
      <source>Woningvraag: het aantal woningen dat per jaar nodig is volgens de prognose.</source>
      <translation>Woningvraag (housing demand): the dwellings needed per year according to the forecast.</translation>
    </message>
    <message>
      <source>aanbod boven de vraag</source>
      <translation>supply above demand</translation>
    </message>
    <message>
      <source>Planoverschot: het cumulatieve aanbod gedeeld door de cumulatieve vraag; de norm vraagt meer plannen dan de vraag, omdat niet elk plan doorgaat.</source>
      <translation>Planoverschot (plan surplus): cumulative supply divided by cumulative demand; the norm asks for more plans than demand, because not every plan goes ahead.</translation>
    </message>
    <message>
      <source>nieuwe woningen</source>
      <translation>new dwellings</translation>
    </message>
    <message>
      <source>Bouw: de woningen die de woningblokken toevoegen (nieuwbouw en transformatie).</source>
      <translation>Bouw (construction): the dwellings the dwelling blocks add (new build and conversion).</translation>
    </message>
    <message>
      <source>woningen die verdwijnen</source>
      <translation>dwellings that disappear</translation>
    </message>
    <message>
      <source>Sloop: de woningen die de woningblokken van soort sloop wegnemen, vaak vóór nieuwbouw op dezelfde plek.</source>
      <translation>Sloop (demolition): the dwellings that demolition blocks remove, often before new build on the same site.</translation>
    </message>
    <message>
      <source>bouw − sloop</source>
      <translation>bouw − sloop</translation>
    </message>
    <message>
      <source>Netto: bouw min sloop, de woningen die er werkelijk bij komen; de doelen van de Woonvisie tellen netto.</source>
      <translation>Netto (net): construction minus demolition, the dwellings actually added; the Woonvisie goals count net.</translation>
    </message>
    <message>
      <source>gepland × realisatiekans</source>
      <translation>planned × realisatiekans</translation>
    </message>
    <message>
      <source>Verwacht: de geplande woningen (netto) gewogen naar hun realisatiekans, plus wat al is gerealiseerd; wat er naar verwachting werkelijk komt.</source>
      <translation>Verwacht (expected): the planned dwellings (net) weighted by their realisatiekans, plus what has been completed; what is expected to be actually built.</translation>
    </message>
    <message>
      <source>kans dat het plan doorgaat</source>
      <translation>chance the plan goes ahead</translation>
    </message>
    <message>
      <source>Realisatiekans: de kans (0–100 %) dat een plan wordt gebouwd; leeg is de norm voor zijn planologische status (een aanname in de catalogus).</source>
      <translation>Realisatiekans (probability of realisation): the chance (0–100 %) that a plan is built; empty means the norm for its planning status (an assumption in the catalogue).</translation>
    </message>
    <message>
      <source>1A–2C hard, 3–4B zacht</source>
      <translation>1A–2C hard, 3–4B zacht</translation>
    </message>
    <message>
      <source>Planologische status: de landelijke indeling 1A–4B van de planregistratie; 1A–2C (vastgesteld of onherroepelijk) is hard, 3–4B (in voorbereiding, visie, idee) zacht.</source>
      <translation>Planologische status (planning status): the national 1A–4B classification of the plan registers; 1A–2C (adopted or final) is hard, 3–4B (in preparation, vision, idea) zacht.</translation>
    </message>
    <message>
      <source>deel van een plan</source>
      <translation>part of a plan</translation>
    </message>
    <message>
      <source>Woningblok: een deel van een plan met eigen aantal, jaar, segment en woningtype; een plan kan in fasen opleveren en eerst slopen.</source>
      <translation>Woningblok (dwelling block): part of a plan with its own number, year, segment and dwelling type; a plan can deliver in phases and demolish first.</translation>
    </message>
    <message>
      <source>huur of koop, prijsklasse</source>
      <translation>rent or buy, price class</translation>
    </message>
    <message>
      <source>Segment: sociale huur, middenhuur, vrije huur of koop; onbekend waar het blok het niet zegt.</source>
      <translation>Segment: social rent, mid-rent, free-sector rent or owner-occupied; unknown where the block does not say.</translation>
    </message>
    <message>
      <source>eengezins of meergezins</source>
      <translation>single-family or multi-family</translation>
    </message>
    <message>
      <source>Woningtype: eengezinswoning (grondgebonden) of meergezinswoning (appartement); onbekend waar het blok het niet zegt.</source>
      <translation>Woningtype (dwelling type): single-family house (ground-level) or multi-family dwelling (apartment); unknown where the block does not say.</translation>
    </message>
    <message>
      <source>in geen wijk</source>
      <translation>in no district</translation>
    </message>
    <message>
      <source>Buiten wijken: locaties die in geen enkele wijk liggen; ze tellen mee voor de stad.</source>
      <translation>Buiten wijken (outside districts): locations in no district; they count for the city.</translation>
    </message>
    <message>
      <source>klassen van het CBS</source>
      <translation>the classes of CBS</translation>
    </message>
    <message>
      <source>Bouwjaarklasse: de woningen naar hun bouwjaar (BAG), in de klassen van het CBS: vóór 1945, 1945–1964, 1965–1974, 1975–1984, 1985–1994, 1995–2004, 2005–2014, 2015 en later.</source>
      <translation>Bouwjaarklasse (construction period): the dwellings by their construction year (BAG), in the classes of CBS: before 1945, 1945–1964, 1965–1974, 1975–1984, 1985–1994, 1995–2004, 2005–2014, 2015 and later.</translation>
    </message>
    <message>
      <source>A++++ t/m G, EP-Online</source>
      <translation>A++++ to G, EP-Online</translation>
    </message>
    <message>
      <source>Energielabel: het geregistreerde label van een woning (EP-Online); A++++ t/m A+ samen als 'A+ en beter'. Een label telt bij zijn woning (BAG-id), zonder id als één woning.</source>
      <translation>Energielabel (energy label): the registered label of a dwelling (EP-Online); A++++ to A+ together as 'A+ and better'. A label counts with its dwelling (BAG id), without an id as one dwelling.</translation>
    </message>
    <message>
      <source>woningen − gelabelde woningen</source>
      <translation>dwellings − labelled dwellings</translation>
    </message>
    <message>
      <source>Zonder label: de woningen waarvoor (nog) geen energielabel is geregistreerd.</source>
      <translation>Zonder label (without a label): the dwellings for which no energy label is registered (yet).</translation>
    </message>
    <message>
      <source>leefbaarheid in klassen 1–9</source>
      <translation>liveability in classes 1–9</translation>
    </message>
    <message>
      <source>Leefbaarometer: de leefbaarheid volgens het ministerie van BZK, van 1 (zeer onvoldoende) tot 9 (uitstekend); het gemiddelde over de gebieden weegt hun woningen (hun oppervlakte waar ze geen woningen hebben).</source>
      <translation>Leefbaarometer: liveability according to the Ministry of the Interior (BZK), from 1 (very poor) to 9 (excellent); the mean over the areas weighs their dwellings (their area where they have no dwellings).</translation>
    </message>
    <message>
      <source>ten opzichte van Nederland</source>
      <translation>relative to the Netherlands</translation>
    </message>
    <message>
      <source>Afwijking: de Leefbaarometer-score min het landelijk gemiddelde; boven 0 is beter dan gemiddeld. De vijf dimensies zijn zijn delen.</source>
      <translation>Afwijking (deviation): the Leefbaarometer score minus the national average; above 0 is better than average. The five dimensions are its parts.</translation>
    </message>
    <message>
      <source>dimensie van de Leefbaarometer</source>
      <translation>dimension of the Leefbaarometer</translation>
    </message>
    <message>
      <source>Fysieke omgeving: dimensie van de Leefbaarometer — groen, water, geluid en de bebouwing.</source>
      <translation>Fysieke omgeving (physical environment): dimension of the Leefbaarometer — green, water, noise and the buildings.</translation>
    </message>
    <message>
      <source>Overlast en onveiligheid: dimensie van de Leefbaarometer — vernielingen, geweld, inbraak en overlast.</source>
      <translation>Overlast en onveiligheid (nuisance and insecurity): dimension of the Leefbaarometer — vandalism, violence, burglary and nuisance.</translation>
    </message>
    <message>
      <source>Sociale samenhang: dimensie van de Leefbaarometer — de samenstelling van de bewoners en hoe vaak ze verhuizen.</source>
      <translation>Sociale samenhang (social cohesion): dimension of the Leefbaarometer — who the residents are and how often they move.</translation>
    </message>
    <message>
      <source>Voorzieningen: dimensie van de Leefbaarometer — winkels, scholen, zorg en cultuur in de buurt.</source>
      <translation>Voorzieningen (amenities): dimension of the Leefbaarometer — shops, schools, care and culture nearby.</translation>
    </message>
    <message>
      <source>Woningvoorraad: dimensie van de Leefbaarometer — soort, grootte en ouderdom van de woningen.</source>
      <translation>Woningvoorraad (housing stock): dimension of the Leefbaarometer — type, size and age of the dwellings.</translation>
    </message>
    <message>
      <source>woningen</source>
      <translation>dwellings</translation>
    </message>
    <message>
      <source>niets gepland</source>
      <translation>nothing planned</translation>
    </message>
    <message>
      <source>geen cijfer</source>
      <translation>no figure</translation>
    </message>
    <message>
      <source>{stand} — ten hoogste {doel}</source>
      <translation>{stand} — at most {doel}</translation>
    </message>
    <message>
      <source>{stand} — ten minste {doel}</source>
      <translation>{stand} — at least {doel}</translation>
    </message>
    <message>
      <source>{stand} — doel {doel}</source>
      <translation>{stand} — goal {doel}</translation>
    </message>
    <message>
      <source>{stand} van {doel}</source>
      <translation>{stand} of {doel}</translation>
    </message>
    <message>
      <source>verwacht {verwacht} — ten hoogste {doel} in {jaar}</source>
      <translation>expected {verwacht} — at most {doel} in {jaar}</translation>
    </message>
    <message>
      <source>verwacht {verwacht} — ten hoogste {doel}</source>
      <translation>expected {verwacht} — at most {doel}</translation>
    </message>
    <message>
      <source>verwacht {verwacht} van {doel} in {jaar}</source>
      <translation>expected {verwacht} of {doel} in {jaar}</translation>
    </message>
    <message>
      <source>verwacht {verwacht} van {doel}</source>
      <translation>expected {verwacht} of {doel}</translation>
    </message>
    <message>
      <source>onbekend</source>
      <translation>unknown</translation>
    </message>
    <message>
      <source>binnen het maximum</source>
      <translation>within the maximum</translation>
    </message>
    <message>
      <source>boven het maximum</source>
      <translation>above the maximum</translation>
    </message>
    <message>
      <source>gehaald ({pct})</source>
      <translation>met ({pct})</translation>
    </message>
    <message>
      <source>gehaald</source>
      <translation>met</translation>
    </message>
    <message>
      <source>nog {tekort} te gaan</source>
      <translation>{tekort} to go</translation>
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
      <translation>demolition</translation>
    </message>
    <message>
      <source>netto</source>
      <translation>net</translation>
    </message>
    <message>
      <source>verwacht</source>
      <translation>expected</translation>
    </message>
    <message>
      <source>t/m {jaar}</source>
      <translation>up to {jaar}</translation>
    </message>
    <message>
      <source>alle jaren</source>
      <translation>all years</translation>
    </message>
    <message>
      <source>{tm}: aandeel in de gerealiseerde en geplande woningen</source>
      <translation>{tm}: share of the realised and planned dwellings</translation>
    </message>
    <message>
      <source>{tm}: nog niets gerealiseerd of gepland</source>
      <translation>{tm}: nothing realised or planned yet</translation>
    </message>
    <message>
      <source>Ten hoogste {doel} (peiljaar {jaar}, bron {bron}); groen zolang het eronder blijft, de balk toont welk deel van het maximum is gebruikt.</source>
      <translation>At most {doel} (target year {jaar}, source {bron}); green while below it, the bar shows how much of the maximum is used.</translation>
    </message>
    <message>
      <source>Doel: {doel} (peiljaar {jaar}, bron {bron}); een volle balk is het doel gehaald.</source>
      <translation>Goal: {doel} (target year {jaar}, source {bron}); a full bar means the goal is met.</translation>
    </message>
    <message>
      <source>Het aandeel telt de gerealiseerde, harde en zachte woningen met een opleverjaar {tm}.</source>
      <translation>The share counts the realised, hard and zacht dwellings delivered {tm}.</translation>
    </message>
    <message>
      <source>Het doel telt gerealiseerd, hard en zacht met een opleverjaar {tm}; 'gepland' in de cijfers telt alleen wat nog niet is opgeleverd, in alle jaren.</source>
      <translation>The goal counts realised, hard and zacht delivered {tm}; 'gepland' in the figures counts only what is not yet delivered, in all years.</translation>
    </message>
    <message>
      <source>Het volle deel van de balk is verwacht, het lichte deel de rest van gepland.</source>
      <translation>The solid part of the bar is expected, the light part the rest of what is planned.</translation>
    </message>
  </context>
  <context>
    <name>UitwisselingDialog</name>
    <message>
      <source>Plannen uitwisselen</source>
      <translation>Exchange plans</translation>
    </message>
    <message>
      <source>Planregistratie: GeoPackage of FileGDB</source>
      <translation>Planregistratie: GeoPackage or FileGDB</translation>
    </message>
    <message>
      <source>Gelderland en Zuid-Holland (Esri)</source>
      <translation>Gelderland and Zuid-Holland (Esri)</translation>
    </message>
    <message>
      <source>Zuid-Holland: GeoJSON</source>
      <translation>Zuid-Holland: GeoJSON</translation>
    </message>
    <message>
      <source>Planregistratie van Zuid-Holland, één bestand</source>
      <translation>Zuid-Holland's Planregistratie, one file</translation>
    </message>
    <message>
      <source>Zeeland: Planmonitor Wonen (Excel)</source>
      <translation>Zeeland: Planmonitor Wonen (Excel)</translation>
    </message>
    <message>
      <source>Het Excel-sjabloon van Zeeland, een tabblad per plan</source>
      <translation>Zeeland's Excel template, one sheet per plan</translation>
    </message>
    <message>
      <source>Leesbare Excel</source>
      <translation>Readable Excel</translation>
    </message>
    <message>
      <source>Plannen, woningblokken en per jaar, voor iedereen</source>
      <translation>Plans, dwelling blocks and per year, for everyone</translation>
    </message>
    <message>
      <source>Formaat</source>
      <translation>Format</translation>
    </message>
    <message>
      <source>bijvoorbeeld plannen.gpkg, plannen.gdb, plannen.geojson of plannen.xlsx</source>
      <translation>e.g. plannen.gpkg, plannen.gdb, plannen.geojson or plannen.xlsx</translation>
    </message>
    <message>
      <source>Bestand</source>
      <translation>File</translation>
    </message>
    <message>
      <source>Gemeente (alle plannen)</source>
      <translation>Municipality (all plans)</translation>
    </message>
    <message>
      <source>Provincie</source>
      <translation>Province</translation>
    </message>
    <message>
      <source>Regio</source>
      <translation>Region</translation>
    </message>
    <message>
      <source>Openbaar</source>
      <translation>Public</translation>
    </message>
    <message>
      <source>Ontvanger</source>
      <translation>Receiver</translation>
    </message>
    <message>
      <source>Hier komt de controle: per probleem het plan en het veld.</source>
      <translation>The check appears here: per problem the plan and the field.</translation>
    </message>
    <message>
      <source>Alleen controleren</source>
      <translation>Only check</translation>
    </message>
    <message>
      <source>Schrijven</source>
      <translation>Write</translation>
    </message>
    <message>
      <source>Sluiten</source>
      <translation>Close</translation>
    </message>
    <message>
      <source>GeoPackage (*.gpkg);;GeoJSON (*.geojson);;Excel (*.xlsx)</source>
      <translation>GeoPackage (*.gpkg);;GeoJSON (*.geojson);;Excel (*.xlsx)</translation>
    </message>
    <message>
      <source>Kies eerst het bestand om naar te schrijven.</source>
      <translation>Choose the file to write to first.</translation>
    </message>
  </context>
</TS>
