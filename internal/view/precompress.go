package view

import (
	"bytes"
	"compress/gzip"
	"strconv"
	"strings"

	"github.com/andybalholm/brotli"
)

// compressibleAsset reports whether files with extension ext shrink when
// compressed (text), unlike images and fonts, which are compressed already.
func compressibleAsset(ext string) bool {
	switch strings.ToLower(ext) {
	case ".css", ".js", ".svg", ".txt", ".json", ".html", ".xml", ".ico":
		return true
	}
	return false
}

// precompress returns data compressed with gzip (best level) and brotli
// (level 9): it runs once per asset, never per request.
func precompress(data []byte) (gz, br []byte) {
	var g bytes.Buffer
	gw, _ := gzip.NewWriterLevel(&g, gzip.BestCompression) // the level is valid
	gw.Write(data)
	gw.Close()
	var b bytes.Buffer
	bw := brotli.NewWriterLevel(&b, 9) // 11 takes far longer for a few bytes more
	bw.Write(data)
	bw.Close()
	return g.Bytes(), b.Bytes()
}

// pickEncoding chooses br, gzip or "" (identity) from Accept-Encoding
// lines, honouring q=0 refusals and preferring br when both are welcome.
func pickEncoding(lines []string) string {
	var br, gz bool
	for _, line := range lines {
		for _, part := range strings.Split(line, ",") {
			name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
			ok := true
			if _, q, found := strings.Cut(params, "q="); found {
				if v, err := strconv.ParseFloat(strings.TrimSpace(q), 64); err == nil && v == 0 {
					ok = false
				}
			}
			switch strings.ToLower(strings.TrimSpace(name)) {
			case "br":
				br = ok
			case "gzip", "x-gzip":
				gz = ok
			}
		}
	}
	switch {
	case br:
		return "br"
	case gz:
		return "gzip"
	}
	return ""
}
