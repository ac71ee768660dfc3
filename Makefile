# Almelo Atlas stadsontwikkeling — the two commands: `make demo` and `make test`.
SHELL := /bin/bash
PY_SYS := /usr/bin/python3
VENV := .venv
PY := $(VENV)/bin/python
SAMPLE := sample_gpkg/almelo_sample.gpkg
CLI := $(PY) -m almelo_atlas_plugin
LRELEASE = $(shell command -v lrelease || ls /usr/lib/qt5/bin/lrelease /usr/lib/qt6/bin/lrelease 2>/dev/null | head -1)
TS := $(wildcard almelo_atlas_plugin/i18n/*.ts)
QM := $(TS:.ts=.qm)
export QT_QPA_PLATFORM ?= offscreen
export PYTHONDONTWRITEBYTECODE := 1
# Debian's numpy is the only numpy (see DESIGN.md §7)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: deps venv translations demo demo-postgis test unit lint sample styles layouts package repo qgis smoke handleiding-img bench clean web web-productie

deps:
	@tools/deps.sh

$(VENV)/.ok: requirements-dev.txt
	@test -x $(PY) || $(PY_SYS) -m venv --system-site-packages $(VENV)
	$(PY) -m pip install -q -r requirements-dev.txt
	@$(PY) -c "import numpy, qgis.core, osgeo; assert int(numpy.__version__.split('.')[0]) < 2 or numpy.__file__.startswith('/usr/'), numpy.__file__"
	@touch $@

venv: deps $(VENV)/.ok translations

# compiled translations (.ts sources are committed)
translations: $(QM)
%.qm: %.ts
	$(LRELEASE) -silent $< -qm $@

$(SAMPLE): | venv
	$(CLI) sample $(SAMPLE)

sample: venv
	$(CLI) sample $(SAMPLE) --overschrijven

demo: venv $(SAMPLE)
	$(CLI) validate $(SAMPLE)
	$(CLI) rollup $(SAMPLE) --niveau stad
	$(CLI) rollup $(SAMPLE) --niveau wijk
	@mkdir -p out
	$(CLI) agenda $(SAMPLE) -o out/agenda.pdf --xlsx out/atlas.xlsx
	@echo "Agenda: $(CURDIR)/out/agenda.pdf  Cijfers: $(CURDIR)/out/atlas.xlsx"

demo-postgis: venv $(SAMPLE)
	$(PY) tools/demo_postgis.py

layouts: venv
	$(PY) tools/make_layouts.py

lint: venv
	$(PY) -m ruff check almelo_atlas_plugin tests tools
	$(PY) tools/qt6_check.py
	$(PY) tools/i18n.py check

# TRACKED: a fingerprint of the tracked files; `make test` must leave it as it found it
TRACKED = { git diff HEAD --binary; git ls-files --deleted; } | sha1sum
test: venv web
	@mkdir -p out && $(TRACKED) > out/tracked_voor.txt
	$(MAKE) --no-print-directory lint
	$(PY) -m pytest tests -p no:cacheprovider
	$(MAKE) --no-print-directory smoke
	@$(TRACKED) | cmp -s - out/tracked_voor.txt || { git status --short --untracked-files=no; \
	    echo "make test heeft bestanden onder versiebeheer gewijzigd (zie hierboven)"; exit 1; }

# the real QGIS desktop under Xvfb, the packaged zip in a fresh profile; fails on any Python error
smoke: venv
	rm -rf out/smoke && mkdir -p out/smoke
	env -u QT_QPA_PLATFORM xvfb-run -a -s "-screen 0 1600x1000x24" $(PY) tools/run_qgis.py --profile-root out/smoke/profiel \
	    --screenshot out/smoke/atlas.png --wijk WK014116 --quit
	@echo "Schermafdruk: out/smoke/atlas.png"

# the user guide's screenshots (docs/img), from the real QGIS; on purpose only, never by `make test`
handleiding-img: venv
	rm -rf out/handleiding && mkdir -p out/handleiding
	env -u QT_QPA_PLATFORM xvfb-run -a -s "-screen 0 1600x1000x24" $(PY) tools/run_qgis.py --profile-root out/handleiding/profiel \
	    --screenshot out/handleiding/atlas.png --wijk WK014116 --guide docs/img --quit

package: venv web
	$(PY) tools/package.py

repo: venv
	$(PY) tools/package.py --repo

qgis: venv $(SAMPLE) package
	$(PY_SYS) tools/run_qgis.py --sample $(SAMPLE)

bench: venv web
	$(PY) tools/bench.py
	$(PY) tools/bench_ep_online.py
	$(PY) tools/bench_web.py
	$(PY) tools/bench_postgis.py
	$(PY) tools/bench_bag.py
	$(PY) tools/bench_speed.py --groot
	$(PY) tools/bench_schaal_qgis.py

clean:
	rm -rf dist out .pytest_cache

# the web page's map library (OpenLayers, npm package `ol`, pinned): fetched from the npm registry into an untracked
# folder; `make package` puts it in the zip, so `serve` from an installed plugin shows the map
OL_VERSION := 10.11.0
WEB_LIB := almelo_atlas_plugin/web/lib
web: $(WEB_LIB)/ol.js
$(WEB_LIB)/ol.js:
	rm -rf out/ol && mkdir -p out/ol $(WEB_LIB)
	cd out/ol && npm pack --silent ol@$(OL_VERSION) >/dev/null
	tar -xzf out/ol/ol-$(OL_VERSION).tgz -C out/ol
	cp out/ol/package/ol.css $(WEB_LIB)/ && cp out/ol/package/LICENSE.md $(WEB_LIB)/OpenLayers-LICENSE.md
	cp out/ol/package/dist/ol.js $(WEB_LIB)/ol.js.tmp && mv $(WEB_LIB)/ol.js.tmp $(WEB_LIB)/ol.js

# the production set-up on localhost: nginx in front, QGIS Server as FastCGI (spawn-fcgi), the sample's project
# (PUBLIEK=1: the public atlas); then its test. Stops what it started.
web-productie: venv web $(SAMPLE)
	$(PY) -m pytest tests/web/test_productie.py -p no:cacheprovider -q

styles: venv
	$(PY) tools/make_styles.py
