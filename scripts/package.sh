#!/usr/bin/env bash
# Builds the Debian package of Maillage: dist/maillage_<version>_amd64.deb.
#   bash scripts/package.sh            # builds, then checks it with lintian
#
# The binary carries its Swift runtime (--static-swift-stdlib): it runs on a Debian 12 machine
# without Swift, needing only Debian's own libraries, which the package's Depends: lists as
# dpkg-shlibdeps computes them from what the binary really links. The package also holds the
# man pages of every command (swift-argument-parser's manual generator), bash, zsh and fish
# completions, and the French guides in /usr/share/doc/maillage/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

say() { echo "==> $*"; }

# What the packaging needs, from Debian (idempotent).
needed=(dpkg-dev lintian)
missing=()
for p in "${needed[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  say "apt-get install ${missing[*]}"
  $SUDO apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

version=$(sed -n 's/^ *static let version = "\(.*\)"$/\1/p' Sources/maillage/BuildInfo.swift)
commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo "")
[ -n "$version" ] || { echo "version introuvable dans Sources/maillage/BuildInfo.swift" >&2; exit 1; }

# The commit goes into `maillage --version` for the time of this build only.
info=Sources/maillage/BuildInfo.swift
backup=$(mktemp)
cp "$info" "$backup"
restore() { cp "$backup" "$info"; rm -f "$backup"; }
trap restore EXIT
if [ -n "$commit" ]; then
  sed -i "s/^    static let commit: String? = nil$/    static let commit: String? = \"$commit\"/" "$info"
fi
say "swift build -c release --static-swift-stdlib (commit ${commit:-inconnu})"
swift build -c release --product maillage --static-swift-stdlib --scratch-path .build/static 2>&1 \
  | grep -Ev "^\[[0-9]+/[0-9]+\]|^(Building|Compiling|Write|Linking|Planning)" || true
restore
trap - EXIT
binary=.build/static/release/maillage
[ -x "$binary" ] || { echo "la compilation a échoué" >&2; exit 1; }

# Nothing from the Swift toolchain may be loaded at run time.
if ldd "$binary" | grep -Eq "swift|not found"; then
  ldd "$binary" >&2
  echo "le binaire charge encore une bibliothèque de Swift" >&2
  exit 1
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
package=$stage/maillage
install -d "$package/DEBIAN" "$package/usr/bin"
install -m 0755 "$binary" "$package/usr/bin/maillage"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$package/usr/bin/maillage"
tool=$package/usr/bin/maillage

say "pages de manuel"
swift build --package-path .build/static/checkouts/swift-argument-parser --scratch-path .build/manual-tool \
  --product generate-manual -c release 2>&1 | grep -E "error:" || true
mkdir -p "$package/usr/share/man/man1"
# The date of the last commit: the same pages from the same sources.
date=$(git log -1 --format=%cs 2>/dev/null || date -u +%F)
python3 scripts/manpages.py .build/manual-tool/release/generate-manual "$tool" "$date" "$package/usr/share/man/man1" >/dev/null

say "complétions"
install -d "$package/usr/share/bash-completion/completions" "$package/usr/share/zsh/vendor-completions" \
  "$package/usr/share/fish/vendor_completions.d"
# Sourced by bash-completion, not run: no #! line.
"$tool" --generate-completion-script bash | sed '1{/^#!/d}' > "$package/usr/share/bash-completion/completions/maillage"
"$tool" --generate-completion-script zsh > "$package/usr/share/zsh/vendor-completions/_maillage"
"$tool" --generate-completion-script fish > "$package/usr/share/fish/vendor_completions.d/maillage.fish"

say "documentation"
doc=$package/usr/share/doc/maillage
install -d "$doc"
install -m 0644 packaging/copyright "$doc/copyright"
gzip -9n < packaging/changelog > "$doc/changelog.gz"
for guide in docs/contenu.md docs/guide.md docs/publication.md docs/recherche.md docs/theme.md; do
  gzip -9n < "$guide" > "$doc/$(basename "$guide").gz"
done
gzip -9n < README.md > "$doc/README.md.gz"

# Yams compiles its own copy of libyaml into the binary (its CYaml target): Debian's libyaml
# cannot replace it without changing Yams. Said to lintian, with the reason.
install -d "$package/usr/share/lintian/overrides"
printf '%s\n' "# Yams 6.2.2, the YAML library of Maillage, builds its own copy of libyaml, linked statically." \
  "maillage: embedded-library libyaml [usr/bin/maillage]" > "$package/usr/share/lintian/overrides/maillage"

say "dépendances (dpkg-shlibdeps)"
mkdir -p "$stage/shlibs/debian"
printf 'Source: maillage\n\nPackage: maillage\nArchitecture: amd64\n' > "$stage/shlibs/debian/control"
depends=$(cd "$stage/shlibs" && dpkg-shlibdeps -O -e "$tool" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "dpkg-shlibdeps n’a rien trouvé" >&2; exit 1; }

size=$(du -k -s --exclude=DEBIAN "$package" | cut -f1)
cat > "$package/DEBIAN/control" <<EOF
Package: maillage
Version: $version
Architecture: amd64
Maintainer: Maillage <maintainers@maillage.invalid>
Installed-Size: $size
Depends: $depends
Suggests: pandoc, libreoffice-writer-nogui, libreoffice-impress-nogui
Section: web
Priority: optional
Homepage: https://maillage.invalid/
Description: static site generator for health-coordination networks
 Maillage publishes the site of a health-coordination network (CPTS, DAC,
 CLIC, gerontology networks) from Markdown and YAML files: news, agenda with
 calendar files, minutes, feedback, resources, a directory of structures and
 people with consent enforced, orientation trees, and a search that
 understands French. Its messages and guides are in French.
 .
 maillage importer brings a shared drive's Word, ODT, .doc and PDF files in:
 it needs pandoc, and LibreOffice for .doc, .rtf, .odt and slide decks.
EOF
find "$package" -type d -exec chmod 0755 {} +
find "$package/usr/share" -type f -exec chmod 0644 {} +

mkdir -p dist
deb=dist/maillage_${version}_amd64.deb
rm -f "$deb"
SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2>/dev/null || date +%s) \
  dpkg-deb --root-owner-group -Zxz --build "$package" "$deb" >/dev/null
say "$deb ($(du -h "$deb" | cut -f1))"
dpkg-deb -I "$deb" | sed -n 's/^ Depends: /Depends: /p'

say "lintian"
# Kept on purpose, see docs/publication.md (« Le paquet Debian »).
lintian --fail-on error \
  "$deb" || { echo "lintian a trouvé des erreurs" >&2; exit 1; }
