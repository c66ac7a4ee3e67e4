#!/usr/bin/env bash
# Runs every test: Swift Testing (unit, inline sites, fixture sites, fuzzing), then the
# acceptance checker (W3C Nu, links, axe-core in Chromium, weight, feeds) on the repository's
# site, on the good fixture sites and on a generated corpus of the benchmark kit, then the
# project's own checks (CLI, privacy, serve, killed and concurrent builds, XSS, external
# links, screenshots kept in artefacts/screenshots/).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
shared=${MAILLAGE_SHARED:-$root/../shared}
if [ ! -d "$shared/acceptance" ]; then
  echo "shared/ introuvable ($shared) : indiquez-le avec MAILLAGE_SHARED=/chemin/vers/shared" >&2
  exit 2
fi

bash scripts/install.sh
# The hostile-content check makes a 20000 x 20000 JPEG with libvips' command-line tool; the
# questions on documents read the PDFs' text with pdftotext (poppler-utils).
for tool in libvips-tools poppler-utils; do
  if ! dpkg -s "$tool" >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "$tool" >/dev/null \
      || { $SUDO apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "$tool" >/dev/null; }
  fi
done
install_log=$(mktemp /tmp/maillage-acceptance-install.XXXXXX)
bash "$shared/acceptance/install.sh" >"$install_log" 2>&1 || { cat "$install_log"; exit 1; }
rm -f "$install_log"

# Logs in a folder of this run: several worktrees may run their tests at the same time.
work=$(mktemp -d /tmp/maillage-test.XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "==> swift test"
swift test 2>&1 | tee "$work/swift-test.log" | grep -Ev "^\[[0-9]+/[0-9]+\]|^(Building|Compiling|Write|Linking|Planning)" || true
if ! grep -Eq "Test run with [0-9]+ tests? in [0-9]+ suites? passed" "$work/swift-test.log"; then
  tail -40 "$work/swift-test.log"
  echo "swift test a échoué" >&2
  exit 1
fi

maillage=$root/.build/release/maillage
status=0

check() {  # check NAME SITE_DIR [OPTIONS…]
  echo "==> check_site.py: $1"
  python3 "$shared/acceptance/check_site.py" "$2" --a11y-pages 30 --json "$work/$1.json" "${@:3}" \
    | grep -E "^FAIL|^  [a-z0-9]+ +[0-9]+ ok|passed, [0-9]+ failed" || status=1
}

echo "==> site du dépôt"
"$maillage" build --source "$root" --strict --quiet
check depot "$root/site" --search-queries "$root/Tests/Fixtures/search/queries-depot.tsv"

fixtures=()
for fixture in Tests/Fixtures/good/*/; do
  [ -f "$fixture/maillage.yaml" ] || continue
  name=$(basename "$fixture")
  echo "==> fixture good/$name"
  cp -r "$fixture" "$work/$name"
  "$maillage" build --source "$work/$name" --quiet --build-date 2026-11-23
  check "fixture-$name" "$work/$name/site"
  fixtures+=("$work/$name")
done

echo "==> corpus du banc d'essai (1 000 pages : listes de plus de 7 pages, plus de 40 structures)"
python3 "$shared/bench/gen_corpus.py" --pages 1000 --out "$work/corpus" >/dev/null
"$maillage" build --source "$work/corpus" --quiet
check corpus "$work/corpus/site"
echo "==> listes longues : fenêtre de numéros de pages, filtres abrégés (axe-core, 1280 et 360 px)"
python3 scripts/long_lists_check.py "$work/corpus/site" "$shared" | grep -E "^FAIL|passed, [0-9]+ failed" || status=1

echo "==> ligne de commande (codes de sortie, check --format github, new, init)"
python3 scripts/cli_check.py "$maillage" || status=1

echo "==> recettes de publication (examples/ci)"
python3 scripts/recipes_check.py "$maillage" || status=1

echo "==> recherche : client JavaScript (node --test, mêmes vecteurs d'analyse que Swift)"
if node --test Tests/search/ >"$work/node-test.log" 2>&1; then
  grep -E "^# (pass|fail)" "$work/node-test.log"
else
  grep -E "^not ok|^# (pass|fail)" "$work/node-test.log"; echo "FAIL node --test Tests/search/"; status=1
fi

echo "==> recherche dans les PDF : questions dont les mots ne sont que dans un document joint"
python3 scripts/documents_questions.py "$work/corpus" "$work/questions-documents-corpus.tsv" || status=1
python3 scripts/documents_only_check.py "$maillage" "$root" Tests/Fixtures/search/questions-documents-depot.tsv \
  "$work/corpus" "$work/questions-documents-corpus.tsv" || status=1

echo "==> recherche dans Chromium : mêmes résultats que maillage search, et Pagefind en regard"
python3 scripts/search_check.py "$maillage" "$shared" "$root" Tests/Fixtures/search/queries-depot.tsv \
  "$work/annuaire" Tests/Fixtures/search/queries-annuaire.tsv \
  "$root" Tests/Fixtures/search/questions-depot.tsv "$work/annuaire" Tests/Fixtures/search/questions-annuaire.tsv \
  "$root" Tests/Fixtures/search/questions-documents-depot.tsv "$work/corpus" "$work/questions-documents-corpus.tsv" \
  --pagefind --markdown "$root/artefacts/search-vs-pagefind.md" || status=1

echo "==> atelier sous charge (20 personnes, 10 s, corpus de 1 000 pages) : 0 erreur, chaque enregistrement un commit"
python3 benchmarks/atelier_load.py "$maillage" --shared "$shared" --seconds 10 | grep -E "^\| (enregistrements|erreurs|enregistrement \(POST\)|commits)|^FAIL|^ok$" || status=1

echo "==> atelier dans Chromium, à 1280 et 360 px : rédacteur et éditeur, séances, flyer, aperçu, publication, clone --strict, scripts, conflit, axe"
"${ACCEPTANCE_VENV:-/tmp/maillage-acceptance-venv}/bin/python" scripts/atelier_check.py "$maillage" "$shared" | grep -E "^FAIL|passed, [0-9]+ failed|dropped" || status=1

echo "==> maillage serve dans Chromium"
python3 scripts/serve_check.py "$maillage" "$shared" || status=1

echo "==> maillage serve sous attaque (2 000 connexions tenues, têtes de 1 Mo, Host, HEAD, délais)"
python3 scripts/serve_attack_check.py "$maillage" || status=1

echo "==> arbres d'orientation dans Chromium (sans JavaScript : liens ; avec : clavier)"
python3 scripts/orientation_check.py "$root/site" "$shared" || status=1

echo "==> confidentialité et brouillons"
python3 scripts/privacy_check.py "$root" "${fixtures[@]}" "$work/corpus" || status=1

echo "==> constructions tuées, simultanées, reproductibles"
python3 scripts/trust_check.py "$maillage" "$shared" || status=1

echo "==> contenu hostile : adresses réservées, types actifs, liens symboliques, calendriers, temps linéaire, images et PDF, noms, messages"
"${ACCEPTANCE_VENV:-/tmp/maillage-acceptance-venv}/bin/python" scripts/hostile_check.py "$maillage" | grep -E "^FAIL|passed, [0-9]+ failed" || status=1

echo "==> contenu piégé (scripts, javascript:) dans Chromium"
python3 scripts/xss_check.py "$maillage" "$shared" || status=1

echo "==> maillage check --external (serveur local)"
python3 scripts/external_check.py "$maillage" || status=1

echo "==> paquet Debian : fabriqué (runtime Swift inclus), lintian, puis installé et utilisé sur un Debian 12 nu"
if bash scripts/package.sh 2>&1 | grep -E "^==> dist/|^Depends:|^[EW]: |a échoué|erreurs"; then
  deb=$(ls dist/maillage_*_amd64.deb | head -1)
  if [ "$(id -u)" -eq 0 ]; then
    python3 scripts/package_check.py "$deb" "$shared" "$root" || status=1
  else
    echo "essai sur un Debian 12 nu sauté : debootstrap et chroot demandent d’être root (lancez scripts/test.sh en root)"
  fi
else
  echo "FAIL scripts/package.sh"; status=1
fi

echo "==> captures d’écran et accessibilité visuelle (site du dépôt)"
python3 scripts/screenshots.py "$root/site" "$shared" "$root/artefacts/screenshots" || status=1
exit $status
