"""PostGIS stores through the connections saved in QGIS (Browser → PostgreSQL).

Credentials come only from QGIS's authentication database (authcfg) or a pg_service file, and stay in
memory: layers get the authcfg, never a password; a connection that keeps a plain password in the
QGIS settings is refused with the way to fix it.
"""

from __future__ import annotations

from typing import List, Optional

from qgis.core import QgsApplication, QgsAuthMethodConfig, QgsDataSourceUri, QgsProviderRegistry

from .base import CONNECTION_PREFIX, StoreError
from .postgis import PostgisStore, open_pg_store


def saved_connections() -> List[str]:
    md = QgsProviderRegistry.instance().providerMetadata("postgres")
    return sorted(md.connections().keys()) if md is not None else []


def _quote(v: str) -> str:
    return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'"


def open_connection(name: str, schema: str = "atlas", migrate: Optional[bool] = True) -> PostgisStore:
    """The store in `schema` of the saved QGIS connection `name` (migrate: as for `open_pg_store`)."""
    md = QgsProviderRegistry.instance().providerMetadata("postgres")
    conns = md.connections() if md is not None else {}
    if name not in conns:
        raise StoreError(f"PostGIS-verbinding '{name}' bestaat niet in QGIS; bekend zijn: {', '.join(sorted(conns)) or 'geen'}.")
    uri = QgsDataSourceUri(conns[name].uri())
    if uri.password():
        raise StoreError(f"PostGIS-verbinding '{name}' bewaart een wachtwoord in de QGIS-instellingen; leg het vast in een "
                         "authenticatieconfiguratie (authcfg) of een pg_service-bestand en open de store opnieuw.")
    keys = {"service": uri.service(), "host": uri.host(), "port": uri.port(), "dbname": uri.database(), "user": uri.username()}
    password = None
    if uri.authConfigId():
        cfg = QgsAuthMethodConfig()
        res = QgsApplication.authManager().loadAuthenticationConfig(uri.authConfigId(), cfg, True)
        if isinstance(res, tuple):  # some QGIS versions return (ok, config)
            res, cfg = res
        if not res:
            raise StoreError(f"PostGIS-verbinding '{name}': authenticatieconfiguratie {uri.authConfigId()} kan niet worden gelezen "
                             "(hoofdwachtwoord van QGIS niet ingevoerd?).")
        keys["user"] = cfg.config("username") or keys["user"]
        password = cfg.config("password") or None
    dsn = " ".join(f"{k}={_quote(str(v))}" for k, v in keys.items() if v)
    conninfo = QgsDataSourceUri(conns[name].uri())
    conninfo.setPassword("")
    store = PostgisStore.from_connection(name, dsn, schema, password, conninfo.connectionInfo(False))
    return open_pg_store(store, migrate=migrate)


def open_token(token: str, migrate: Optional[bool] = True) -> PostgisStore:
    """'verbinding:NAME?schema=atlas' (as kept in the recent list) → the store."""
    rest = token[len(CONNECTION_PREFIX):]
    name, _, query = rest.partition("?schema=")
    return open_connection(name, query or "atlas", migrate)


__all__ = ["saved_connections", "open_connection", "open_token"]
