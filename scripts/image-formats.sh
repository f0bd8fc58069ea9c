#!/usr/bin/env bash
# Measures the WebP and AVIF encoders warta uses against its JPEG variants:
# mean file size, quality (SSIM against the photo) and time to encode one,
# for generated photos (no third-party images). Run on an idle machine:
#   bash scripts/image-formats.sh            # 200 photos 480 px wide
#   WARTA_BENCH_PHOTOS=50 WARTA_BENCH_WIDTH=1600 bash scripts/image-formats.sh
set -euo pipefail
cd "$(dirname "$0")/.."
go test ./internal/media -run '^$' -bench BenchmarkImageFormats -benchtime 1x -count 1 -timeout 2h
