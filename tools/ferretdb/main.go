// Command ferretdb-launcher runs an embedded FerretDB 1.x with the SQLite backend.
// It exists because `go install …/cmd/ferretdb` panics without a generated version file;
// the embeddable package does not need it. It prints the MongoDB URI on stdout once ready
// and stops cleanly on SIGINT/SIGTERM or when its stdin closes (so a dying parent never
// leaves it behind).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	dir := flag.String("dir", "", "SQLite data directory (required)")
	addr := flag.String("listen", "127.0.0.1:0", "TCP listen address")
	watchStdin := flag.Bool("watch-stdin", true, "exit when stdin reaches EOF")
	flag.Parse()
	if *dir == "" {
		log.Fatal("-dir is required")
	}
	if err := os.MkdirAll(*dir, 0o700); err != nil {
		log.Fatal(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *watchStdin {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *addr},
		Handler:   "sqlite",
		SQLiteURL: "file:" + *dir + "/",
	})
	if err != nil {
		log.Fatal(err)
	}

	done := make(chan struct{})
	go func() {
		f.Run(ctx)
		close(done)
	}()
	// MongoDBURI blocks until the listener is bound, so printing it means "ready to accept".
	fmt.Println(f.MongoDBURI())
	<-done
}
