#!/usr/bin/env bash
# Install the Debian packages the project needs, only those missing (idempotent, quick when present).
set -euo pipefail
PKGS=(make qgis python3-qgis qgis-providers python3-gdal python3-pandas python3-shapely python3-openpyxl
      python3-matplotlib python3-venv python3-pip python3-psycopg2 xvfb xauth poppler-utils postgresql postgresql-postgis
      qttools5-dev-tools
      qgis-server spawn-fcgi nginx chromium chromium-driver python3-selenium)  # serve (#17): QGIS Server, FastCGI, the page's browser tests
missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# npm vendors the web page's map library (`make web`); a Node.js of its own (with npm) counts too
if ! command -v npm >/dev/null 2>&1; then missing+=(npm); fi
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Debian-pakketten installeren: ${missing[*]}"
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
