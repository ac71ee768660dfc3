"""Run inside the real QGIS desktop by tools/bench_schaal_qgis.py (qgis --code): open stores in the dock as a user does
(the dock's open_path, what the file dialog calls), time until the stad view is drawn and the figures are shown, time
the dock's agenda action, render each visible layer alone (which layer costs what), save screenshots; results in
OUT/result.json. Configuration: the environment variable ATLAS_BENCH_QGIS (JSON: stores, agenda, out, profiel)."""

import cProfile
import io
import json
import os
import pstats
import time
import traceback
from pathlib import Path

from qgis.core import QgsApplication, QgsMapRendererSequentialJob
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtTest import QTest
from qgis.utils import iface, plugins

CONFIG = json.loads(os.environ["ATLAS_BENCH_QGIS"])
OUT = Path(CONFIG["out"])
result = {"open": [], "errors": []}


def save() -> None:
    tmp = OUT / "result.json.tmp"
    tmp.write_text(json.dumps(result, indent=1), encoding="utf-8")
    tmp.replace(OUT / "result.json")


def clock():
    return time.perf_counter(), time.process_time()


def quiet_canvas(refreshed, quiet=1.5, timeout=180.0) -> None:
    """Until the map has drawn at least once since `refreshed` was emptied and stayed still for `quiet` seconds."""
    canvas = iface.mapCanvas()
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        QTest.qWait(20)
        if refreshed and not canvas.isDrawing() and time.perf_counter() - refreshed[-1][0] > quiet:
            return


def layer_costs() -> list:
    """Each visible layer of the map drawn alone at the current view, ms (a sequential job, as the canvas draws it)."""
    canvas = iface.mapCanvas()
    out = []
    for lyr in canvas.layers():
        settings = canvas.mapSettings()
        settings.setLayers([lyr])
        job = QgsMapRendererSequentialJob(settings)
        t = time.perf_counter()
        job.start()
        job.waitForFinished()
        out.append({"laag": lyr.name(), "ms": round((time.perf_counter() - t) * 1000, 1),
                    "objecten": lyr.featureCount() if hasattr(lyr, "featureCount") and lyr.providerType() != "virtual" else None})
    return sorted(out, key=lambda r: -r["ms"])


def figures_shown(dock) -> dict:
    """What the dock shows: its title and the number of rows in its figures tables."""
    from qgis.PyQt.QtWidgets import QAbstractItemView, QLabel

    views = [v for v in dock.panel.findChildren(QAbstractItemView) if v.isVisible() and v.model() is not None]
    rows = sum(v.model().rowCount() for v in views)
    titles = [x.text() for x in dock.panel.findChildren(QLabel) if x.isVisible() and x.text()][:1]
    return {"rijen": rows, "titel": titles[0] if titles else ""}


def open_store(dock, path: str, name: str) -> None:
    canvas = iface.mapCanvas()
    refreshed = []
    watch = lambda: refreshed.append(clock())  # noqa: E731
    canvas.mapCanvasRefreshed.connect(watch)
    prof = cProfile.Profile() if CONFIG.get("profiel") else None
    t0, c0 = clock()
    if prof:
        prof.enable()
    ok = dock.open_path(path)
    if prof:
        prof.disable()
    t1, c1 = clock()
    QTest.qWait(0)
    t2, c2 = clock()
    figures = figures_shown(dock)
    chart = dock.chart
    while chart is not None and getattr(chart, "_pending", None) is not None and time.perf_counter() - t0 < 120:
        QTest.qWait(10)  # the chart per year is drawn once Qt is idle
    t3, c3 = clock()
    quiet_canvas(refreshed)
    canvas.mapCanvasRefreshed.disconnect(watch)
    drawn = refreshed[-1] if refreshed else (float("nan"), float("nan"))
    r = {"store": path, "ok": bool(ok), "open_s": t1 - t0, "open_cpu_s": c1 - c0, "figures_s": t2 - t0, "figures_cpu_s": c2 - c0,
         "chart_s": t3 - t0, "chart_cpu_s": c3 - c0,
         "drawn_s": drawn[0] - t0, "drawn_cpu_s": drawn[1] - c0, "refreshes": len(refreshed), "figures": figures,
         "zichtbaar": [x.name() for x in canvas.layers()], "extent": canvas.extent().toString(0)}
    if prof:
        s = io.StringIO()
        pstats.Stats(prof, stream=s).sort_stats("cumulative").print_stats(40)
        (OUT / f"profiel_{name}.txt").write_text(s.getvalue(), encoding="utf-8")
    iface.mainWindow().grab().save(str(OUT / f"stad_{name}.png"))
    dock.grab().save(str(OUT / f"dock_{name}.png"))
    r["lagen_ms"] = layer_costs()
    result["open"].append(r)
    save()


def agenda(dock, name: str) -> None:
    target = str(OUT / f"agenda_{name}.pdf")
    t0, c0 = clock()
    info = dock.export_agenda(target)
    t1, c1 = clock()
    result["agenda"] = {"store": dock.controller.store.path.name, "s": t1 - t0, "cpu_s": c1 - c0, "pdf": target,
                        "pages": getattr(info, "pages", None), "summary": getattr(info, "summary", None)}
    save()


def run() -> None:
    try:
        p = plugins["almelo_atlas_plugin"]
        p.show_dock(True)
        QTest.qWait(500)
        dock = p.dock
        for path in CONFIG["stores"]:
            open_store(dock, path, Path(path).stem)
        if CONFIG.get("agenda"):
            if dock.controller.store is None or str(dock.controller.store.path) != CONFIG["agenda"]:
                open_store(dock, CONFIG["agenda"], Path(CONFIG["agenda"]).stem)
            agenda(dock, Path(CONFIG["agenda"]).stem)
        dock.controller.close()
    except Exception:
        result["errors"].append(traceback.format_exc())
    result["einde"] = True
    save()
    QgsApplication.exit(0)


QTimer.singleShot(1500, run)
