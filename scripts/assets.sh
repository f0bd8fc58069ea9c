#!/usr/bin/env bash
# Builds the newsroom's browser code (frontend/) into the Go-embedded asset
# folder internal/admin/assets, and copies the public theme's web fonts
# (latin and latin-ext subsets of the weights the theme uses, with their
# licence) into internal/view/theme/static, from frontend/package-lock.json
# alone, so the same lock file gives the same bytes. The output is committed:
# `go run . serve` needs no npm. Run it after changing frontend/ or the lock
# file.
#
#   scripts/assets.sh           build and write the bundle
#   scripts/assets.sh --check   build into a temporary folder and fail if the
#                               committed files differ (CI runs this)
set -euo pipefail
cd "$(dirname "$0")/.."
out=internal/admin/assets
theme=internal/view/theme/static
check=0
[ "${1:-}" = --check ] && check=1

# --ignore-scripts: esbuild's install script only speeds its start up; the
# binary comes as an ordinary optional package of the lock file.
(cd frontend && npm ci --silent --no-audit --no-fund --ignore-scripts)

dest=$out fontdest=$theme
if [ $check = 1 ]; then
	dest=$(mktemp -d)
	fontdest=$dest/fonts
	mkdir "$fontdest"
	trap 'rm -rf "$dest"' EXIT
fi

# One bundle per page that needs one. No source maps and no build time in
# the output: the bytes depend on the sources and the lock file only.
frontend/node_modules/.bin/esbuild frontend/src/editor.js --bundle --minify \
	--format=iife --target=es2020 --charset=utf8 --legal-comments=none \
	--log-level=warning --outfile="$dest/editor.js"
# The bundled packages' licences, served beside the bundle.
node frontend/licences.mjs frontend "$dest/editor.licences.txt"

# The public theme's web fonts: the files its @font-face rules name (one
# voice: Source Serif 4 bold for headlines, Source Sans 3 for text), latin
# and latin-ext only, and the fonts' licence (SIL OFL 1.1) beside them.
fonts=()
for face in source-serif-4:700 source-sans-3:400 source-sans-3:700; do
	family=${face%%:*} weight=${face#*:}
	for subset in latin latin-ext; do
		f=$family-$subset-$weight-normal.woff2
		cp "frontend/node_modules/@fontsource/$family/files/$f" "$fontdest/$f"
		fonts+=("$f")
	done
done
for family in source-serif-4 source-sans-3; do
	v=$(node -p "require('./frontend/node_modules/@fontsource/$family/package.json').version")
	printf '@fontsource/%s@%s (OFL-1.1)\n\n' "$family" "$v"
	cat "frontend/node_modules/@fontsource/$family/LICENSE"
	printf '\n%s\n\n' "$(printf -- '-%.0s' {1..72})"
done >"$fontdest/fonts.licences.txt"
fonts+=(fonts.licences.txt)

if [ $check = 1 ]; then
	for f in editor.js editor.licences.txt; do
		if ! cmp -s "$dest/$f" "$out/$f"; then
			echo "assets: $out/$f differs from a fresh build of frontend/; run scripts/assets.sh and commit the result" >&2
			exit 1
		fi
	done
	for f in "${fonts[@]}"; do
		if ! cmp -s "$fontdest/$f" "$theme/$f"; then
			echo "assets: $theme/$f differs from the fonts of frontend/; run scripts/assets.sh and commit the result" >&2
			exit 1
		fi
	done
	echo "assets: $out and the fonts in $theme match a fresh build of frontend/"
fi
