"""Almelo Atlas stadsontwikkeling — QGIS plugin. Only classFactory (and serverClassFactory) here; everything else loads lazily."""


def classFactory(iface):  # noqa: N802 (QGIS API name)
    from .plugin import AlmeloAtlasPlugin

    return AlmeloAtlasPlugin(iface)


def serverClassFactory(server_iface):  # noqa: N802 (QGIS Server API name)
    """QGIS Server (FastCGI, `serve` behind a web server): the atlas's access-control filter (DESIGN.md §9)."""
    from .web.server import ServerPlugin

    return ServerPlugin(server_iface)
