package main

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the driver FerretDB's SQLite backend uses (registered as "sqlite")
)

// idSuffix names the index indexIDs adds to a collection's table.
const idSuffix = "_ssj_id"

// indexIDs gives every collection table of the SQLite databases in dir an index on the expression
// FerretDB 1.24 filters an `_id` equality with (`_ferretdb_sjson->'$._id'`, also its updates and
// deletes by `_id`). The unique index FerretDB makes is on `_ferretdb_sjson->"_id"`, which SQLite's
// planner does not match to that expression, so every lookup by `_id` scanned the table: 21 ms at
// 10,000 documents, 2.6 ms with this index (the cost of a lookup in a 300-document table).
// FerretDB's listIndexes reads its own metadata, so clients never see these indexes.
func indexIDs(ctx context.Context, dir string) {
	files, err := filepath.Glob(filepath.Join(dir, "*.sqlite"))
	if err != nil {
		log.Print(err)
		return
	}
	for _, f := range files {
		if err := indexFile(ctx, f); err != nil {
			log.Printf("indexing _id in %s: %v", filepath.Base(f), err)
		}
	}
}

// indexFile adds the missing `_id` indexes of one database file. The connection is short-lived and
// opened read-write without create (`mode=rw`): a database FerretDB drops meanwhile is skipped, never
// recreated; FerretDB's writers are waited for (`busy_timeout`, as FerretDB's own).
func indexFile(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=rw&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	var exists int
	err = db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_ferretdb_collections'`).Scan(&exists)
	if err != nil || exists == 0 {
		return nil // gone, or not yet a FerretDB database
	}
	tables, err := firstColumn(ctx, db, `SELECT table_name FROM "_ferretdb_collections"`)
	if err != nil {
		return err
	}
	indexed, err := firstColumn(ctx, db, `SELECT name FROM sqlite_master WHERE type = 'index'`)
	if err != nil {
		return err
	}
	have := setOf(indexed)
	for _, t := range tables {
		if have[t+idSuffix] {
			continue
		}
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, t+idSuffix, t)
		if _, err := db.ExecContext(ctx, q); err != nil && !strings.Contains(err.Error(), "no such table") {
			return err
		}
	}
	return nil
}

// setOf gives the names as a set.
func setOf(names []string) map[string]bool {
	set := make(map[string]bool, len(names))
	for _, name := range names {
		set[name] = true
	}
	return set
}

// firstColumn gives the first column of every row of q.
func firstColumn(ctx context.Context, db *sql.DB, q string) ([]string, error) {
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// watchIDs runs indexIDs every interval until ctx ends: a collection created meanwhile is small, so
// its index is made at once.
func watchIDs(ctx context.Context, dir string, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			indexIDs(ctx, dir)
		}
	}
}
