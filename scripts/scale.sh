#!/usr/bin/env bash
# scale.sh — a benchmark, not a test: how warta answers on a newsroom-sized
# archive, every kind of page uncached.
#
# Builds warta, generates ARTICLES posts (30 comments on one post in ten)
# on SQLite, or on PostgreSQL when DATABASE_URL is set, serves the site
# with the page cache off, and prints one row per route kind: p50 and p95
# of SAMPLES requests by one client, and requests per second at CONNS
# connections (wrk, DURATION each). Then the server's start-up time (to
# its first /healthz answer) and resident memory after the run.
#
# Usage: scripts/scale.sh                 (env: ARTICLES=1000000 SAMPLES=200
#                                          BUDGET=30 CONNS=32 DURATION=5s
#                                          PORT=18191 MID=plastik, a word
#                                          in a few per cent of generated
#                                          posts)
#        DATABASE_URL=postgres://… scripts/scale.sh
#        DATA=folder scripts/scale.sh      serves a SQLite site generated before
#                                          (with DATABASE_URL: the database as
#                                          it is) instead of generating one; a
#                                          million posts take most of an hour.
# Needs: go, curl, wrk (Debian: apt-get install wrk).
set -euo pipefail

ARTICLES=${ARTICLES:-1000000}
SAMPLES=${SAMPLES:-200}
BUDGET=${BUDGET:-30}
CONNS=${CONNS:-32}
DURATION=${DURATION:-5s}
PORT=${PORT:-18191}
MID=${MID:-plastik}
DATABASE_URL=${DATABASE_URL:-}

cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "scale.sh: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
ulimit -n 65536 2>/dev/null || ulimit -n 8192 2>/dev/null || true

work=$(mktemp -d /tmp/warta-scale.XXXXXX)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/warta" .
data=${DATA:-$work/data}
db=(--data-dir "$data")
[ -n "$DATABASE_URL" ] && db+=(--database-url "$DATABASE_URL")
engine=sqlite
[ -n "$DATABASE_URL" ] && engine=postgres
if [ -z "${DATA:-}" ]; then
	echo "== generating $ARTICLES posts ($engine), 30 comments on one in ten" >&2
	"$work/warta" dev generate "${db[@]}" --articles "$ARTICLES" --comments 30 --commented 0.1 >"$work/gen.out"
	cat "$work/gen.out" >&2
fi
# Migrations (and their statistics) before the clock starts.
"$work/warta" migrate "${db[@]}" >&2

base=http://127.0.0.1:$PORT
t0=$(date +%s%N)
"$work/warta" serve --no-demo --cache-disabled --trusted-proxies 127.0.0.1 "${db[@]}" \
	--listen "127.0.0.1:$PORT" >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 3000); do
	curl -fs "$base/healthz" >/dev/null 2>&1 && break
	sleep 0.01
done
curl -fs "$base/healthz" >/dev/null || { echo "scale.sh: the server did not start:" >&2; tail -n 20 "$work/serve.log" >&2; exit 1; }
startup=$((($(date +%s%N) - t0) / 1000000))

# What to ask for, found on the site itself (a pipeline cut short by head
# is no failure).
get() { curl -fs "$base$1"; }
first() { grep -o "$1" | head -1; }
front=$(get /)
article=$(sed -n 's/^newest commented post: //p' "$work/gen.out" 2>/dev/null || true) || true
if [ -z "$article" ]; then
	# A site generated before: the post of the newest comment.
	post=$(get "/wp-json/wp/v2/comments?per_page=1" | grep -o '"post":[0-9]*' | head -1 | cut -d: -f2) || true
	article=$(get "/wp-json/wp/v2/posts/$post" | grep -o '"link":"[^"]*"' | head -1 | sed 's/^"link":"//; s/"$//; s|\\/|/|g; s|^https\?://[^/]*||') || true
fi
category=$(echo "$front" | first 'href="/category/[^"/]*/"' | sed 's/^href="//; s/"$//') || true
tag=$(get "$article" | first 'href="/tag/[^"/]*/"' | sed 's/^href="//; s/"$//') || true
author=$(get "$article" | first 'href="/author/[^"/]*/"' | sed 's/^href="//; s/"$//') || true
# The last page a list links to: from its first page, or from its second
# (the arranged front page links to no numbered pages; /page/2/ does).
last_page() { get "$2" | grep -o "href=\"$1page/[0-9]*/\"" | sed 's/.*page\/\([0-9]*\)\/"/\1/' | sort -n | tail -1 || true; }
deep() {
	local n
	n=$(last_page "$1" "$1")
	[ -n "$n" ] || n=$(last_page "$1" "$1page/2/")
	echo "$1page/$(((${n:-2} + 1) / 2))/"
}
sitemap_page=$(get /sitemap.xml | grep -o '<loc>[^<]*posts-[0-9]*\.xml</loc>' | sed -n '$p' | sed 's/<[^>]*>//g; s|^https\?://[^/]*||') || true
total=$(curl -fsI "$base/wp-json/wp/v2/posts" | tr -d '\r' | sed -n 's/^[Xx]-[Ww][Pp]-[Tt]otal[Pp]ages: //p') || true
cat_id=$(get "/wp-json/wp/v2/categories?per_page=1&orderby=count&order=desc" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2) || true
author_id=$(get "/wp-json/wp/v2/users?per_page=1" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2) || true
rare=$(get "$article" | grep -o '<p>[^<]*</p>' | head -3 | tr -c 'a-zA-Z\n' ' ' | tr ' ' '\n' | awk 'length > 8' | tail -1) || true
rare=${rare:-gelombang}

routes=(
	"front page|/"
	"front page, deep|$(deep /)"
	"article, 30 comments|$article"
	"category|$category"
	"category, deep|$(deep "$category")"
	"tag|$tag"
	"tag, deep|$(deep "$tag")"
	"author|$author"
	"author, deep|$(deep "$author")"
	"sitemap index|/sitemap.xml"
	"sitemap page|$sitemap_page"
	"news sitemap|/news-sitemap.xml"
	"RSS|/feed/"
	"category feed|${category}feed/"
	"search, commonest word|/search?q=pemerintah"
	"search, rare word|/search?q=$rare"
	"search, mid-frequency word|/search?q=$MID"
	"search, phrase|/search?q=%22pemerintah+daerah%22"
	"REST posts|/wp-json/wp/v2/posts"
	"REST posts, deep|/wp-json/wp/v2/posts?page=$(((${total:-2} + 1) / 2))"
	"REST posts, category|/wp-json/wp/v2/posts?categories=${cat_id:-1}"
	"REST posts, author|/wp-json/wp/v2/posts?author=${author_id:-1}"
	"REST posts, search|/wp-json/wp/v2/posts?search=pemerintah"
	"REST posts, search, mid-frequency|/wp-json/wp/v2/posts?search=$MID"
	"REST comments|/wp-json/wp/v2/comments"
	"REST comments, search|/wp-json/wp/v2/comments?search=nelayan"
)

# p50/p95 in ms of SAMPLES sequential requests (fewer when they take more
# than BUDGET seconds together: a slow route still gets its row), each
# from an address of its own (the search rate limit counts by address).
quantiles() {
	local i end
	end=$(($(date +%s) + BUDGET))
	for i in $(seq 1 "$SAMPLES"); do
		curl -s -o /dev/null -w '%{time_total} %{http_code}\n' \
			-H "X-Forwarded-For: 10.1.$((i / 250)).$((i % 250 + 1))" "$base$1"
		[ "$(date +%s)" -lt "$end" ] || break
	done >"$work/times"
	if grep -qv ' 200$' "$work/times"; then
		echo "scale.sh: $1 answered $(grep -v ' 200$' "$work/times" | head -1 | cut -d' ' -f2)" >&2
	fi
	sort -n "$work/times" | awk '{t[NR]=$1*1000} END {printf "%.1f %.1f %d\n", t[int((NR+1)*0.5)], t[int((NR+1)*0.95)] ? t[int((NR+1)*0.95)] : t[NR], NR}'
}

# wrk spreads its requests over addresses of their own, as above.
cat >"$work/xff.lua" <<'LUA'
local n = 0
request = function()
	n = n + 1
	return wrk.format(nil, nil, {["X-Forwarded-For"] = "10.2." .. (n % 200) .. "." .. (n % 250 + 1)})
end
LUA
rate() {
	wrk -t2 -c"$CONNS" -d"$DURATION" -s "$work/xff.lua" "$base$1" 2>/dev/null | awk '/Requests\/sec/ {printf "%.0f", $2}'
}

size="$ARTICLES posts"
if [ -n "${DATA:-}" ]; then
	# A site generated before: its own size, not the default.
	size="$(curl -fsI "$base/wp-json/wp/v2/posts?per_page=1" | tr -d '\r' | sed -n 's/^[Xx]-[Ww][Pp]-[Tt]otal: //p') posts (generated before)"
fi
printf '%s, %s, uncached, %s samples, %d connections for req/s\n\n' "$engine" "$size" "$SAMPLES" "$CONNS"
printf '| route | path | p50 ms | p95 ms | req/s at %d |\n|---|---|---:|---:|---:|\n' "$CONNS"
for r in "${routes[@]}"; do
	name=${r%%|*}
	path=${r#*|}
	read -r p50 p95 n < <(quantiles "$path")
	[ "$n" -lt "$SAMPLES" ] && name="$name ($n samples)"
	printf '| %s | `%s` | %s | %s | %s |\n' "$name" "$path" "$p50" "$p95" "$(rate "$path")"
done

# A comment post: the form's token, the reader's typing time, the POST.
id=$(get "$article" | grep -o 'name="article_id" value="[0-9]*"' | head -1 | grep -o '[0-9]*$') || true
for i in $(seq 1 20); do get /comments/token >"$work/token.$i"; done
sleep 4
for i in $(seq 1 20); do
	curl -s -o /dev/null -w '%{time_total} %{http_code}\n' -H 'Sec-Fetch-Site: same-origin' \
		-H "X-Forwarded-For: 10.3.0.$i" \
		--data-urlencode "article_id=$id" --data-urlencode "name=Pembaca $i" \
		--data-urlencode "email=pembaca$i@example.test" --data-urlencode "comment=Komentar ukur nomor $i dari skrip." \
		--data-urlencode "token=$(cat "$work/token.$i")" "$base/comments"
done >"$work/times"
grep -qv ' 303$' "$work/times" && echo "scale.sh: a comment post answered $(grep -v ' 303$' "$work/times" | head -1 | cut -d' ' -f2)" >&2
printf '| comment POST | `/comments` | %s | %s | — |\n' \
	$(sort -n "$work/times" | awk '{t[NR]=$1*1000} END {printf "%.1f %.1f", t[int(NR*0.5)], t[int(NR*0.95)]}')

rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
printf '\nstart-up %d ms to the first /healthz; resident memory %s MB after the run\n' "$startup" "$rss"
