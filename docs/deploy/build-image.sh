#!/bin/sh
# Builds the warta container image without the network (docs/production.md):
#   docs/deploy/build-image.sh                 # docker build -t warta
#   IMAGE=registry.example/warta:1.4 VERSION=1.4.0 docs/deploy/build-image.sh
#   docs/deploy/build-image.sh --context DIR   # only prepare the build context
set -eu
cd "$(dirname "$0")/../.."
ctx=""
if [ "${1:-}" = "--context" ]; then
	ctx=${2:?--context needs a folder}
	mkdir -p "$ctx"
else
	ctx=$(mktemp -d)
	trap 'rm -rf "$ctx"' EXIT
fi
version=${VERSION:-$(git describe --tags --always 2>/dev/null || echo dev)}
# Static (no C library needed), with the time zones inside.
CGO_ENABLED=0 go build -tags timetzdata,nodynamic \
	-ldflags "-s -w -X warta/internal/cli.version=$version" -o "$ctx/warta" .
cp /etc/ssl/certs/ca-certificates.crt "$ctx/ca-certificates.crt"
mkdir -p "$ctx/data"
cp docs/deploy/Dockerfile "$ctx/Dockerfile"
if [ "${1:-}" = "--context" ]; then
	exit 0
fi
docker build -t "${IMAGE:-warta}" "$ctx"
