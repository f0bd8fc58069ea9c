// Command genwxr writes a synthetic WordPress export of about -mb
// megabytes to standard output, to measure an import's memory:
//
//	go run ./internal/wxr/internal/genwxr -mb 1024 > /tmp/big.wxr
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
	flag.Parse()
	// One sample post with its comments is about 5.3 KB.
	if err := wxr.WriteSample(os.Stdout, *mb*1024*1024/5300); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
