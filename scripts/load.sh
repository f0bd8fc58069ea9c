#!/usr/bin/env bash
# load.sh — measure warta under load with wrk, side by side with nginx.
#
# Builds warta, generates a site (ARTICLES posts, COMMENTS comments each)
# in a fresh SQLite data folder, starts `warta serve` (page cache on) and a
# second `warta serve --cache-disabled` on the same database, and nginx
# serving the same article bytes (gzip, via gzip_static) from a file. Then
# drives each with the same wrk settings and prints requests per second,
# p99 latency, errors and the ratio warta/nginx.
#
# Usage: scripts/load.sh            (env: ARTICLES=10000 COMMENTS=30 DURATION=10s
#                                    CONNS=64 THREADS=2 BIG_CONNS=1000)
#        DATA=folder scripts/load.sh  serves a site generated before (warta dev
#                                    generate --data-dir folder …) instead of
#                                    generating one: a 100,000-article site
#                                    takes minutes to generate.
# Needs: go, wrk, curl; nginx optional (Debian: apt-get install wrk nginx).
set -euo pipefail

ARTICLES=${ARTICLES:-10000}
COMMENTS=${COMMENTS:-30}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-64}
THREADS=${THREADS:-2}
BIG_CONNS=${BIG_CONNS:-1000}
PORT_CACHED=${PORT_CACHED:-18181}
PORT_RENDER=${PORT_RENDER:-18182}
PORT_NGINX=${PORT_NGINX:-18183}

cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "load.sh: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
ulimit -n 65536 2>/dev/null || ulimit -n 8192 2>/dev/null || true

work=$(mktemp -d /tmp/warta-load.XXXXXX)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/warta" .
data=$work/data
if [ -n "${DATA:-}" ]; then
	data=$DATA
	echo "== serving the site generated before in $data"
else
	echo "== generating $ARTICLES posts with $COMMENTS comments each"
	"$work/warta" dev generate --data-dir "$data" --articles "$ARTICLES" --comments "$COMMENTS" | tee "$work/gen.out"
fi

wait_up() { # port → milliseconds until /healthz answered
	local t0 t1
	t0=$(date +%s%N)
	for _ in $(seq 1 500); do
		if curl -fs "http://127.0.0.1:$1/healthz" >/dev/null 2>&1; then
			t1=$(date +%s%N)
			echo $(((t1 - t0) / 1000000))
			return
		fi
		sleep 0.01
	done
	echo "load.sh: nothing answers on port $1; the servers said:" >&2
	tail -n 5 "$work"/*.log >&2
	exit 1
}

"$work/warta" serve --no-demo --data-dir "$data" --listen "127.0.0.1:$PORT_CACHED" >"$work/cached.log" 2>&1 &
pids+=($!)
cached_pid=$!
startup=$(wait_up "$PORT_CACHED")
# The uncached server also answers the search run, whose readers each come
# from an address of their own (X-Forwarded-For from a trusted proxy), as a
# busy site's would: from one address the search rate limit answers 429.
"$work/warta" serve --no-demo --cache-disabled --trusted-proxies 127.0.0.1 --data-dir "$data" \
	--listen "127.0.0.1:$PORT_RENDER" >"$work/render.log" 2>&1 &
pids+=($!)
render_pid=$!
wait_up "$PORT_RENDER" >/dev/null
# The newest post, as the generator named it; for a site generated before,
# the first article of the front page.
if [ -f "$work/gen.out" ]; then
	article=$(sed -n 's/^newest post: //p' "$work/gen.out")
else
	article=$(curl -fs "http://127.0.0.1:$PORT_CACHED/" | grep -o 'href="/[0-9]\{4\}/[0-9]\{2\}/[0-9]\{2\}/[^"/]*/"' | head -1 | sed 's/^href="//; s/"$//')
fi
[ -n "$article" ] || { echo "load.sh: no article to measure" >&2; exit 1; }

# The very bytes warta serves, for nginx.
mkdir -p "$work/www"
curl -fs -H 'Accept-Encoding: gzip' "http://127.0.0.1:$PORT_CACHED$article" -o "$work/www/article.html.gz"
curl -fs "http://127.0.0.1:$PORT_CACHED$article" -o "$work/www/article.html"
have_nginx=0
if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then
	NGINX=$(command -v nginx || echo /usr/sbin/nginx)
	mkdir -p "$work/nginx/logs"
	chmod -R a+rX "$work"
	cat >"$work/nginx/nginx.conf" <<CONF
worker_processes auto;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log;
events { worker_connections 4096; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 100000;
	types { text/html html; }
	server {
		listen 127.0.0.1:$PORT_NGINX;
		root $work/www;
		gzip_static on;
		location / { etag on; }
	}
}
CONF
	"$NGINX" -p "$work/nginx" -c "$work/nginx/nginx.conf" 2>/dev/null &
	pids+=($!)
	nginx_pid=$!
	sleep 0.5
	curl -fs -H 'Accept-Encoding: gzip' "http://127.0.0.1:$PORT_NGINX/article.html" -o /dev/null && have_nginx=1
fi

# readers.lua gives every request an X-Forwarded-For address of its own.
cat >"$work/readers.lua" <<'LUA'
local threads = 0
function setup(thread)
	threads = threads + 1
	thread:set("tid", threads)
end
function init(args)
	n = (tid or 0) * 4000000
end
function request()
	n = n + 1
	local h = {}
	for k, v in pairs(wrk.headers) do h[k] = v end
	h["X-Forwarded-For"] = "10." .. (math.floor(n / 65536) % 256) .. "." .. (math.floor(n / 256) % 256) .. "." .. (n % 256)
	return wrk.format(nil, nil, h)
end
LUA

# cpu_ticks PID → user+system CPU time of the process and its children
# (nginx's workers), in clock ticks.
cpu_ticks() {
	local p t=0
	for p in "$1" $(pgrep -P "$1" 2>/dev/null); do
		t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
	done
	echo "$t"
}
hz=$(getconf CLK_TCK)

# run NAME CONNS URL [wrk args…] → one result line; keeps requests/s in $last_rps.
# It also prints the server's CPU time per request, which a busy
# shared machine disturbs far less than requests per second.
last_rps=0
run() {
	local name=$1 conns=$2 url=$3 out rps p99 errs non2xx pid="" t0=0 t1 reqs cpu=""
	shift 3
	case $url in
	*":$PORT_CACHED/"*) pid=$cached_pid ;;
	*":$PORT_RENDER/"*) pid=$render_pid ;;
	*":$PORT_NGINX/"*) pid=${nginx_pid:-} ;;
	esac
	[ -n "$pid" ] && t0=$(cpu_ticks "$pid")
	out=$(wrk -t"$THREADS" -c"$conns" -d"$DURATION" --latency -H 'Accept-Encoding: gzip' "$@" "$url")
	rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
	p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
	errs=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$out")
	non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
	if [ -n "$pid" ]; then
		t1=$(cpu_ticks "$pid")
		reqs=$(awk '/requests in/ {print $1}' <<<"$out")
		cpu=$(awk -v d="$((t1 - t0))" -v n="$reqs" -v hz="$hz" 'BEGIN { if (n > 0) printf "   cpu %6.1f µs/req", d / hz / n * 1e6 }')
	fi
	printf '%-34s %6s conns %12s req/s   p99 %9s   errors %s   non-2xx %s%s\n' "$name" "$conns" "$rps" "$p99" "${errs:-0}" "${non2xx:-0}" "$cpu"
	last_rps=$rps
}

echo
echo "== wrk -t$THREADS -d$DURATION, Accept-Encoding: gzip; article $article"
echo "   ($(wc -c <"$work/www/article.html") bytes, $(wc -c <"$work/www/article.html.gz") gzipped)"
run "warta cached article (gzip)" "$CONNS" "http://127.0.0.1:$PORT_CACHED$article"
warta_rps=$last_rps
if [ "$have_nginx" = 1 ]; then
	run "nginx same bytes from a file" "$CONNS" "http://127.0.0.1:$PORT_NGINX/article.html"
	nginx_rps=$last_rps
	run "warta cached article, again" "$CONNS" "http://127.0.0.1:$PORT_CACHED$article"
	warta_rps2=$last_rps
	awk -v a="$warta_rps" -v b="$warta_rps2" -v n="$nginx_rps" \
		'BEGIN { printf "   ratio warta/nginx: %.2f (mean of the two warta runs around nginx)\n", (a + b) / 2 / n }'
else
	echo "   nginx not installed: no ratio"
fi
run "warta uncached article render" "$CONNS" "http://127.0.0.1:$PORT_RENDER$article"
run "warta cached front page" "$CONNS" "http://127.0.0.1:$PORT_CACHED/"
run "warta uncached front page" "$CONNS" "http://127.0.0.1:$PORT_RENDER/"
run "warta cached feed /feed/" "$CONNS" "http://127.0.0.1:$PORT_CACHED/feed/"
run "warta search /search?q=banjir" "$CONNS" "http://127.0.0.1:$PORT_RENDER/search?q=banjir" -s "$work/readers.lua"
run "warta cached article, $BIG_CONNS conns" "$BIG_CONNS" "http://127.0.0.1:$PORT_CACHED$article"

rss=$(awk '/VmRSS/ {print $2}' "/proc/$cached_pid/status")
echo
echo "== warta (cached) started in ${startup} ms; resident memory after the runs: $((rss / 1024)) MiB"
