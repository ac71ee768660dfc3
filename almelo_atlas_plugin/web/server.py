"""`serve` (DESIGN.md §9): QGIS Server in this process behind a small HTTP server, the page at `/`, the figures as JSON.

The access-control filter is QGIS Server's own (QgsAccessControlFilter): registered here in-process, and by the
plugin's `serverClassFactory` when QGIS Server runs as FastCGI behind a web server (the production set-up).
Read-only everywhere; with publiek every location whose vertrouwelijkheid is not openbaar is left out.
"""

from __future__ import annotations

import json
import mimetypes
import os
import queue
import signal
import tempfile
import threading
from collections import OrderedDict
from concurrent.futures import Future
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple
from urllib.parse import parse_qs, urlsplit

from qgis.core import Qgis, QgsLayoutExporter, QgsProject
from qgis.server import (
    QgsAccessControlFilter,
    QgsBufferServerRequest,
    QgsBufferServerResponse,
    QgsServer,
    QgsServerException,
    QgsServerFilter,
    QgsServerInterface,
    QgsServerRequest,
)

from ..core import atlas
from ..core.figures.result import Rollup, Selection
from ..core.model.roles import TABEL_PROPERTY
from ..core.model.schema import LOCATION_LAYERS, PUBLIEK_FILTER
from ..core.output import tables
from ..core.output.web import WebProject, project_is_public, project_store, write_project
from ..core.store.base import Store

HERE = Path(__file__).resolve().parent
PAGE_FILES = ("index.html", "app.js", "style.css")
LIB = HERE / "lib"  # OpenLayers, vendored by `make web` (untracked)
LIB_FILES = ("ol.js", "ol.css")
PUBLIEK_ENV = "ALMELO_ATLAS_PUBLIEK"  # the FastCGI set-up: 1 = the public atlas


def keep_journal_mode() -> None:
    """QGIS switches a GeoPackage it opens for writing to WAL and back when it closes it (qgis/walForSqlite3), and
    reads it without locks (NOLOCK, GDAL >= 3.4.2): with several server processes and the atlas's own connections on
    one store, the -wal went away under such a reader: "unable to open database file", the layer counted as 0
    (OGC API "offset [0--1]", ?limit= answered 400, WFS bounding box 0 0). With OGR_SQLITE_JOURNAL set QGIS leaves
    the journal alone (DELETE: the store's own mode). For this process only: no setting of the user's QGIS changes."""
    from osgeo import gdal

    if not gdal.GetConfigOption("OGR_SQLITE_JOURNAL"):
        gdal.SetConfigOption("OGR_SQLITE_JOURNAL", "DELETE")


class AtlasFilter(QgsAccessControlFilter):
    """Read-only for every layer; with `publiek` only the locations whose vertrouwelijkheid is openbaar, in every
    service (maps, feature info, features and their counts, prints, legends)."""

    def __init__(self, iface: QgsServerInterface, publiek: bool):
        super().__init__(iface)
        self.publiek = publiek

    def _rule(self, layer) -> str:
        """The layer's rule: the public locations; for the gebieden the project's own (`--publiek` wrote the names of
        the confidential locations in; a public atlas of an internal project is refused, see CacheFilter)."""
        tabel = layer.customProperty(TABEL_PROPERTY)
        if not self.publiek:
            return ""
        return PUBLIEK_FILTER if tabel in LOCATION_LAYERS else layer.subsetString() if tabel == "gebieden" else ""

    def layerFilterExpression(self, layer) -> str:  # noqa: N802 (QGIS API names)
        return self._rule(layer)

    def layerFilterSubsetString(self, layer) -> str:  # noqa: N802
        """The rule as the layer's subset, unless the project holds it already (`serve --publiek`, `--schrijf
        --publiek`): QGIS Server 3.22 sets an access-control subset on a GeoPackage layer anew for every request,
        and after the first its OGR layer answers counts and extents as 0 ("unable to open database file"): the
        OGC API then refuses ?limit=/?offset= and WFS gives an empty bounding box."""
        rule = self._rule(layer)
        return "" if rule and rule in layer.subsetString() else rule

    def layerPermissions(self, layer) -> QgsAccessControlFilter.LayerPermissions:  # noqa: N802
        rights = QgsAccessControlFilter.LayerPermissions()
        rights.canRead = True
        rights.canInsert = rights.canUpdate = rights.canDelete = False
        return rights

    def authorizedLayerAttributes(self, layer, attributes):  # noqa: N802
        return attributes

    def allowToEdit(self, layer, feature) -> bool:  # noqa: N802
        return False

    def cacheKey(self) -> str:  # noqa: N802
        return "publiek" if self.publiek else "intern"


class ServerPlugin:
    """The plugin as a QGIS Server plugin (FastCGI): the filter, publiek when ALMELO_ATLAS_PUBLIEK=1, and the
    response cache of each QGIS Server process."""

    def __init__(self, iface: QgsServerInterface):
        keep_journal_mode()
        self.filter = AtlasFilter(iface, os.environ.get(PUBLIEK_ENV) == "1")
        iface.registerAccessControl(self.filter, 100)
        self.cache = CacheFilter(iface, self.filter.publiek)
        iface.registerFilter(self.cache, 100)
        self.print = PrintFilter(iface, self.filter)
        iface.registerFilter(self.print, 200)  # after the cache: a kept print is not made again


class PrintFilter(QgsServerFilter):
    """GetPrint of the agenda's pages as PDF with its text as text: QGIS Server 3.22 writes a print's text as outlines
    (it does not read the layout's "pdfTextFormat"), and so the tables' figures were drawings, not text (no search,
    no copy, no screen reader, nothing for pdftotext). Made here with QgsLayoutExporter and AlwaysText. In the public
    atlas only when the project itself keeps the confidential locations out (`--publiek`): the layers' subset holds
    the rule; otherwise QGIS Server's own GetPrint answers, under its access-control filter."""

    def __init__(self, iface: QgsServerInterface, rules: "AtlasFilter", project: Optional[QgsProject] = None):
        super().__init__(iface)
        self.rules, self.project = rules, project  # project: `serve`'s own; FastCGI: the one QGIS Server serves
        self._template: Optional[str] = None
        self._read: Dict[str, Tuple[float, QgsProject]] = {}

    def _project(self) -> QgsProject:
        if self.project is not None:
            return self.project
        path = self.serverInterface().configFilePath()
        if QgsProject.instance().fileName() == path:
            return QgsProject.instance()
        stamp = os.path.getmtime(path)
        if path not in self._read or self._read[path][0] != stamp:  # read once per version of the project
            project = QgsProject()
            project.read(path)
            self._read[path] = (stamp, project)
        return self._read[path][1]

    def _ours(self, project: QgsProject, template: str):
        layout = project.layoutManager().layoutByName(template)
        if layout is None:
            return None
        for layer in project.mapLayers().values():  # the public atlas: the rule in the project, or not ours
            rule = self.rules._rule(layer)
            if rule and rule not in layer.subsetString():
                return None
        return layout

    def requestReady(self) -> None:  # noqa: N802 (QGIS API names)
        handler = self.serverInterface().requestHandler()
        self._template = None
        if handler.exceptionRaised() or handler.parameter("REQUEST").lower() != "getprint" \
                or handler.parameter("FORMAT").lower() not in ("pdf", "application/pdf"):
            return
        self._template = handler.parameter("TEMPLATE")
        handler.setServiceException(QgsServerException("Afdruk van de atlas."))  # made in responseComplete

    def responseComplete(self) -> None:  # noqa: N802
        if self._template is None:
            return
        handler = self.serverInterface().requestHandler()
        template, self._template = self._template, None
        project = self._project()
        layout = self._ours(project, template)
        handler.clear()
        if layout is None:
            handler.setStatusCode(404 if project.layoutManager().layoutByName(template) is None else 403)
            handler.setResponseHeader("Content-Type", "text/plain; charset=utf-8")
            handler.appendBody(f"Geen afdruk '{template}' in deze atlas.".encode())
            return
        handler.setStatusCode(200)
        handler.setResponseHeader("Content-Type", "application/pdf")
        handler.appendBody(print_pdf(layout))


def print_pdf(layout) -> bytes:
    """One agenda page (a layout; an atlas layout: its one wijk) as PDF bytes, its text as text."""
    settings = QgsLayoutExporter.PdfExportSettings()
    settings.textRenderFormat = Qgis.TextRenderFormat.AlwaysText
    settings.rasterizeWholeImage = False
    with tempfile.TemporaryDirectory(prefix="almelo_atlas_print_") as tmp:
        path = os.path.join(tmp, "afdruk.pdf")
        if layout.atlas().enabled():
            result, error = QgsLayoutExporter.exportToPdf(layout.atlas(), path, settings)
        else:
            result, error = QgsLayoutExporter(layout).exportToPdf(path, settings), ""
        if result != QgsLayoutExporter.ExportResult.Success:
            raise QgsServerException(f"De afdruk is niet gemaakt ({error or result}).")
        with open(path, "rb") as f:
            return f.read()


class CacheFilter(QgsServerFilter):
    """QGIS Server's answers to GET requests kept in memory (ResponseCache) by the project, the full request and the
    state of the project's store: a repeat is answered without drawing (requestReady marks it answered, so QGIS Server
    skips the service; responseComplete writes the kept answer), a write to the store empties the cache."""

    def __init__(self, iface: QgsServerInterface, publiek: bool = False):
        super().__init__(iface)
        self.publiek = publiek
        self._public: Dict[str, bool] = {}
        self.cache = ResponseCache()
        self._stores: Dict[str, Optional[Store]] = {}
        self._key: Optional[str] = None
        self._state = ""
        self._hit: Optional[Answer] = None
        self._sent: List[bytes] = []  # what a streamed answer (WFS GetFeature) flushed before it was complete

    def _store_state(self, project: str) -> Optional[str]:
        if project not in self._stores:  # the store the project was written of (None: not to be opened, no cache)
            self._stores[project] = project_store(project)
        store = self._stores[project]
        try:
            return atlas.store_state(store) if store is not None else None
        except Exception:  # the store out of reach: draw, keep nothing
            return None

    def requestReady(self) -> None:  # noqa: N802 (QGIS API names)
        iface = self.serverInterface()
        handler = iface.requestHandler()
        self._key, self._hit, self._sent = None, None, []
        project = iface.configFilePath()
        if self.publiek and not self._public.setdefault(project, project_is_public(project)):
            handler.setServiceException(QgsServerException(
                "Dit is het project van de interne atlas; de publieke atlas vraagt het publieke project "
                "(serve STORE --schrijf MAP --publiek).", 403))
            return
        state = self._store_state(project) if iface.getEnv("REQUEST_METHOD") == "GET" else None
        if state is None:
            return
        self._key, self._state = f"{project}|{handler.url()}", state
        self._hit = self.cache.get(state, self._key)
        if self._hit is not None:
            handler.setServiceException(QgsServerException("Uit de cache."))  # answered: the service is skipped

    def sendResponse(self) -> None:  # noqa: N802
        if self._key is not None and self._hit is None:
            self._sent.append(bytes(self.serverInterface().requestHandler().body()))

    def responseComplete(self) -> None:  # noqa: N802
        handler = self.serverInterface().requestHandler()
        if self._hit is not None:
            handler.clear()
            handler.setStatusCode(self._hit[0])
            for k, v in {**self._hit[1], CACHE_HEADER: "HIT"}.items():
                handler.setResponseHeader(k, v)
            handler.appendBody(self._hit[2])
        elif self._key is not None and handler.statusCode() in (0, 200) and not handler.exceptionRaised():  # 0: not set, 200
            headers = {k: v for k, v in handler.responseHeaders().items() if k.lower() != "content-length"}
            self.cache.put(self._state, self._key, (200, headers, b"".join(self._sent) + bytes(handler.body())))
            handler.setResponseHeader(CACHE_HEADER, "MISS")  # not seen when the answer was streamed: its headers went first
        self._key, self._hit, self._sent = None, None, []


def scope_json(result: Rollup, wijk: Optional[str]) -> Optional[Dict[str, object]]:
    """The figures and goals of the stad (wijk None) or of one wijk, as the JSON of rollup; None for an unknown wijk."""
    if wijk is None:
        return {"niveau": "stad", "peildatum": result.peildatum, "stad": result.stad.to_json(),
                "doelen": [d.to_json() for d in result.doelen_for(Selection.stad())]}
    w = result.wijk(wijk)
    if w is None:
        return None
    return {"niveau": "wijk", "peildatum": result.peildatum, "wijk": w.to_json(),
            "doelen": [d.to_json() for d in result.doelen_for(Selection.wijk(wijk))],
            "locaties": [x.to_json() for x in result.locaties_in(wijk)]}


def write_site(store: Store, folder: Path, publiek: bool) -> WebProject:
    """The project and the page's own files in `folder` (site/: index.html, app.js, style.css, lib/, atlas.json and
    cijfers.json): what a web server in front of QGIS Server serves."""
    result = atlas.figures(store, publiek=publiek)
    web = write_project(store, folder, result, publiek)
    site = Path(folder) / "site"
    (site / "lib").mkdir(parents=True, exist_ok=True)
    from ..core.output.files import write_text

    for name in PAGE_FILES:
        write_text(str(site / name), (HERE / name).read_text(encoding="utf-8"))
    for name in LIB_FILES:
        if (LIB / name).exists():
            write_text(str(site / "lib" / name), (LIB / name).read_text(encoding="utf-8"))
    write_text(str(site / "atlas.json"), json.dumps(web.info(publiek), ensure_ascii=False))
    write_text(str(site / "cijfers.json"), tables.json_text(result.to_json()))
    return web


Answer = Tuple[int, Dict[str, str], bytes]
CACHE_HEADER = "X-Atlas-Cache"  # HIT: answered from the cache, MISS: drawn by QGIS Server


class ResponseCache:
    """QGIS Server's answers by their full request, for one state of the store (atlas.store_state): the first request
    after a write finds another state and empties the cache. Least recently used answers go first above `limit` bytes."""

    def __init__(self, limit: int = 64 * 1024 * 1024):
        self.limit, self.size = limit, 0
        self._lock = threading.Lock()
        self._state: Optional[str] = None
        self._items: "OrderedDict[str, Answer]" = OrderedDict()

    def get(self, state: str, key: str) -> Optional[Answer]:
        with self._lock:
            if state != self._state:
                self._items.clear()
                self._state, self.size = state, 0
                return None
            answer = self._items.get(key)
            if answer is not None:
                self._items.move_to_end(key)
            return answer

    def put(self, state: str, key: str, answer: Answer) -> None:
        with self._lock:
            if state != self._state or key in self._items or len(answer[2]) > self.limit:
                return
            self._items[key] = answer
            self.size += len(answer[2])
            while self.size > self.limit:
                self.size -= len(self._items.popitem(last=False)[1][2])


class Atlas:
    """One served atlas: its project, QGIS Server with the filter, the figures of now.

    QGIS Server draws in the main thread only (`work`), one request at a time; the HTTP threads hand it their
    requests and meanwhile answer the page, the figures and what the response cache holds."""

    def __init__(self, store: Store, publiek: bool = False, folder: Optional[Path] = None):
        self.store, self.publiek = store, publiek
        keep_journal_mode()
        self._tmp = None if folder else tempfile.TemporaryDirectory(prefix="almelo_atlas_web_")
        self.folder = Path(folder or self._tmp.name)
        self.engine = atlas.engine(store, publiek=publiek)
        state = atlas.store_state(store)
        result = self.engine.compute()  # before QGIS opens the store: no store reads beside its own until a write
        self.web = write_project(store, self.folder, result, publiek)
        self.server = QgsServer()
        self.filter = AtlasFilter(self.server.serverInterface(), publiek)
        self.server.serverInterface().registerAccessControl(self.filter, 100)
        self.project = QgsProject()
        if not self.project.read(str(self.web.path)):
            raise RuntimeError(f"QGIS Server kan het project {self.web.path} niet lezen: {self.project.error()}")
        self.printer = PrintFilter(self.server.serverInterface(), self.filter, self.project)
        self.server.serverInterface().registerFilter(self.printer, 200)
        self.cache = ResponseCache()
        self._jobs: "queue.Queue[Tuple[Callable[[], Answer], Future]]" = queue.Queue()
        self._figures_lock = threading.Lock()
        self._figures: Tuple[Optional[str], Optional[Rollup]] = (state, result)

    def close(self) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()

    def ows(self, url: str, method: str = "GET", body: bytes = b"") -> Answer:
        """One OGC request (the URL as the browser sent it: /ows?…, /ows/wfs3/…): from the cache when the store has not
        changed since it was drawn, else answered by QGIS Server (in the main thread)."""
        if method != "GET":
            return self._on_main(lambda: self._render(url, method, body))
        state = atlas.store_state(self.store)
        hit = self.cache.get(state, url)
        return _marked(hit, "HIT") if hit is not None else self._on_main(lambda: self._cached_render(state, url))

    def _cached_render(self, state: str, url: str) -> Answer:
        hit = self.cache.get(state, url)  # drawn meanwhile for a user who asked the same
        if hit is not None:
            return _marked(hit, "HIT")
        answer = self._render(url, "GET", b"")
        if answer[0] == 200:
            self.cache.put(state, url, answer)
        return _marked(answer, "MISS")

    def _render(self, url: str, method: str, body: bytes) -> Answer:
        verb = QgsServerRequest.Method.PostMethod if method == "POST" else QgsServerRequest.Method.GetMethod
        request = QgsBufferServerRequest(f"http://localhost{url}", verb, {}, body or None)
        response = QgsBufferServerResponse()
        self.server.handleRequest(request, response, self.project)
        return response.statusCode(), dict(response.headers()), bytes(response.body())

    def _on_main(self, job: Callable[[], Answer]) -> Answer:
        """Run `job` in the main thread (QGIS Server's), wait for its answer."""
        if threading.current_thread() is threading.main_thread():
            return job()
        done: Future = Future()
        self._jobs.put((job, done))
        return done.result()

    def work(self) -> None:
        """The main thread: QGIS Server's requests one after the other, until KeyboardInterrupt (Ctrl+C, SIGTERM)."""
        while True:
            try:
                job, done = self._jobs.get(timeout=0.5)
            except queue.Empty:
                continue
            try:
                done.set_result(job())
            except Exception as exc:  # the HTTP thread answers it; the server goes on
                done.set_exception(exc)

    def figures(self, query: Dict[str, list]) -> Tuple[int, object]:
        """GET /cijfers.json: the whole roll-up (as `rollup --format json`); ?niveau=stad or ?wijk=CODE: one scope."""
        state = atlas.store_state(self.store)
        with self._figures_lock:  # one roll-up per state of the store, the engine's caches in one thread at a time
            if self._figures[0] != state or self._figures[1] is None:
                self._figures = (state, self.engine.compute())
            result = self._figures[1]
        if "wijk" in query or query.get("niveau") == ["stad"]:
            scope = scope_json(result, query["wijk"][0] if "wijk" in query else None)
            if scope is None:
                return 404, {"fout": f"Onbekende wijk: {query['wijk'][0]}."}
            return 200, scope
        return 200, result.to_json()


def _marked(answer: Answer, how: str) -> Answer:
    return answer[0], {**answer[1], CACHE_HEADER: how}, answer[2]


class _Handler(BaseHTTPRequestHandler):
    server_version = "AlmeloAtlas"

    def log_message(self, *args) -> None:  # quiet: the command line says what matters
        pass

    def _send(self, status: int, body: bytes, kind: str, headers: Optional[Dict[str, str]] = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            if k.lower() not in ("content-type", "content-length"):
                self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: object) -> None:
        self._send(status, tables.json_text(data).encode("utf-8"), "application/json; charset=utf-8")

    def _answer(self, method: str, body: bytes = b"") -> None:
        served: Atlas = self.server.atlas  # type: ignore[attr-defined]
        parts = urlsplit(self.path)
        path = parts.path
        if path == "/ows" or path.startswith("/ows/"):
            status, headers, data = served.ows(self.path, method, body)
            self._send(status, data, headers.get("Content-Type", "application/octet-stream"), headers)
        elif path == "/atlas.json":
            self._json(200, served.web.info(served.publiek))
        elif path == "/cijfers.json":
            self._json(*served.figures(parse_qs(parts.query)))
        else:
            name = "index.html" if path == "/" else path.lstrip("/")
            where = HERE / name if name in PAGE_FILES else LIB / name[4:] if name[4:] in LIB_FILES and name.startswith("lib/") else None
            if where is None or not where.exists():
                self._send(404, b"Niet gevonden.", "text/plain; charset=utf-8")
                return
            kind = mimetypes.guess_type(where.name)[0] or "application/octet-stream"
            self._send(200, where.read_bytes(), f"{kind}; charset=utf-8" if kind.startswith("text/") or kind.endswith("javascript") else kind)

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        self._answer("GET")

    def do_POST(self) -> None:  # noqa: N802
        if not self.path.startswith("/ows"):
            self._send(405, b"Alleen lezen.", "text/plain; charset=utf-8")
            return
        length = int(self.headers.get("Content-Length") or 0)
        self._answer("POST", self.rfile.read(length))



class AtlasServer(ThreadingHTTPServer):
    """The HTTP server of one atlas, a thread per request; `atlas` is set once the project is written (the port is
    taken first)."""
    daemon_threads = True
    request_queue_size = 128  # many browsers at once wait their turn instead of being refused
    atlas: Atlas


def make_server(port: int = 0, host: str = "127.0.0.1") -> AtlasServer:
    """The HTTP server (port 0: a free one; its address: server.server_address). A port in use: ValueError with the Dutch line."""
    try:
        return AtlasServer((host, port), _Handler)
    except OSError:
        raise ValueError(f"--port {port}: de poort is bezet of niet te gebruiken; kies een andere (0: een vrije).") from None


def serve(httpd: AtlasServer, store: Store, publiek: bool) -> None:
    """Write the project, say where the atlas is, answer until Ctrl+C or SIGTERM; the temporary project goes after."""
    httpd.atlas = served = Atlas(store, publiek=publiek)
    signal.signal(signal.SIGTERM, _stop)
    soort = "publieke atlas (alleen openbare locaties)" if publiek else "interne atlas"
    print(f"Atlas op http://127.0.0.1:{httpd.server_address[1]}/ ({soort}); stoppen met Ctrl+C", flush=True)
    threading.Thread(target=httpd.serve_forever, name="http", daemon=True).start()
    try:
        served.work()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.shutdown()
        httpd.server_close()
        served.close()


def _stop(*_) -> None:
    raise KeyboardInterrupt
