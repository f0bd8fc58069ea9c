// Command warta is a news publishing platform in one binary; run
// `warta help` for its commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"warta/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
