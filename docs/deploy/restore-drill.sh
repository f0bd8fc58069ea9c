#!/bin/sh
# Restore drill (docs/production.md): restores a backup into a scratch
# site, serves it on a spare port and checks that it answers with the
# published posts. It never touches the live site. Run it after each
# backup, or weekly from a timer:
#   docs/deploy/restore-drill.sh /var/backups/warta/warta-2026-12-04T0230.tar.gz
# PostgreSQL backups restore into the database DRILL_DATABASE_URL names
# (an empty scratch database, e.g. createdb warta_drill).
set -eu
backup=${1:?usage: restore-drill.sh BACKUP.tar.gz}
warta=${WARTA:-warta}
port=${DRILL_PORT:-18080}
scratch=$(mktemp -d)
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$scratch"
}
trap cleanup EXIT
export WARTA_DATA_DIR="$scratch/data"
unset WARTA_DATABASE_URL WARTA_BASE_URL WARTA_LISTEN
if [ -n "${DRILL_DATABASE_URL:-}" ]; then
	export WARTA_DATABASE_URL="$DRILL_DATABASE_URL"
fi
"$warta" restore --yes --quiet "$backup"
"$warta" serve --no-demo --listen "127.0.0.1:$port" >"$scratch/serve.log" 2>&1 &
pid=$!
i=0
until curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
	i=$((i + 1))
	if [ "$i" -gt 100 ] || ! kill -0 "$pid" 2>/dev/null; then
		echo "restore drill: the restored site did not start:" >&2
		cat "$scratch/serve.log" >&2
		exit 1
	fi
	sleep 0.2
done
posts=$(curl -fsS -D - -o /dev/null "http://127.0.0.1:$port/wp-json/wp/v2/posts?per_page=1" |
	tr -d '\r' | sed -n 's/^[Xx]-[Ww][Pp]-[Tt]otal: *//p')
echo "restore drill: $backup restored and serves ${posts:-0} published posts"
[ "${posts:-0}" -gt 0 ]
