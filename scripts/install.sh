#!/usr/bin/env bash
# Installs what Maillage needs on Debian 12 (idempotent), builds it in release mode,
# and builds the repository's own site into site/.
set -euo pipefail
cd "$(dirname "$0")/.."

# pandoc and LibreOffice (headless) are for `maillage importer` only: Word, ODT, .doc, decks.
packages=(pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev libvips-dev libpoppler-glib-dev zlib1g-dev
          pandoc libreoffice-writer-nogui libreoffice-impress-nogui)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> apt-get install ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if ! command -v swift >/dev/null 2>&1; then
  echo "Swift est introuvable : installez Swift 6 (https://www.swift.org/install/linux/) puis relancez." >&2
  exit 1
fi

echo "==> swift build -c release"
swift build -c release --product maillage

echo "==> maillage build (site du dépôt)"
.build/release/maillage build --source .
