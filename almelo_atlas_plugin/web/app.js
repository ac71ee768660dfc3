// Almelo Atlas — the web page: the map from the atlas's WMS, stad → wijk → locatie, the figures of the roll-up.
// OpenLayers (global `ol`) is vendored by `make web`; the page itself reads atlas.json and cijfers.json.
"use strict";

const RD = new ol.proj.Projection({code: "EPSG:28992", units: "m", extent: [-285401.92, 22598.08, 595401.92, 903401.92]});
ol.proj.addProjection(RD);
const NL = new Intl.NumberFormat("nl-NL", {maximumFractionDigits: 1});
const QUERY = ["projecten", "potloodplannen", "wijken"];
const FIGUREN = [
  ["won_gerealiseerd", "Woningen gerealiseerd"], ["won_hard", "Woningen hard (met bestemmingsplan)"],
  ["won_zacht", "Woningen zacht (nog geen bestemmingsplan)"], ["won_gepland", "Woningen gepland (hard + zacht)"],
  ["won_potentieel", "Woningen potentieel (potloodplannen)"], ["won_sloop_gepland", "Sloop gepland"],
  ["won_netto_gepland", "Netto gepland (bouw − sloop)"], ["won_verwacht", "Verwacht (netto, naar realisatiekans)"],
  ["m2_bedrijf_gepland", "m² bedrijfsruimte gepland"], ["m2_voorzieningen_gepland", "m² voorzieningen gepland"],
  ["ha_groen_gepland", "ha groen gepland"], ["ha_zon_gepland", "ha zon gepland"],
  ["n_projecten", "Projecten"], ["n_potloodplannen", "Potloodplannen"],
];
const VERBORGEN = new Set(["fid", "Bijgewerkt door", "Bijgewerkt op", "Versie", "Versie bij laden", "Id in de planlijst",
  "Voortgekomen uit potloodplan"]);

const state = {atlas: null, cijfers: null, wijk: "", wms: null, map: null};

const JAAR = /jaar/i; // a year is no amount: 2028, not 2.028
function getal(v, key) {
  if (v === null || v === undefined) return "";
  if (typeof v !== "number") return String(v);
  return key && JAAR.test(key) ? String(v) : NL.format(v);
}
function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}
function melding(text) {
  const m = document.getElementById("melding");
  m.textContent = text;
  m.hidden = !text;
}

async function laden(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: ${r.status}`);
  return r.json();
}

function wmsUrl(params) {
  const all = Object.assign({SERVICE: "WMS", VERSION: "1.3.0", CRS: "EPSG:28992"}, params);
  return "ows?" + Object.entries(all).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&");
}

function kaart() {
  const lagen = state.atlas.lagen.filter(l => l.zichtbaar && l.vector);
  const namen = lagen.map(l => l.naam).reverse(); // WMS draws the first name at the bottom
  state.wms = new ol.source.ImageWMS({url: "ows", params: {LAYERS: namen.join(","), FORMAT: "image/png", TRANSPARENT: true},
                                      projection: RD, ratio: 1.2, serverType: "qgis",
                                      attributions: state.atlas.kaartbron, attributionsCollapsible: false});
  const standaard = typeof ol.control.defaults === "function" ? ol.control.defaults : ol.control.defaults.defaults;
  state.map = new ol.Map({
    target: "kaart",
    // the licence line always in view (never folded behind an "i")
    controls: standaard({attribution: false}).extend([new ol.control.Attribution({collapsible: false})]),
    layers: [new ol.layer.Image({source: state.wms})],
    view: new ol.View({projection: RD, maxZoom: 20}),
  });
  state.map.getView().fit(state.atlas.extent, {padding: [12, 12, 12, 12]});
  state.map.on("singleclick", klik);
  const legenda = document.getElementById("legenda");
  for (const l of lagen) {
    const fig = el("figure", {"data-laag": l.naam});
    fig.appendChild(el("strong", {}, l.titel));
    fig.appendChild(el("br"));
    fig.appendChild(el("img", {alt: `Legenda ${l.titel}`, src: wmsUrl({REQUEST: "GetLegendGraphic", LAYER: l.naam, FORMAT: "image/png",
      LAYERTITLE: "FALSE", ITEMFONTSIZE: "9", SYMBOLWIDTH: "6", SYMBOLHEIGHT: "4"})}));
    fig.appendChild(el("figcaption", {}, l.bron));
    legenda.appendChild(fig);
  }
}

async function klik(evt) {
  const url = state.wms.getFeatureInfoUrl(evt.coordinate, state.map.getView().getResolution(), RD,
    {INFO_FORMAT: "application/json", QUERY_LAYERS: QUERY.join(","), FEATURE_COUNT: 10, FI_POLYGON_TOLERANCE: 8, FI_POINT_TOLERANCE: 12});
  try {
    const info = await laden(url);
    const features = info.features || [];
    const wijk = features.find(f => String(f.id).startsWith("wijken."));
    if (wijk) {
      const fid = Number(String(wijk.id).split(".")[1]);
      const code = Object.keys(state.atlas.afdrukken).find(k => state.atlas.afdrukken[k].atlas_pk === fid);
      if (code) kies(code);
    }
    const locatie = features.find(f => !String(f.id).startsWith("wijken."));
    toonLocatie(locatie);
  } catch (e) {
    melding(`De gegevens van deze plek zijn niet te laden (${e.message}).`);
  }
}

function toonLocatie(feature) {
  const blok = document.getElementById("locatie");
  blok.hidden = !feature;
  if (!feature) return;
  const p = feature.properties;
  document.getElementById("locatie-titel").textContent = `${p.Naam || "Locatie"} (${String(feature.id).startsWith("projecten.") ? "project" : "potloodplan"})`;
  const body = document.querySelector("#programma tbody");
  body.replaceChildren();
  for (const [k, v] of Object.entries(p)) {
    if (VERBORGEN.has(k) || k === "Naam" || v === null || v === "" || v === 0) continue;
    const tr = el("tr");
    tr.appendChild(el("td", {}, k));
    tr.appendChild(el("td", {class: typeof v === "number" ? "getal" : ""}, getal(v, k)));
    body.appendChild(tr);
  }
  blok.scrollIntoView({block: "nearest"});
}

function lijstWijken() {
  const ul = document.getElementById("wijken");
  for (const w of state.cijfers.wijken) {
    const li = el("li");
    li.appendChild(el("button", {type: "button", "data-wijk": w.wijk_code, title: w.wijk_code}, w.naam));
    ul.appendChild(li);
  }
  ul.addEventListener("click", e => {
    const b = e.target.closest("button");
    if (b) kies(b.dataset.wijk);
  });
}

function zoom(code) {
  // the map to the chosen wijk (its extent from atlas.json), or back to the whole gemeente
  const extent = (code && state.atlas.wijken[code]) || state.atlas.extent;
  state.map.getView().fit(extent, {padding: [24, 24, 24, 24], duration: 300});
}

function kies(code) {
  if (code !== state.wijk) zoom(code); // a new choice, from the list or a click on the map
  state.wijk = code;
  for (const b of document.querySelectorAll("#wijken button")) b.classList.toggle("gekozen", b.dataset.wijk === code);
  const r = state.cijfers;
  const scope = code ? r.wijken.find(w => w.wijk_code === code) : r.stad;
  document.getElementById("scope-titel").textContent = code ? scope.naam : "Almelo (stad)"; // no CBS code for a reader
  const body = document.querySelector("#figuren tbody");
  body.replaceChildren();
  for (const [key, label] of FIGUREN) {
    if (!(key in scope)) continue;
    const tr = el("tr", {"data-figuur": key});
    tr.appendChild(el("td", {}, label));
    tr.appendChild(el("td", {class: "getal", "data-waarde": String(scope[key])}, getal(scope[key])));
    body.appendChild(tr);
  }
  if (scope.profiel) {
    const rows = [["Woningvoorraad", getal(scope.profiel.woningen)],
                  ["Aandeel corporatie", `${NL.format(Math.round((scope.profiel.aandeel_corporatie || 0) * 100))} %`]];
    for (const [label, text] of rows) {
      const tr = el("tr");
      tr.appendChild(el("td", {}, label));
      tr.appendChild(el("td", {class: "getal"}, text));
      body.appendChild(tr);
    }
  }
  const doelen = r.doelen.filter(d => code ? d.niveau === "wijk" && d.wijk_code === code : d.niveau === "stad");
  const db = document.querySelector("#doelen tbody");
  db.replaceChildren();
  for (const d of doelen) {
    const tr = el("tr");
    tr.appendChild(el("td", {}, d.omschrijving));
    for (const v of [d.streefwaarde, d.gepland, d.verwacht]) tr.appendChild(el("td", {class: "getal"}, getal(v)));
    tr.appendChild(el("td", {}, d.gehaald ? "gehaald (gepland)" : `nog ${getal(d.gap)} te gaan`));
    db.appendChild(tr);
  }
  if (!doelen.length) {
    const tr = el("tr");
    tr.appendChild(el("td", {colspan: "5"}, "Geen doelen voor deze wijk."));
    db.appendChild(tr);
  }
  const page = state.atlas.afdrukken[code || "stad"];
  const params = {REQUEST: "GetPrint", FORMAT: "pdf", TEMPLATE: page.template};
  if (page.atlas_pk !== undefined) params.ATLAS_PK = page.atlas_pk;
  const link = document.getElementById("agenda");
  link.href = wmsUrl(params);
  link.textContent = code ? `Download de agenda (PDF) — ${scope.naam}` : "Download de agenda (PDF) — stad";
}

async function start() {
  try {
    [state.atlas, state.cijfers] = await Promise.all([laden("atlas.json"), laden("cijfers.json")]);
  } catch (e) {
    melding(`De atlas is niet te laden (${e.message}).`);
    return;
  }
  document.getElementById("peildatum").textContent = `peildatum: ${state.atlas.peildatum}`;
  document.getElementById("publiek").hidden = !state.atlas.publiek;
  kaart();
  lijstWijken();
  kies("");
}

start();
