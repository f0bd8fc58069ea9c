#!/usr/bin/env bash
# mixed-load.sh — issue 8 §8: 1,000 concurrent readers for 60 s of mixed
# traffic (page reads, searches, comment posts) against a real warta.
#
# Builds warta and the load tool, generates a site (ARTICLES posts with
# COMMENTS comments each) in a fresh SQLite data folder (or the PostgreSQL
# database in DATABASE_URL, which it fills), serves it with the page cache
# on and the load tool trusted as a proxy (each simulated reader has an
# address, and a rate-limit budget, of its own), and runs
# internal/tools/loadtest: 80% article and front-page reads, 15% searches, 5%
# comments sent as the article's form sends them (time-trap token fetched,
# the site's minimum writing time waited, every field posted). It prints
# the statuses and latencies by kind, and fails on any 5xx, any transport
# error, or any acknowledged comment missing from the database.
#
# Usage: scripts/mixed-load.sh   (env: CONNS=1000 DURATION=60s ARTICLES=2000
#                                 COMMENTS=10 PORT=18190 DATABASE_URL=)
set -euo pipefail

CONNS=${CONNS:-1000}
DURATION=${DURATION:-60s}
ARTICLES=${ARTICLES:-2000}
COMMENTS=${COMMENTS:-10}
PORT=${PORT:-18190}
DATABASE_URL=${DATABASE_URL:-}

cd "$(dirname "$0")/.."
# Every reader holds a connection; the server holds as many.
ulimit -n 65536 2>/dev/null || ulimit -n 16384 2>/dev/null || true

work=$(mktemp -d /tmp/warta-mixed.XXXXXX)
server=
cleanup() {
	if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT

echo "== building warta and the load tool"
go build -o "$work/warta" .
go build -o "$work/loadtest" ./internal/tools/loadtest

db=(--data-dir "$work/data")
check=(-data-dir "$work/data")
if [ -n "$DATABASE_URL" ]; then
	db+=(--database-url "$DATABASE_URL")
	check=(-database-url "$DATABASE_URL")
fi

echo "== generating $ARTICLES posts with $COMMENTS comments each"
"$work/warta" dev generate "${db[@]}" --articles "$ARTICLES" --comments "$COMMENTS"

echo "== serving on 127.0.0.1:$PORT"
"$work/warta" serve --no-demo "${db[@]}" --listen "127.0.0.1:$PORT" --trusted-proxies 127.0.0.1 \
	--log-format json 2>"$work/serve.log" >/dev/null &
server=$!
for _ in $(seq 1 500); do
	curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
	sleep 0.02
done
curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null || { echo "mixed-load.sh: the server did not start" >&2; cat "$work/serve.log" >&2; exit 1; }

echo "== $CONNS readers for $DURATION"
status=0
"$work/loadtest" -url "http://127.0.0.1:$PORT" -c "$CONNS" -d "$DURATION" "${check[@]}" || status=$?

rss=$(awk '/VmRSS/ {print $2}' "/proc/$server/status" 2>/dev/null || echo 0)
errors=$(grep -c '"level":"ERROR"' "$work/serve.log" || true)
echo
echo "== server: resident memory $((rss / 1024)) MiB after the run; $errors errors logged"
if [ "$errors" -gt 0 ]; then
	grep '"level":"ERROR"' "$work/serve.log" | head -5
	status=1
fi
if [ "$status" -eq 0 ]; then
	echo "PASS: no 5xx, no transport error, every acknowledged comment stored"
else
	echo "FAIL"
fi
exit "$status"
