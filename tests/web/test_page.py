"""The page in a real headless browser (Debian's chromium through selenium): it loads, shows the map, lists the 12 wijken,
a click on a wijk shows the figures of `rollup --niveau wijk`, a click on the map a location's programme.
Screenshots in out/web/ (look at them)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time

import pytest

from almelo_atlas_plugin.core.store.open import open_store

from .conftest import ROOT, Served, _cli

webdriver = pytest.importorskip("selenium.webdriver")
OUT = ROOT / "out" / "web"


@pytest.fixture(scope="module")
def browser():
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    if not shutil.which("chromedriver"):
        pytest.skip("chromium-driver ontbreekt (make deps)")
    options = Options()
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,900", "--lang=nl"):
        options.add_argument(a)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    OUT.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def page_store(web_store, tmp_path_factory):
    """The page's own copy of the store and its own internal atlas: after this module's browsing, the session's shared
    internal server answered empty layers in the full run (not reproduced by hand; cause not found)."""
    path = tmp_path_factory.mktemp("pagina") / "atlas.gpkg"
    shutil.copy(web_store, path)
    return path


@pytest.fixture(scope="module")
def intern_page(page_store):
    served = Served(_cli("serve", str(page_store), "--port", "0"))
    try:
        yield served.wait()
    finally:
        served.stop()


def _until(check, seconds: float = 60.0, what: str = ""):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"niet op tijd: {what}")


def _map_drawn(driver) -> int:
    """Pixels with something drawn on the map's canvas (the WMS image arrived)."""
    return driver.execute_script("""
        const c = document.querySelector('#kaart canvas'); if (!c || !c.width) return 0;
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;
        for (let i = 3; i < d.length; i += 16) if (d[i] > 0) n++; return n;""")


def test_the_page_as_a_planner_uses_it(browser, intern_page, page_store):
    intern, web_store = intern_page, page_store
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    browser.get(intern.url + "/")
    buttons = _until(lambda: (b := browser.find_elements(By.CSS_SELECTOR, "#wijken button")) and len(b) == 13 and b,
                     what="de lijst van wijken")
    assert [b.text for b in buttons][0] == "Almelo (stad)"
    assert len({b.get_attribute("data-wijk") for b in buttons[1:]}) == 12
    _until(lambda: _map_drawn(browser) > 1000, what="de kaart")
    assert "peildatum: actueel" in browser.find_element(By.ID, "peildatum").text
    assert browser.find_elements(By.CSS_SELECTOR, "#legenda figure[data-laag=projecten] figcaption")[0].text.startswith("Bron: ")
    assert "REQUEST=GetPrint" in browser.find_element(By.ID, "agenda").get_attribute("href")
    browser.save_screenshot(str(OUT / "stad.png"))

    out = subprocess.run([sys.executable, "-m", "almelo_atlas_plugin", "rollup", str(web_store), "--niveau", "wijk",
                          "--format", "json"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    rollup = {w["wijk_code"]: w for w in json.loads(out)["wijken"]}
    code = "WK014110"
    next(b for b in buttons if b.get_attribute("data-wijk") == code).click()
    _until(lambda: browser.find_element(By.ID, "scope-titel").text == rollup[code]["naam"], what="de gekozen wijk")
    assert code not in browser.find_element(By.TAG_NAME, "body").text  # names, no CBS codes on the page
    cells = browser.find_elements(By.CSS_SELECTOR, "#figuren tr[data-figuur] td.getal")
    assert len(cells) >= 10
    for cell in cells:
        key = cell.find_element(By.XPATH, "..").get_attribute("data-figuur")
        assert float(cell.get_attribute("data-waarde")) == pytest.approx(rollup[code][key]), key
    texts = {c.find_element(By.XPATH, "..").get_attribute("data-figuur"): c.text for c in cells}
    assert texts["won_potentieel"] == f"{rollup[code]['won_potentieel']:,}".replace(",", ".")  # Dutch numbers
    assert "Binnenstad" in browser.find_element(By.ID, "agenda").text
    assert browser.find_elements(By.CSS_SELECTOR, "#doelen tbody tr")

    # a click on a project on the map: its programme
    store = open_store(web_store)
    names, geoms = store.read_geometries("projecten", key="naam")
    naam, geom = "Ontwikkeling Stadskade", dict(zip(names, geoms))["Ontwikkeling Stadskade"]
    p = geom.representative_point()
    browser.execute_script(f"state.map.getView().setCenter([{p.x}, {p.y}]); state.map.getView().setResolution(2);")
    time.sleep(1)
    kaart = browser.find_element(By.ID, "kaart")
    px = browser.execute_script(f"return state.map.getPixelFromCoordinate([{p.x}, {p.y}]);")
    ActionChains(browser).move_to_element_with_offset(kaart, int(px[0] - kaart.size["width"] / 2),
                                                      int(px[1] - kaart.size["height"] / 2)).click().perform()
    _until(lambda: browser.find_element(By.ID, "locatie").is_displayed(), what="het programma van de locatie")
    assert naam in browser.find_element(By.ID, "locatie-titel").text
    programma = browser.find_element(By.ID, "programma").text
    assert "Woningen totaal 160" in programma and "Opleverjaar 2028" in programma  # a year without a thousands dot
    _until(lambda: _map_drawn(browser) > 1000, what="de kaart na het inzoomen")
    browser.save_screenshot(str(OUT / "wijk_locatie.png"))


def test_the_public_page_says_so(browser, publiek):
    from selenium.webdriver.common.by import By

    browser.get(publiek.url + "/")
    _until(lambda: browser.find_element(By.ID, "publiek").is_displayed(), what="de melding publieke versie")
    _until(lambda: _map_drawn(browser) > 1000, what="de kaart")
    browser.set_window_size(820, 1100)  # a tablet
    time.sleep(1)
    browser.save_screenshot(str(OUT / "publiek_tablet.png"))


def _view(driver):
    return driver.execute_script("return state.map.getView().calculateExtent(state.map.getSize());")


@pytest.mark.parametrize("naam,size", [("laptop", (1366, 768)), ("tablet_liggend", (1024, 768)), ("tablet_staand", (768, 1024))])
def test_a_chosen_wijk_fills_the_map_on_a_laptop_and_a_tablet(browser, intern_page, naam, size):
    """#17: a wijk chosen in the list (or by a click on the map) brings the map to that wijk; back to the stad with
    "Almelo (stad)". Screenshots per screen size in out/web/ (looked at: Dutch, no codes, the licence line on the map)."""
    from selenium.webdriver.common.by import By

    browser.set_window_size(*size)
    browser.get(intern_page.url + "/")
    buttons = _until(lambda: (b := browser.find_elements(By.CSS_SELECTOR, "#wijken button")) and len(b) == 13 and b,
                     what="de lijst van wijken")
    _until(lambda: _map_drawn(browser) > 1000, what="de kaart")
    info = json.loads(browser.execute_script("return JSON.stringify(state.atlas);"))
    stad = _view(browser)
    bron = browser.find_element(By.CSS_SELECTOR, "#kaart .ol-attribution").text
    assert "Kadaster / CBS" in bron and "synthetisch (voorbeeld)" in bron, bron  # the sample says it is one
    code = "WK014110"
    next(b for b in buttons if b.get_attribute("data-wijk") == code).click()
    x0, y0, x1, y1 = info["wijken"][code]

    def on_the_wijk():
        v = _view(browser)
        return v[0] <= x0 and v[1] <= y0 and v[2] >= x1 and v[3] >= y1 and (v[2] - v[0]) < (stad[2] - stad[0]) / 2
    _until(on_the_wijk, seconds=10, what="de kaart op de gekozen wijk")
    time.sleep(1)
    _until(lambda: _map_drawn(browser) > 1000, what="de kaart van de wijk")
    browser.save_screenshot(str(OUT / f"{naam}_wijk.png"))
    buttons[0].click()
    _until(lambda: (_view(browser)[2] - _view(browser)[0]) >= (stad[2] - stad[0]) * 0.9, seconds=10, what="terug naar de stad")
    if naam == "laptop":
        browser.save_screenshot(str(OUT / f"{naam}_stad.png"))
