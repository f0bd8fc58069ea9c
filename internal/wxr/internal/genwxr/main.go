// Command genwxr writes a synthetic WordPress export of about -mb
// megabytes to standard output, to measure an import's memory:
//
//	go run ./internal/wxr/internal/genwxr -mb 1024 > /tmp/big.wxr
//	go run ./internal/wxr/internal/genwxr -posts 100000 > /tmp/big.wxr  # 300,000 comments
//	go build -o /tmp/warta . && /usr/bin/time -v /tmp/warta import wxr /tmp/big.wxr --data-dir /tmp/big-data
//
// ("Maximum resident set size" is the figure.)
package main

import (
	"flag"
	"fmt"
	"os"

	"warta/internal/wxr"
)

func main() {
	mb := flag.Int("mb", 100, "approximate size of the export in megabytes")
	posts := flag.Int("posts", 0, "number of posts (three comments each); overrides -mb")
	flag.Parse()
	// One sample post with its comments is about 5.3 KB.
	n := *mb * 1024 * 1024 / 5300
	if *posts > 0 {
		n = *posts
	}
	if err := wxr.WriteSample(os.Stdout, n); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
