"""Translations: `update` merges the tr() strings of the code into i18n/*.ts (keeping translations);
`check` fails when a string has no English translation. `.qm` files are built by lrelease (make)."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Dict, List, Tuple

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "almelo_atlas_plugin"
I18N = PKG / "i18n"
LANGS = {"nl": "nl_NL", "en": "en_GB"}
# every module defines its own tr() with one context
CONTEXT_RX = re.compile(r'QCoreApplication\.translate\("([A-Za-z]+)", text\)')
TR_RX = re.compile(r'\btr\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+)[,)]', re.S)
PIECE_RX = re.compile(r'"((?:[^"\\]|\\.)*)"')


def extract() -> Dict[str, List[str]]:
    out: Dict[str, List[str]] = {}
    for path in sorted(PKG.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        m = CONTEXT_RX.search(text)
        imported = re.search(r"from \.(\w+) import [^\n]*\btr\b", text)
        if m:
            ctx = m.group(1)
        elif imported:  # tr() imported from a sibling module: that module's context
            sib = CONTEXT_RX.search((path.parent / f"{imported.group(1)}.py").read_text(encoding="utf-8"))
            if not sib:
                continue
            ctx = sib.group(1)
        else:
            continue
        for tm in TR_RX.finditer(text):
            source = "".join(bytes(p, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
                             for p in PIECE_RX.findall(tm.group(1)))
            lst = out.setdefault(ctx, [])
            if source not in lst:
                lst.append(source)
    for ctx, source in ui_strings():
        lst = out.setdefault(ctx, [])
        if source not in lst:
            lst.append(source)
    return out


def ui_strings() -> List[Tuple[str, str]]:
    """The texts of the Designer forms (*.ui): context = the form's class name, as uic's retranslateUi asks for them."""
    out = []
    for path in sorted(PKG.rglob("*.ui")):
        root = ET.parse(path).getroot()
        ctx = root.findtext("class")
        for el in root.iter("string"):
            if el.get("notr") != "true" and el.text:
                out.append((ctx, el.text))
    return out


def read_ts(path: Path) -> Dict[Tuple[str, str], str]:
    if not path.exists():
        return {}
    tree = ET.parse(path)
    out = {}
    for ctx in tree.getroot().iter("context"):
        name = ctx.findtext("name")
        for msg in ctx.iter("message"):
            tr_el = msg.find("translation")
            out[(name, msg.findtext("source"))] = (tr_el.text or "") if tr_el is not None else ""
    return out


def write_ts(path: Path, lang: str, strings: Dict[str, List[str]], old: Dict[Tuple[str, str], str]) -> None:
    root = ET.Element("TS", version="2.1", language=LANGS[lang])
    for ctx in sorted(strings):
        c = ET.SubElement(root, "context")
        ET.SubElement(c, "name").text = ctx
        for src in strings[ctx]:
            m = ET.SubElement(c, "message")
            ET.SubElement(m, "source").text = src
            t = ET.SubElement(m, "translation")
            if lang == "nl":
                t.text = src  # the source language
            elif old.get((ctx, src)):
                t.text = old[(ctx, src)]
            else:
                t.set("type", "unfinished")
    ET.indent(root)
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + ET.tostring(root, encoding="unicode") + "\n",
                    encoding="utf-8")


def main(argv: List[str]) -> int:
    cmd = argv[1] if len(argv) > 1 else "update"
    strings = extract()
    I18N.mkdir(exist_ok=True)
    if cmd == "update":
        for lang in LANGS:
            path = I18N / f"almelo_atlas_{lang}.ts"
            write_ts(path, lang, strings, read_ts(path))
        print(f"{sum(len(v) for v in strings.values())} teksten in {', '.join(LANGS)}")
        return 0
    if cmd == "check":
        en = read_ts(I18N / "almelo_atlas_en.ts")
        missing = [(c, s) for c, lst in strings.items() for s in lst if not en.get((c, s))]
        for c, s in missing:
            print(f"zonder Engelse vertaling: [{c}] {s}")
        return 1 if missing else 0
    print("gebruik: i18n.py update|check")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
