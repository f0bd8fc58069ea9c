#!/usr/bin/env bash
# lighthouse.sh — Lighthouse scores of every kind of page, performance included.
#
# Builds warta, serves a demo site in a fresh data folder, signs an editor in,
# and runs Lighthouse 12 (default mobile settings) in Debian's Chromium on the
# front page, an article, an archive, a page, search results, the sign-in
# form, the editor and the comment queue, one after the other. Prints the
# four scores of each page and exits non-zero if one is under 95 (search
# results are noindex on purpose, so their SEO is scored without the
# crawlability audit; the newsroom's SEO is not scored). The test suite
# checks accessibility, best practices and SEO on every run
# (TestLighthouseScores); performance is a timing, so it is measured here,
# on a machine left otherwise idle.
#
# Usage: scripts/lighthouse.sh
# Needs: go, node, curl, chromium, python3, and the npm package lighthouse 12
# (LIGHTHOUSE=…/node_modules/.bin/lighthouse; .ci/run installs it under
# ~/.cache/warta-ci/lighthouse).
set -euo pipefail
cd "$(dirname "$0")/.."
LIGHTHOUSE=${LIGHTHOUSE:-${WARTA_TEST_LIGHTHOUSE:-${XDG_CACHE_HOME:-$HOME/.cache}/warta-ci/lighthouse/node_modules/.bin/lighthouse}}
PORT=${PORT:-18310}
[ -x "$LIGHTHOUSE" ] || { echo "lighthouse.sh: no lighthouse at $LIGHTHOUSE (npm install --ignore-scripts lighthouse@12)" >&2; exit 1; }
CHROME_PATH=${CHROME_PATH:-$(command -v chromium)}
export CHROME_PATH

work=$(mktemp -d /tmp/warta-lighthouse.XXXXXX)
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/warta" .
# The demo content is written on the first start, into an empty database.
"$work/warta" serve --data-dir "$work/data" --listen "127.0.0.1:$PORT" >"$work/serve.log" 2>&1 &
pid=$!
base=http://127.0.0.1:$PORT
for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
printf 'kata sandi penguji lighthouse\n' | "$work/warta" user add --login penguji --email penguji@warta.test \
	--role editor --data-dir "$work/data" >/dev/null

# Signed in through the form, as a browser is.
jar=$work/cookies
csrf=$(curl -fs -c "$jar" "$base/admin/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -fs -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$csrf" --data-urlencode "login=penguji" \
	--data-urlencode "password=kata sandi penguji lighthouse" "$base/admin/login"
session=$(awk '$6 == "warta_session" {print $6 "=" $7}' "$jar")
[ -n "$session" ] || { echo "lighthouse.sh: signing in gave no session" >&2; exit 1; }

front=$(curl -fs "$base/")
article=$(grep -o 'href="/[0-9]\{4\}/[0-9]\{2\}/[0-9]\{2\}/[^"/#]*/"' <<<"$front" | head -1 | sed 's/^href="//; s/"$//')
archive=$(grep -o 'href="/category/[^"]*"' <<<"$front" | head -1 | sed 's/^href="//; s/"$//')

flags="--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
failed=0
# score PATH SEO(yes|noindex|no) [COOKIE]
score() {
	local path=$1 seo=$2 cookie=${3:-} extra=()
	[ -n "$cookie" ] && extra=(--extra-headers="{\"Cookie\":\"$cookie\"}")
	"$LIGHTHOUSE" "$base$path" --quiet --output=json --output-path="$work/report.json" \
		--only-categories=performance,accessibility,best-practices,seo --chrome-flags="$flags" "${extra[@]}"
	python3 - "$work/report.json" "$path" "$seo" <<'PY' || failed=1
import json, sys
report, path, seo = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3]
if not report["finalDisplayedUrl"].endswith(path):
    print(f"{path}: Lighthouse scored {report['finalDisplayedUrl']} instead (signed out?)")
    sys.exit(1)
def score(cat, skip=()):
    total = weights = 0
    for ref in report["categories"][cat]["auditRefs"]:
        a = report["audits"][ref["id"]]
        if ref["weight"] and a.get("score") is not None and ref["id"] not in skip:
            total += ref["weight"] * a["score"]; weights += ref["weight"]
    return round(100 * total / weights)
cats = ["performance", "accessibility", "best-practices"]
scores = {c: score(c) for c in cats}
if seo != "no":
    scores["seo"] = score("seo", ("is-crawlable",) if seo == "noindex" else ())
line = "  ".join(f"{c} {s:3d}" for c, s in scores.items())
low = [c for c, s in scores.items() if s < 95]
print(f"{path:52s} {line}{'   UNDER 95: ' + ', '.join(low) if low else ''}")
sys.exit(1 if low else 0)
PY
}

echo "== Lighthouse 12, default (mobile) settings, $("$CHROME_PATH" --version 2>/dev/null | head -1)"
score / yes
score "$article" yes
score "$archive" yes
score /tentang-kami/ yes
score "/search?q=banjir" noindex
score /admin/login no
score /admin/articles/new no "$session"
score /admin/comments/ no "$session"
if [ "$failed" = 1 ]; then
	echo "FAIL: a page scores under 95"
	exit 1
fi
echo "PASS: every page scores 95 or more"
