#!/usr/bin/env bash
# Publier un site Maillage sur n’importe quel hébergement accessible en SSH (rsync).
# Usage : DESTINATION=utilisateur@serveur:/var/www/coordos bash rsync.sh
# Le site n’est envoyé que s’il se construit sans erreur ; seuls les fichiers modifiés partent.
# Maillage s’installe une fois sur la machine, depuis son paquet Debian :
#   sudo apt install ./maillage_0.2.0_amd64.deb
set -euo pipefail
: "${DESTINATION:?indiquez DESTINATION=utilisateur@serveur:/chemin/du/site}"
MAILLAGE=${MAILLAGE:-maillage}

"$MAILLAGE" check --strict
"$MAILLAGE" build --strict
rsync --archive --delete --checksum --human-readable --itemize-changes site/ "$DESTINATION/"
