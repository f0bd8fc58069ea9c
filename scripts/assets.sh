#!/usr/bin/env bash
# Builds the newsroom's browser code (frontend/) into the Go-embedded asset
# folder internal/admin/assets, from frontend/package-lock.json alone, so
# the same lock file gives the same bytes. The output is committed: `go run
# . serve` needs no npm. Run it after changing frontend/ or the lock file.
#
#   scripts/assets.sh           build and write the bundle
#   scripts/assets.sh --check   build into a temporary folder and fail if the
#                               committed files differ (CI runs this)
set -euo pipefail
cd "$(dirname "$0")/.."
out=internal/admin/assets
check=0
[ "${1:-}" = --check ] && check=1

# --ignore-scripts: esbuild's install script only speeds its start up; the
# binary comes as an ordinary optional package of the lock file.
(cd frontend && npm ci --silent --no-audit --no-fund --ignore-scripts)

dest=$out
if [ $check = 1 ]; then
	dest=$(mktemp -d)
	trap 'rm -rf "$dest"' EXIT
fi

# One bundle per page that needs one. No source maps and no build time in
# the output: the bytes depend on the sources and the lock file only.
frontend/node_modules/.bin/esbuild frontend/src/editor.js --bundle --minify \
	--format=iife --target=es2020 --charset=utf8 --legal-comments=none \
	--log-level=warning --outfile="$dest/editor.js"
# The bundled packages' licences, served beside the bundle.
node frontend/licences.mjs frontend "$dest/editor.licences.txt"

if [ $check = 1 ]; then
	for f in editor.js editor.licences.txt; do
		if ! cmp -s "$dest/$f" "$out/$f"; then
			echo "assets: $out/$f differs from a fresh build of frontend/; run scripts/assets.sh and commit the result" >&2
			exit 1
		fi
	done
	echo "assets: $out matches a fresh build of frontend/"
fi
