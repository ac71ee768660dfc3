"""Almelo Atlas stadsontwikkeling — QGIS plugin. Only classFactory here; everything else loads lazily."""


def classFactory(iface):  # noqa: N802 (QGIS API name)
    from .plugin import AlmeloAtlasPlugin

    return AlmeloAtlasPlugin(iface)
