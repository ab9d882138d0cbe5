// Command ferretdb-launcher runs an embedded FerretDB 1.x on SQLite (the default) or PostgreSQL.
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
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	"github.com/jackc/pgx/v5"
)

func main() {
	backend := flag.String("backend", "sqlite", "storage backend: sqlite or postgresql")
	dir := flag.String("dir", "", "SQLite data directory (sqlite backend)")
	pgURL := flag.String("postgresql-url", "", "PostgreSQL database URL (postgresql backend); the database is created when missing")
	dropOnExit := flag.Bool("drop-on-exit", false, "drop the PostgreSQL database at exit (a private test database)")
	addr := flag.String("listen", "127.0.0.1:0", "TCP listen address")
	watchStdin := flag.Bool("watch-stdin", true, "exit when stdin reaches EOF")
	idIndexes := flag.Bool("index-ids", true, "index the expression FerretDB filters `_id` with (see sqlite_ids.go, pg_ids.go)")
	flag.Parse()

	cfg := &ferretdb.Config{Listener: ferretdb.ListenerConfig{TCP: *addr}}
	switch *backend {
	case "sqlite":
		if *dir == "" {
			log.Fatal("-dir is required for the sqlite backend")
		}
		if err := os.MkdirAll(*dir, 0o700); err != nil {
			log.Fatal(err)
		}
		cfg.Handler, cfg.SQLiteURL = "sqlite", "file:"+*dir+"/"
	case "postgresql":
		if *pgURL == "" {
			log.Fatal("-postgresql-url is required for the postgresql backend")
		}
		if err := ensureDatabase(*pgURL); err != nil {
			log.Fatal(err)
		}
		cfg.Handler, cfg.PostgreSQLURL = "postgresql", *pgURL
		if *dropOnExit {
			defer func() {
				if err := dropDatabase(*pgURL); err != nil {
					log.Print(err)
				}
			}()
		}
	default:
		log.Fatalf("unknown -backend %q (sqlite or postgresql)", *backend)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *watchStdin {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	if *idIndexes {
		// The existing tables before FerretDB serves (a large one takes a moment), then new ones as they come.
		switch *backend {
		case "sqlite":
			indexIDs(ctx, *dir)
			go watchIDs(ctx, *dir, time.Second)
		case "postgresql":
			first := make(chan struct{})
			go watchPGIDs(ctx, *pgURL, time.Second, first)
			<-first
		}
	}

	f, err := ferretdb.New(cfg)
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

// maintenance splits a database URL into the URL of the server's "postgres" database and the
// database name: FerretDB needs its database to exist, and only another database can create it.
func maintenance(dbURL string) (string, string, error) {
	u, err := url.Parse(dbURL)
	if err != nil {
		return "", "", fmt.Errorf("-postgresql-url: %w", err)
	}
	name := strings.TrimPrefix(u.Path, "/")
	if name == "" || strings.ContainsAny(name, "/\"") {
		return "", "", fmt.Errorf("-postgresql-url must name a database: %q", dbURL)
	}
	u.Path = "/postgres"
	return u.String(), name, nil
}

func admin(dbURL string, do func(ctx context.Context, conn *pgx.Conn, name string) error) error {
	adminURL, name, err := maintenance(dbURL)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return fmt.Errorf("PostgreSQL at %s: %w", adminURL, err)
	}
	defer conn.Close(ctx)
	return do(ctx, conn, name)
}

func ensureDatabase(dbURL string) error {
	return admin(dbURL, func(ctx context.Context, conn *pgx.Conn, name string) error {
		var exists bool
		if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
			return err
		}
		if exists {
			return nil
		}
		_, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
		return err
	})
}

func dropDatabase(dbURL string) error {
	return admin(dbURL, func(ctx context.Context, conn *pgx.Conn, name string) error {
		_, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
		return err
	})
}
