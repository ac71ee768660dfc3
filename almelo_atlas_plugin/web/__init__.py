"""The web atlas: QGIS Server in-process, the page (index.html, app.js, style.css) and its vendored map library."""
