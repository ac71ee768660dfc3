"""Layers, fields, domains and the schema version: the one source of truth.

Everything that needs a list of tables, fields or allowed values (store creation,
database guards, validation, forms, roll-up) reads it from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

SCHEMA_VERSION = 9
EPSG = 28992
GEOM_COLUMN = "geom"
FID_COLUMN = "fid"

# The wijk profile is kept in the store (atlas_meta PROFIEL_KEY, schema 9): every change of these base layers counts up
# atlas_meta STAND_KEY (triggers, on both backends, whoever writes); a kept profile of another count is not used.
PROFIEL_LAYERS = ("woningvoorraad", "energielabels", "leefbaarheid", "wijken", "buurten")
STAND_KEY = "basislagen_stand"
PROFIEL_KEY = "profiel"
LIDMAATSCHAP_KEY = "locatie_lidmaatschap"  # the locations' buurt and gebieden, kept (rollup._kept_rows)
STAND_INSERT_SQL = (f"INSERT INTO atlas_meta (sleutel, waarde) SELECT '{STAND_KEY}', '0'"
                    f" WHERE NOT EXISTS (SELECT 1 FROM atlas_meta WHERE sleutel = '{STAND_KEY}')")
STAND_UP_SQL = f"UPDATE atlas_meta SET waarde = CAST(CAST(waarde AS BIGINT) + 1 AS TEXT) WHERE sleutel = '{STAND_KEY}'"

# Rough bounds of the Netherlands in EPSG:28992 (RD New), used to refuse imports
# that land "in the sea".
NL_BOUNDS = (-7000.0, 289000.0, 300000.0, 629000.0)

# --- domains: value -> Dutch label ------------------------------------------------

DOMAINS: Dict[str, Dict[str, str]] = {
    "prioriteit_wijk": {
        "prioritair": "Prioritair",
        "aandacht": "Aandachtswijk",
        "regulier": "Regulier",
    },
    "prioriteit": {"hoog": "Hoog", "midden": "Midden", "laag": "Laag"},
    "soort_gebied": {
        "gebiedsontwikkeling": "Gebiedsontwikkeling",
        "wijkaanpak": "Wijkaanpak",
        "transformatie": "Transformatie",
        "werklocatie": "Werklocatie",
    },
    "woningtype": {"eengezins": "Eengezinswoning", "meergezins": "Meergezinswoning"},
    "eigendom": {
        "koop": "Koop",
        "corporatie": "Huur corporatie",
        "particuliere_huur": "Particuliere huur",
    },
    "soort_bron": {"cbs": "CBS Wijk- en buurtkaart", "bag": "BAG", "ep-online": "EP-Online (energielabels)",
                   "leefbaarometer": "Leefbaarometer", "planlijst": "Planlijst van de gemeente"},
    "soort_gebied_lbm": {"grid": "Grid (100 m)", "buurt": "Buurt"},
    "niveau_cbs": {"gemeente": "Gemeente", "wijk": "Wijk", "buurt": "Buurt"},
    "energielabel": {
        v: v for v in ("A++++", "A+++", "A++", "A+", "A", "B", "C", "D", "E", "F", "G")
    },
    "status": {
        "initiatief": "Initiatief",
        "voorbereiding": "Voorbereiding",
        "uitvoering": "Uitvoering",
        "opgeleverd": "Opgeleverd",
    },
    "planstatus": {"hard": "Hard (in bestemmingsplan)", "zacht": "Zacht (nog niet in bestemmingsplan)"},
    "soort_potloodplan": {
        "leegstaand_vastgoed": "Leegstaand vastgoed",
        "braakliggend_terrein": "Braakliggend terrein",
        "strategische_positie": "Strategische positie",
    },
    "laag_locatie": {"projecten": "Project", "potloodplannen": "Potloodplan"},
    "niveau": {"stad": "Stad", "wijk": "Wijk"},
    "soort_doel": {"minimum": "Minimaal", "maximum": "Maximaal"},
    "eenheid": {"aantal": "Aantal", "aandeel": "Aandeel"},
    "actie": {"insert": "Toegevoegd", "update": "Gewijzigd", "delete": "Verwijderd"},
    "soort_groenblauw": {"groen": "Groen", "water": "Water"},
    # schema 5: plan capacity as the Dutch registers keep it (DESIGN.md §3a, FORMATS.md §9)
    "status_planologisch": {
        "1A": "1A Onherroepelijk (hard)",
        "1B": "1B Onherroepelijk, uitwerkingsplicht (hard)",
        "1C": "1C Onherroepelijk, wijzigingsbevoegdheid (hard)",
        "2A": "2A Vastgesteld (hard)",
        "2B": "2B Vastgesteld, uitwerkingsplicht (hard)",
        "2C": "2C Vastgesteld, wijzigingsbevoegdheid (hard)",
        "3": "3 In voorbereiding (zacht)",
        "4A": "4A Visie (zacht)",
        "4B": "4B Idee (zacht)",
        "onbekend": "Onbekend (hard of zacht zelf kiezen)",
    },
    # DIWI's phases (its exporter), with Zuid-Holland's "0. Studie"; the Planregistratie's own list is not confirmed
    "projectfase": {
        "0_studie": "0. Studie",
        "1_initiatief": "1. Initiatieffase",
        "2_project": "2. Projectfase",
        "3_vergunning": "3. Vergunningsfase",
        "4_realisatie": "4. Realisatiefase",
        "5_oplevering": "5. Opleverfase",
        "afgerond": "Afgerond",
        "onbekend": "Onbekend",
    },
    "plantype": {
        "pand_transformatie": "Pand transformatie",
        "transformatiegebied": "Transformatiegebied",
        "herstructurering": "Herstructurering",
        "verdichting": "Verdichting",
        "uitbreiding_uitleg": "Uitbreiding uitleg",
        "uitbreiding_overig": "Uitbreiding overig",
        "onbekend": "Onbekend",
    },
    "opdrachtgever_type": {
        "gemeente": "Gemeente",
        "corporatie": "Woningbouwcorporatie",
        "ontwikkelaar": "Projectontwikkelaar",
        "particulieren": "Particulieren",
        "meerdere": "Meerdere",
        "anders": "Anders",
        "onbekend": "Onbekend",
    },
    "vertrouwelijkheid": {
        "openbaar": "Openbaar",
        "provincie": "Provincie (en gemeente)",
        "regio": "Regio (en gemeente)",
        "gemeente": "Alleen gemeente",
    },
    "soort_blok": {"bouw": "Bouw", "sloop": "Sloop"},
    "segment": {
        "sociale_huur": "Sociale huur",
        "middenhuur": "Middenhuur",
        "vrije_huur": "Vrije huur",
        "koop": "Koop",
        "onbekend": "Onbekend",
    },
    "woningtype_blok": {"eengezins": "Eengezinswoning", "meergezins": "Meergezinswoning", "onbekend": "Onbekend"},
    "eigenaar": {"corporatie": "Corporatie", "particulier": "Particulier", "onbekend": "Onbekend"},
    "doelgroep": {
        "regulier": "Regulier",
        "ouderen_nultreden": "Ouderen / nultreden",
        "zorg": "Zorg",
        "studenten": "Studenten",
        "tijdelijk": "Tijdelijk / flex",
    },
    # schema 7: price classes of the exchange formats (FORMATS.md §9a), per target (province) and year
    "prijsklasse_doel": {"gelderland": "Gelderland", "zuid_holland": "Zuid-Holland"},
    "prijsklasse": {
        "koop1": "Koop 1 (goedkoopst)", "koop2": "Koop 2", "koop3": "Koop 3", "koop4": "Koop 4 (duurst)",
        "koop_onb": "Koop, prijs onbekend",
        "huur1": "Huur 1 (tot aftoppingsgrens)", "huur2": "Huur 2 (tot liberalisatiegrens)", "huur3": "Huur 3 (middenhuur)",
        "huur4": "Huur 4 (dure huur)", "huur_onb": "Huur, prijs onbekend", "onbekend": "Koop of huur onbekend",
    },
    # schema 8: what a scenario changes on top of the plans (DESIGN.md §11; core/model/scenario.py)
    "soort_wijziging": {
        "vervallen": "Plannen vervallen",
        "realisatiekans": "Realisatiekans",
        "locatie": "Locatie wijzigen",
        "potloodplan": "Potloodplan als plan",
        "uitstel": "Uitstel",
    },
}

# status_planologisch → planstatus (1A–2C in a vastgesteld or onherroepelijk plan: hard; 3–4B: zacht);
# onbekend: planstatus stays the user's choice
PLANSTATUS_VAN_STATUS: Dict[str, Optional[str]] = {
    **{s: "hard" for s in ("1A", "1B", "1C", "2A", "2B", "2C")},
    **{s: "zacht" for s in ("3", "4A", "4B")},
    "onbekend": None,
}
# woningblokken.segment of each dwelling field of a location (a location's won_<segment> = Σ its bouw blocks of it)
SEGMENT_OF_FIELD: Dict[str, str] = {
    "won_sociale_huur": "sociale_huur",
    "won_middenhuur": "middenhuur",
    "won_vrije_huur": "vrije_huur",
    "won_koop": "koop",
}

LOCATION_LAYERS: Tuple[str, ...] = ("projecten", "potloodplannen")
# `serve --publiek` (DESIGN.md §9): the one rule of what everyone may see of a location, valid as SQL and as a QGIS
# expression (the server's filter and the public figures both use it)
PUBLIEK_FILTER = "\"vertrouwelijkheid\" = 'openbaar'"
# the names of the locations everyone may not see (SQL, GeoPackage and PostGIS alike)
GEHEIME_NAMEN_SQL = " UNION ".join(
    f"SELECT \"naam\" FROM \"{t}\" WHERE coalesce(\"vertrouwelijkheid\", '') <> 'openbaar' AND \"naam\" IS NOT NULL"
    for t in ("potloodplannen", "projecten"))


def gebied_publiek_filter(geheime_namen) -> str:
    """A gebied named like a confidential location is confidential too (its name would tell the plan): the rule with
    the names written out, an expression QGIS and SQL read alike, without a subquery (a layer subset with a subquery
    on other tables broke QGIS Server 3.22's GeoPackage counts); "" for none."""
    names = sorted({n for n in geheime_namen if n})
    return "\"naam\" NOT IN (" + ", ".join("'" + n.replace("'", "''") + "'" for n in names) + ")" if names else ""

# --- programme -----------------------------------------------------------------------

WON_SEGMENTS: Tuple[str, ...] = ("won_sociale_huur", "won_middenhuur", "won_vrije_huur", "won_koop")
PROGRAMME_FIELDS: Tuple[str, ...] = WON_SEGMENTS + (
    "won_totaal",
    "m2_bedrijf",
    "m2_voorzieningen",
    "ha_groen",
    "ha_zon",
)
PROGRAMME_LABELS: Dict[str, str] = {
    "won_sociale_huur": "Woningen sociale huur",
    "won_middenhuur": "Woningen middenhuur",
    "won_vrije_huur": "Woningen vrije huur",
    "won_koop": "Woningen koop",
    "won_totaal": "Woningen totaal",
    "m2_bedrijf": "m² bedrijfsruimte",
    "m2_voorzieningen": "m² voorzieningen",
    "ha_groen": "ha groen",
    "ha_zon": "ha zon",
}

YEAR_RANGE = (2000, 2050)

# schema 5: dwelling sums a location holds from its blocks (kept by the database, read-only in forms). A bouw block of
# segment "onbekend" counts in won_totaal only (won_totaal = the four segments + onbekend).
BLOCK_SUM_FIELDS: Tuple[str, ...] = ("won_onbekend", "won_sloop", "won_netto")
BLOCK_SUM_LABELS: Dict[str, str] = {"won_onbekend": "Woningen segment onbekend", "won_sloop": "Woningen sloop",
                                    "won_netto": "Woningen netto (bouw − sloop)"}
COMPUTED_FIELDS: Tuple[str, ...] = WON_SEGMENTS + ("won_totaal",) + BLOCK_SUM_FIELDS
COMPUTED_RULE = "wordt berekend uit de woningblokken; wijzig de woningblokken"  # a direct change of a computed field

# what a value of a typed field must look like: one wording for the database guards and the import
NUMBER_RULE = "moet een getal zijn"
DATE_RULE = "moet een bestaande datum zijn (JJJJ-MM-DD)"
REQUIRED_RULE = "is verplicht"
UNIQUE_RULE = "waarde bestaat al (moet uniek zijn)"

# Plausible bounds, for Almelo (~73,000 inhabitants, ~34,000 dwellings, 6,940 ha): far above any real plan
# (the largest location in the agenda: ~400 dwellings, 350,000 m² business park, 37 ha solar field), there
# to refuse typos and absurd values (9.2×10^18 dwellings, 1e308 ha) in the database and in the forms.
# Integers stay within QGIS's integer spin box (2^31 − 1).
MAX_M2_VBO = 1_000_000  # gebruiksoppervlakte of one BAG object
MAX_HUISNUMMER = 99_999
MAX_WONINGEN_SEGMENT = 10_000  # dwellings of one segment on one location
MAX_WONINGEN_LOCATIE = len(WON_SEGMENTS) * MAX_WONINGEN_SEGMENT  # won_totaal, the sum of the segments
MAX_M2_LOCATIE = 2_000_000  # m² floor space on one location (200 ha of floor)
MAX_HA_LOCATIE = 1_000  # ha on one location (a seventh of the municipality)
MAX_WONINGEN_WIJK = 1_000_000  # dwellings in one wijk (the city has ~34,000; the bench store 1 M, ~170,000 in a wijk)
MAX_WONINGVRAAG_JAAR = 10_000  # demand in one year (the forecast: ~160)
MAX_STREEFWAARDE = 10_000_000  # a goal, in dwellings, m², ha or a share
MAX_M2_WINKEL = 100_000  # m² shop floor of one address
MAX_PRIJS = 100_000_000  # € of one dwelling (koopprijs) or its rent per month
SPINBOX_LIMIT = 2**31 - 1  # QGIS's integer spin box overflows beyond this


def programme_maximum(name: str) -> float:
    """The plausible maximum of a programme field on one location."""
    if name == "won_totaal":
        return MAX_WONINGEN_LOCATIE
    return {"won": MAX_WONINGEN_SEGMENT, "m2": MAX_M2_LOCATIE, "ha": MAX_HA_LOCATIE}[name.split("_")[0]]


def number_nl(value: float) -> str:
    """A bound as a Dutch reader writes it: 2050, 10.000, 2.000.000, 0,25."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".") if abs(value) >= 10_000 else str(int(value))
    return f"{value:g}".replace(".", ",")


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # TEXT, INTEGER, REAL, DATE, DATETIME, BOOLEAN
    label: str = ""
    domain: Optional[str] = None
    minimum: Optional[float] = None
    maximum: Optional[float] = None
    not_null: bool = False
    unique: bool = False
    default: Optional[str] = None  # SQL literal
    numeric_check: bool = False  # refuse text in a number field
    group: str = ""  # form group of a location layer (FORM_GROUPS); empty: not in the form
    decimals: int = 2  # a REAL field's decimals in a form

    def bound_messages(self) -> Tuple[str, str]:
        """(too small, too large): the Dutch refusals of the database guards."""
        low = "mag niet negatief zijn" if self.minimum == 0 else f"mag niet kleiner zijn dan {number_nl(self.minimum or 0)}"
        return low, f"mag niet groter zijn dan {number_nl(self.maximum or 0)}"

    def range_message(self) -> str:
        """The Dutch refusal of text or a value outside the bounds (a form checks them in one expression)."""
        low = number_nl(self.minimum) if self.minimum is not None else None
        high = number_nl(self.maximum) if self.maximum is not None else None
        if low is not None and high is not None:
            return f"moet een getal van {low} tot en met {high} zijn"
        return f"moet een getal van ten minste {low} zijn" if low is not None else f"moet een getal van ten hoogste {high} zijn"

    @property
    def values(self) -> Tuple[str, ...]:
        return tuple(DOMAINS[self.domain]) if self.domain else ()


@dataclass(frozen=True)
class Table:
    name: str
    geometry: Optional[str]  # MultiPolygon, Point or None
    fields: Tuple[Field, ...]
    title: str = ""
    required: bool = True  # validate reports it when missing
    history: bool = False  # edits are written to `wijzigingen`
    extra_checks: Tuple[Tuple[str, str], ...] = field(default_factory=tuple)  # (sql condition that is bad, message)
    fid_column: str = FID_COLUMN

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.name}.{name}")

    @property
    def field_names(self) -> List[str]:
        return [f.name for f in self.fields]


def _programme(indicative: bool = False) -> Tuple[Field, ...]:
    out = []
    for name in PROGRAMME_FIELDS:
        ftype = "INTEGER" if name.startswith("won_") else "REAL"
        label = PROGRAMME_LABELS[name] + (" (indicatief)" if indicative else "")
        out.append(Field(name, ftype, label, minimum=0, maximum=programme_maximum(name), not_null=True, default="0",
                         numeric_check=True, group="Programma", decimals=0 if name.startswith("m2_") else 2))
    return tuple(out)


def _year(name: str, label: str) -> Field:
    return Field(name, "INTEGER", label, minimum=YEAR_RANGE[0], maximum=YEAR_RANGE[1], numeric_check=True, group="Planning")


_WON_SUM_CHECK = (
    "NEW.won_totaal IS NOT (COALESCE(NEW.won_sociale_huur,0) + COALESCE(NEW.won_middenhuur,0)"
    " + COALESCE(NEW.won_vrije_huur,0) + COALESCE(NEW.won_koop,0) + COALESCE(NEW.won_onbekend,0))",
    "won_totaal: is niet gelijk aan de som van de woningsegmenten "
    "(sociale huur + middenhuur + vrije huur + koop + onbekend)",
)


def quote_ident(name: str) -> str:
    """Quote an SQL identifier (tables and fields may hold quotes, spaces, dashes)."""
    return '"' + str(name).replace('"', '""') + '"'


def quote_literal(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _planstatus_checks() -> Tuple[Tuple[str, str], ...]:
    """planstatus follows status_planologisch (PLANSTATUS_VAN_STATUS); only for onbekend is it the user's choice."""
    out = []
    for ps in ("hard", "zacht"):
        codes = [k for k, v in PLANSTATUS_VAN_STATUS.items() if v == ps]
        out.append((f"NEW.status_planologisch IN ({', '.join(quote_literal(c) for c in codes)}) AND NEW.planstatus IS NOT '{ps}'",
                    f"planstatus: volgt uit de planologische status; {codes[0]}–{codes[-1]} is {ps}"))
    return tuple(out)


def _block_sums() -> Tuple[Field, ...]:
    """won_onbekend, won_sloop, won_netto: sums of the location's blocks (schema 5), kept by the database."""
    out = []
    for name in BLOCK_SUM_FIELDS:
        low = -MAX_WONINGEN_LOCATIE if name == "won_netto" else 0
        high = MAX_WONINGEN_LOCATIE if name != "won_onbekend" else MAX_WONINGEN_SEGMENT * 10
        out.append(Field(name, "INTEGER", BLOCK_SUM_LABELS[name], minimum=low, maximum=high, not_null=True, default="0",
                         numeric_check=True, group="Programma", decimals=0))
    return tuple(out)


def _plan_fields(potloodplan: bool = False) -> Tuple[Field, ...]:
    """Schema 5: what the plan registers hold of a location (DESIGN.md §3a)."""
    return (
        Field("status_planologisch", "TEXT", "Planologische status", domain="status_planologisch", not_null=True,
              default="'onbekend'", group="Plan"),
        Field("projectfase", "TEXT", "Projectfase", domain="projectfase", not_null=True, default="'onbekend'", group="Plan"),
        Field("plantype", "TEXT", "Plantype", domain="plantype", not_null=True, default="'onbekend'", group="Plan"),
        Field("opdrachtgever_type", "TEXT", "Opdrachtgever", domain="opdrachtgever_type", not_null=True,
              default="'onbekend'", group="Plan"),
        Field("realisatiekans", "INTEGER", "Realisatiekans (%, leeg: norm van de status)", minimum=0, maximum=100,
              numeric_check=True, group="Plan"),
        Field("vertrouwelijkheid", "TEXT", "Vertrouwelijkheid", domain="vertrouwelijkheid", not_null=True,
              default="'gemeente'" if potloodplan else "'openbaar'", group="Plan"),
        Field("knelpunten", "TEXT", "Knelpunten", group="Plan"),
        Field("toelichting", "TEXT", "Toelichting", group="Plan"),
        # schema 6: the plan's own id in the department's plan list (`bron planlijst` matches on it)
        Field("bron_id", "TEXT", "Id in de planlijst", group="Beheer"),
    )
_EDIT_FIELDS = (
    Field("wijk_code", "TEXT", "Wijk (automatisch)", group="Beheer"),
    Field("bijgewerkt_door", "TEXT", "Bijgewerkt door", group="Beheer"),
    Field("bijgewerkt_op", "DATETIME", "Bijgewerkt op", group="Beheer"),
    # optimistic locking: the editor sends the version it loaded (versie_gezien); the database refuses a save
    # when the row has moved on since, else raises versie by one. versie_gezien is never kept (always NULL).
    Field("versie", "INTEGER", "Versie", not_null=True, default="1"),
    Field("versie_gezien", "INTEGER", "Versie bij laden"),
)
# a location's form: a tab with its fields in these groups, in order, and a tab with its opgaven (an N:M relation)
FORM_TAB = "Locatie"
FORM_GROUPS: Tuple[str, ...] = ("Algemeen", "Plan", "Programma", "Planning", "Beheer")
OPGAVEN_TAB = "Opgaven"
# not part of a row's history: bookkeeping of the locking above
VERSION_FIELDS = ("versie", "versie_gezien")
CONFLICT_ADVICE = "laad de laag opnieuw en breng uw wijziging opnieuw aan"
CONFLICT_MARK = "veld versie: is intussen"  # what every refusal of a stale save starts with (after "Laag X[, feature N], ")
CONFLICT_MESSAGE = f"{CONFLICT_MARK} door een ander gewijzigd; {CONFLICT_ADVICE}"  # GeoPackage: a literal
CONFLICT_BY = f"{CONFLICT_MARK} gewijzigd door {{wie}} op {{wanneer}}; {CONFLICT_ADVICE}."  # who and when filled in

TABLES: Tuple[Table, ...] = (
    Table("gemeente", "MultiPolygon", (
        Field("gemeente_code", "TEXT", "Gemeentecode", not_null=True),
        Field("naam", "TEXT", "Naam"),
    ), "Gemeente"),
    Table("wijken", "MultiPolygon", (
        Field("wijk_code", "TEXT", "Wijkcode", not_null=True, unique=True),
        Field("naam", "TEXT", "Naam", not_null=True),
        Field("prioriteit", "TEXT", "Prioriteit", domain="prioriteit_wijk", not_null=True, default="'regulier'"),
        # woningvoorraad per wijk, kept by import/sample (for the map at wijk scale; the roll-up counts the points)
        Field("woningen", "INTEGER", "Woningen (voorraad)", minimum=0, maximum=MAX_WONINGEN_WIJK, numeric_check=True),
        Field("woningen_koop", "INTEGER", "Woningen koop", minimum=0, maximum=MAX_WONINGEN_WIJK, numeric_check=True),
        Field("woningen_corporatie", "INTEGER", "Woningen huur corporatie", minimum=0, maximum=MAX_WONINGEN_WIJK, numeric_check=True),
        Field("woningen_particuliere_huur", "INTEGER", "Woningen particuliere huur", minimum=0, maximum=MAX_WONINGEN_WIJK, numeric_check=True),
    ), "Wijken"),
    Table("buurten", "MultiPolygon", (
        Field("buurt_code", "TEXT", "Buurtcode", not_null=True),
        Field("naam", "TEXT", "Naam"),
        Field("wijk_code", "TEXT", "Wijkcode"),
    ), "Buurten", required=False),
    # schema 6: CBS kerncijfers of the gemeente, its wijken and buurten, one value per row (`bron cbs`, the sample)
    Table("kerncijfers", None, (
        Field("niveau", "TEXT", "Niveau", domain="niveau_cbs", not_null=True),
        Field("gebied_code", "TEXT", "Gebiedscode (GM…, WK…, BU…)", not_null=True),
        Field("jaar", "INTEGER", "Jaar", not_null=True, numeric_check=True),
        Field("variabele", "TEXT", "Variabele (CBS-naam)", not_null=True),
        Field("waarde", "REAL", "Waarde", numeric_check=True),
        Field("bron", "TEXT", "Bron"),
    ), "CBS-kerncijfers", required=False),
    Table("gebieden", "MultiPolygon", (
        Field("naam", "TEXT", "Naam", not_null=True),
        Field("soort", "TEXT", "Soort", domain="soort_gebied", not_null=True),
        Field("prioriteit", "TEXT", "Prioriteit", domain="prioriteit", not_null=True, default="'midden'"),
    ), "Gebieden"),
    Table("woningvoorraad", "Point", (
        Field("woningtype", "TEXT", "Woningtype", domain="woningtype"),
        Field("eigendom", "TEXT", "Eigendom", domain="eigendom"),
        Field("corporatie", "TEXT", "Corporatie"),
        Field("bouwjaar", "INTEGER", "Bouwjaar", minimum=1000, maximum=2100, numeric_check=True),
        Field("wijk_code", "TEXT", "Wijkcode"),
        # schema 6: from the BAG (`bron bag`); vbo_id is the source's own id (16 digits, text)
        Field("vbo_id", "TEXT", "BAG verblijfsobject-id"),
        Field("oppervlakte", "INTEGER", "Gebruiksoppervlakte (m²)", minimum=0, maximum=MAX_M2_VBO, numeric_check=True),
        Field("pand_id", "TEXT", "BAG pand-id(s)"),
        Field("postcode", "TEXT", "Postcode"),
        Field("huisnummer", "INTEGER", "Huisnummer", minimum=0, maximum=MAX_HUISNUMMER, numeric_check=True),
        Field("huisletter", "TEXT", "Huisletter"),
        Field("toevoeging", "TEXT", "Huisnummertoevoeging"),
        Field("buurt_code", "TEXT", "Buurtcode"),
    ), "Woningvoorraad"),
    Table("energielabels", "Point", (
        Field("label", "TEXT", "Energielabel", domain="energielabel", not_null=True),
        Field("registratiedatum", "DATE", "Registratiedatum"),
        Field("wijk_code", "TEXT", "Wijkcode"),
        # schema 6: from EP-Online (`bron ep-online`); one row per vbo (the newest label), placed on its BAG point
        Field("vbo_id", "TEXT", "BAG verblijfsobject-id"),
        Field("opnamedatum", "DATE", "Opnamedatum"),
        Field("postcode", "TEXT", "Postcode"),
        Field("huisnummer", "INTEGER", "Huisnummer", minimum=0, maximum=MAX_HUISNUMMER, numeric_check=True),
        Field("huisletter", "TEXT", "Huisletter"),
        Field("toevoeging", "TEXT", "Huisnummertoevoeging"),
        Field("gebouwtype", "TEXT", "Gebouwtype"),
        Field("buurt_code", "TEXT", "Buurtcode"),
    ), "Energielabels"),
    Table("leefbaarheid", "MultiPolygon", (
        # the published class 1–9; empty where a file holds only scores (then the map shows the score `afw` as a ramp)
        Field("score", "INTEGER", "Leefbaarometer-klasse", minimum=1, maximum=9, numeric_check=True),
        Field("jaar", "INTEGER", "Jaar", numeric_check=True),
        Field("wijk_code", "TEXT", "Wijkcode (middelpunt)"),
        # schema 6: from the Leefbaarometer (`bron leefbaarometer`): the area's own id and the scores
        Field("gebied_id", "TEXT", "Grid-id of buurtcode"),
        Field("soort_gebied", "TEXT", "Grid of buurt", domain="soort_gebied_lbm"),
        Field("lbm", "REAL", "Leefbaarometer-score", numeric_check=True, decimals=4),
        Field("afw", "REAL", "Afwijking van het landelijk gemiddelde", numeric_check=True, decimals=4),
        Field("fys", "REAL", "Fysieke omgeving", numeric_check=True, decimals=4),
        Field("onv", "REAL", "Overlast en onveiligheid", numeric_check=True, decimals=4),
        Field("soc", "REAL", "Sociale samenhang", numeric_check=True, decimals=4),
        Field("vrz", "REAL", "Voorzieningen", numeric_check=True, decimals=4),
        Field("won", "REAL", "Woningvoorraad", numeric_check=True, decimals=4),
        Field("buurt_code", "TEXT", "Buurtcode"),
    ), "Leefbaarheid"),
    Table("projecten", "MultiPolygon", (
        Field("naam", "TEXT", "Naam", not_null=True, group="Algemeen"),
        Field("status", "TEXT", "Status", domain="status", not_null=True, default="'initiatief'", group="Algemeen"),
        Field("planstatus", "TEXT", "Planstatus", domain="planstatus", not_null=True, default="'zacht'", group="Algemeen"),
        *_plan_fields(),
        *_programme(),
        *_block_sums(),
        _year("start_jaar", "Startjaar"),
        _year("oplever_jaar", "Opleverjaar"),
        *_EDIT_FIELDS,
        Field("potloodplan_fid", "INTEGER", "Voortgekomen uit potloodplan", group="Beheer"),
    ), "Projecten", history=True, extra_checks=(
        _WON_SUM_CHECK,
        *_planstatus_checks(),
        ("NEW.start_jaar IS NOT NULL AND NEW.oplever_jaar IS NOT NULL AND NEW.oplever_jaar < NEW.start_jaar",
         "oplever_jaar: ligt voor het startjaar"),
    )),
    Table("potloodplannen", "MultiPolygon", (
        Field("naam", "TEXT", "Naam", not_null=True, group="Algemeen"),
        Field("soort", "TEXT", "Soort", domain="soort_potloodplan", not_null=True, group="Algemeen"),
        Field("eigendom_gemeente", "BOOLEAN", "Eigendom gemeente", not_null=True, default="0", group="Algemeen"),
        Field("prioriteit", "TEXT", "Prioriteit", domain="prioriteit", not_null=True, default="'midden'", group="Algemeen"),
        *_plan_fields(potloodplan=True),
        *_programme(indicative=True),
        *_block_sums(),
        *_EDIT_FIELDS,
    ), "Potloodplannen", history=True, extra_checks=(_WON_SUM_CHECK,)),
    # schema 5: a location's dwellings as the registers keep them (DESIGN.md §3a); the location's won_* are their sums
    Table("woningblokken", None, (
        Field("laag", "TEXT", "Laag", domain="laag_locatie", not_null=True),
        Field("locatie_fid", "INTEGER", "Locatie", not_null=True, numeric_check=True),
        Field("soort", "TEXT", "Bouw of sloop", domain="soort_blok", not_null=True, default="'bouw'"),
        Field("aantal", "INTEGER", "Aantal woningen", minimum=1, maximum=MAX_WONINGEN_SEGMENT, not_null=True, numeric_check=True),
        Field("segment", "TEXT", "Segment", domain="segment", not_null=True, default="'onbekend'"),
        Field("woningtype", "TEXT", "Woningtype", domain="woningtype_blok", not_null=True, default="'onbekend'"),
        Field("eigenaar", "TEXT", "Eigenaar", domain="eigenaar", not_null=True, default="'onbekend'"),
        Field("prijs", "REAL", "Prijs (€ koopprijs of € huur per maand)", minimum=0, maximum=MAX_PRIJS, numeric_check=True),
        Field("doelgroep", "TEXT", "Doelgroep", domain="doelgroep", not_null=True, default="'regulier'"),
        Field("jaar", "INTEGER", "Jaar (oplevering of sloop)", minimum=YEAR_RANGE[0], maximum=YEAR_RANGE[1], numeric_check=True),
        Field("gerealiseerd", "BOOLEAN", "Gerealiseerd", not_null=True, default="0"),
        Field("bijgewerkt_door", "TEXT", "Bijgewerkt door"),
        # schema 7: the price class as a province's file delivered it (`import … planregistratie`), used when prijs is empty
        Field("prijsklasse", "TEXT", "Prijsklasse (zoals geleverd, als de prijs onbekend is)", domain="prijsklasse"),
    ), "Woningblokken", history=True),
    Table("realisatiekans_norm", None, (
        Field("status_planologisch", "TEXT", "Planologische status", domain="status_planologisch", not_null=True, unique=True),
        Field("realisatiekans", "INTEGER", "Realisatiekans (%)", minimum=0, maximum=100, not_null=True, numeric_check=True),
        Field("aanname", "BOOLEAN", "Aanname (geen vastgestelde norm)", not_null=True, default="1"),
        Field("bron", "TEXT", "Bron"),
    ), "Realisatiekans per planologische status"),
    # schema 6: every `bron` run (DESIGN.md §8): what was read, from which file, as of when, and what it changed
    Table("bronnen", None, (
        Field("soort", "TEXT", "Soort bron", domain="soort_bron", not_null=True),
        Field("laag", "TEXT", "Laag", not_null=True),
        Field("bestand", "TEXT", "Bestand", not_null=True),
        Field("sha256", "TEXT", "SHA-256 van het bestand", not_null=True),
        Field("peildatum", "DATE", "Stand van de bron"),
        Field("geimporteerd_op", "DATETIME", "Ingelezen op", not_null=True),
        Field("gebruiker", "TEXT", "Ingelezen door"),
        Field("rijen", "INTEGER", "Rijen ingelezen", minimum=0, not_null=True, default="0", numeric_check=True),
        Field("geweigerd", "INTEGER", "Rijen geweigerd", minimum=0, not_null=True, default="0", numeric_check=True),
        Field("nieuw", "INTEGER", "Nieuw", minimum=0, not_null=True, default="0", numeric_check=True),
        Field("gewijzigd", "INTEGER", "Gewijzigd", minimum=0, not_null=True, default="0", numeric_check=True),
        Field("vervallen", "INTEGER", "Vervallen", minimum=0, not_null=True, default="0", numeric_check=True),
        Field("opties", "TEXT", "Opties (JSON)"),
    ), "Bronnen"),
    # schema 6: the column mapping of a plan list, kept for the next import (`bron planlijst`)
    Table("bron_kolommen", None, (
        Field("soort", "TEXT", "Soort bron", domain="soort_bron", not_null=True),
        Field("kolom", "TEXT", "Kolom in het bestand", not_null=True),
        Field("veld", "TEXT", "Veld van de atlas", not_null=True),
    ), "Kolomindeling van bronnen"),
    Table("opgaven", None, (
        Field("code", "TEXT", "Code", not_null=True, unique=True),
        Field("naam", "TEXT", "Naam", not_null=True),
        Field("omschrijving", "TEXT", "Omschrijving"),
    ), "Stadsopgaven"),
    Table("koersopgaven", None, (
        Field("code", "TEXT", "Code", not_null=True, unique=True),
        Field("naam", "TEXT", "Naam", not_null=True),
        Field("omschrijving", "TEXT", "Omschrijving"),
        Field("stadsopgaven", "TEXT", "Dient stadsopgaven (codes, ; gescheiden)"),
    ), "Koers-opgaven (programma's)"),
    Table("locatie_opgaven", None, (
        Field("laag", "TEXT", "Laag", domain="laag_locatie", not_null=True),
        Field("locatie_fid", "INTEGER", "Locatie", not_null=True, numeric_check=True),
        Field("opgave_code", "TEXT", "Opgave", not_null=True),
        Field("bijgewerkt_door", "TEXT", "Bijgewerkt door"),
    ), "Opgaven per locatie", history=True),
    Table("doelen", None, (
        Field("niveau", "TEXT", "Niveau", domain="niveau", not_null=True),
        Field("wijk_code", "TEXT", "Wijkcode"),
        Field("opgave_code", "TEXT", "Opgave", not_null=True),
        Field("indicator", "TEXT", "Indicator", not_null=True),
        Field("soort", "TEXT", "Soort", domain="soort_doel", not_null=True, default="'minimum'"),
        Field("eenheid", "TEXT", "Eenheid", domain="eenheid", not_null=True, default="'aantal'"),
        Field("streefwaarde", "REAL", "Streefwaarde", minimum=0, maximum=MAX_STREEFWAARDE, not_null=True, numeric_check=True),
        Field("peiljaar", "INTEGER", "Peiljaar", numeric_check=True),
        Field("bron", "TEXT", "Bron"),
        Field("omschrijving", "TEXT", "Omschrijving"),
    ), "Doelen", extra_checks=(
        ("NEW.niveau = 'wijk' AND NEW.wijk_code IS NULL", "wijk_code: verplicht voor een wijkdoel"),
        ("NEW.niveau = 'stad' AND NEW.wijk_code IS NOT NULL", "wijk_code: moet leeg zijn voor een stadsdoel"),
        ("NEW.eenheid = 'aandeel' AND (NEW.streefwaarde < 0 OR NEW.streefwaarde > 1)",
         "streefwaarde: een aandeel ligt tussen 0 en 1"),
    )),
    Table("woningvraag", None, (
        Field("jaar", "INTEGER", "Jaar", not_null=True, unique=True, numeric_check=True),
        Field("aantal", "INTEGER", "Woningvraag", minimum=0, maximum=MAX_WONINGVRAAG_JAAR, not_null=True, numeric_check=True),
        Field("bron", "TEXT", "Bron"),
    ), "Woningvraag (prognose)"),
    Table("wijzigingen", None, (
        Field("tijd", "DATETIME", "Tijd", not_null=True),
        Field("gebruiker", "TEXT", "Gebruiker"),
        Field("laag", "TEXT", "Laag", not_null=True),
        Field("fid", "INTEGER", "Feature"),
        Field("actie", "TEXT", "Actie", domain="actie", not_null=True),
        Field("oud", "TEXT", "Oude waarden (JSON)"),
        Field("nieuw", "TEXT", "Nieuwe waarden (JSON)"),
    ), "Wijzigingen", fid_column="wijziging_id"),
    Table("atlas_meta", None, (
        Field("sleutel", "TEXT", "Sleutel", not_null=True, unique=True),
        Field("waarde", "TEXT", "Waarde"),
    ), "Atlas-metadata"),
    Table("atlas_lagen", None, (
        Field("laag", "TEXT", "Laag (tabel of naam)", not_null=True, unique=True),
        Field("titel", "TEXT", "Titel", not_null=True),
        Field("groep", "TEXT", "Groep", not_null=True),
        Field("stijl", "TEXT", "Stijl (.qml in styles/)"),
        Field("volgorde", "INTEGER", "Volgorde", not_null=True, default="0", numeric_check=True),
        Field("zichtbaar", "BOOLEAN", "Zichtbaar", not_null=True, default="1"),
        Field("bron", "TEXT", "Externe bron (URI), leeg voor een tabel van de store"),
        Field("provider", "TEXT", "Provider (ogr, wms, wfs, …)"),
        Field("stijl_qml", "TEXT", "Stijl van de beheerder (QML), gaat voor `stijl`"),
    ), "Lagencatalogus"),
    # schema 8: scenarios, named sets of changes on top of the plans; they never change the plans (DESIGN.md §11)
    Table("scenario", None, (
        Field("naam", "TEXT", "Naam", not_null=True, unique=True),
        Field("omschrijving", "TEXT", "Omschrijving"),
        Field("gemaakt", "DATETIME", "Gemaakt op"),
        Field("door", "TEXT", "Gemaakt door"),
        Field("gewijzigd", "DATETIME", "Gewijzigd op"),
    ), "Scenario's", required=False),
    Table("scenario_wijziging", None, (
        Field("scenario", "INTEGER", "Scenario (fid)", not_null=True, numeric_check=True),
        Field("volgorde", "INTEGER", "Volgorde", not_null=True, default="0", numeric_check=True),
        Field("soort", "TEXT", "Soort wijziging", domain="soort_wijziging", not_null=True),
        Field("filter", "TEXT", "Filter (JSON: status_planologisch, projectfase, wijk, plantype, laag)"),
        Field("laag", "TEXT", "Laag van de locatie", domain="laag_locatie"),
        Field("locatie_fid", "INTEGER", "Locatie", numeric_check=True),
        Field("locatie_naam", "TEXT", "Naam van de locatie (bij het maken)"),
        Field("parameters", "TEXT", "Parameters (JSON)"),
    ), "Wijzigingen van scenario's", required=False),
    # Base layers the agenda lists beyond the fixed ones; simple and optional.
    Table("grondbezit_gemeente", "MultiPolygon", (
        Field("omschrijving", "TEXT", "Omschrijving"),
    ), "Grondbezit gemeente", required=False),
    Table("bedrijventerreinen", "MultiPolygon", (
        Field("naam", "TEXT", "Naam"),
        Field("ha_uitgeefbaar", "REAL", "Uitgeefbaar (ha)", minimum=0, maximum=MAX_HA_LOCATIE, numeric_check=True),
    ), "Bedrijventerreinen", required=False),
    Table("groenblauwe_structuur", "MultiPolygon", (
        Field("naam", "TEXT", "Naam"),
        Field("soort", "TEXT", "Soort", domain="soort_groenblauw"),
    ), "Groenblauwe structuur", required=False),
    Table("bestemmingsplannen", "MultiPolygon", (
        Field("naam", "TEXT", "Naam"),
        Field("plan_id", "TEXT", "IMRO-id"),
        Field("vastgesteld", "DATE", "Vastgesteld"),
    ), "Bestemmingsplannen", required=False),
    Table("winkelleegstand", "Point", (
        Field("adres", "TEXT", "Adres"),
        Field("m2", "REAL", "m² winkelvloer", minimum=0, maximum=MAX_M2_WINKEL, numeric_check=True),
        Field("leeg_sinds", "DATE", "Leeg sinds"),
    ), "Winkelleegstand", required=False),
    # schema 7: the price-class boundaries of each exchange target per year (uitwisseling), an editable catalogue:
    # a price p is in the class when ondergrens <= p < bovengrens (bovengrens empty: no upper limit)
    Table("prijsklassen", None, (
        Field("target", "TEXT", "Doel (provincie)", domain="prijsklasse_doel", not_null=True),
        Field("jaar", "INTEGER", "Geldig vanaf jaar", minimum=YEAR_RANGE[0], maximum=YEAR_RANGE[1], not_null=True, numeric_check=True),
        Field("klasse", "TEXT", "Prijsklasse", domain="prijsklasse", not_null=True),
        Field("ondergrens", "REAL", "Ondergrens (€, inclusief)", minimum=0, maximum=MAX_PRIJS, not_null=True, numeric_check=True),
        Field("bovengrens", "REAL", "Bovengrens (€, exclusief; leeg: geen)", minimum=0, maximum=MAX_PRIJS, numeric_check=True),
        Field("bron", "TEXT", "Bron"),
    ), "Prijsklassen per doel en jaar", extra_checks=(
        ("NEW.bovengrens IS NOT NULL AND NEW.bovengrens <= NEW.ondergrens", "bovengrens: moet groter zijn dan de ondergrens"),
    )),
)

TABLES_BY_NAME: Dict[str, Table] = {t.name: t for t in TABLES}


def table(name: str) -> Table:
    try:
        return TABLES_BY_NAME[name]
    except KeyError:
        raise KeyError(f"onbekende laag '{name}'") from None

