package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

// A database laid out as FerretDB 1.24's SQLite backend lays it out: the metadata table, a collection's
// table with FerretDB's own unique index on `->"_id"`.
func ferretLike(t *testing.T, path string, tables ...string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	stmts := []string{`CREATE TABLE "_ferretdb_collections" (name TEXT NOT NULL UNIQUE, table_name TEXT NOT NULL UNIQUE, settings TEXT NOT NULL)`}
	for _, tbl := range tables {
		stmts = append(stmts,
			`INSERT INTO "_ferretdb_collections" VALUES ('`+tbl+`', '`+tbl+`_0001', '{}')`,
			`CREATE TABLE "`+tbl+`_0001" (_ferretdb_sjson TEXT)`,
			`CREATE UNIQUE INDEX "`+tbl+`_0001__id_" ON "`+tbl+`_0001" (_ferretdb_sjson->"_id")`,
		)
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// plan is SQLite's query plan for FerretDB's `_id` filter on table, made on a new connection (as
// FerretDB's connections would see the schema).
func plan(t *testing.T, path, table string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM "`+table+`" WHERE _ferretdb_sjson->'$._id' = ?`, `"T-1"`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		out = append(out, detail)
	}
	return strings.Join(out, "; ")
}

func TestIndexIDsMakesFerretDBsIDFilterAnIndexSearch(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "bureau.sqlite")
	ferretLike(t, path, "tasks", "receipts")
	if p := plan(t, path, "tasks_0001"); !strings.HasPrefix(p, "SCAN") {
		t.Fatalf("FerretDB's own index serves its _id filter (%s): this launcher's index is not needed", p)
	}
	indexIDs(context.Background(), dir)
	for _, table := range []string{"tasks_0001", "receipts_0001"} {
		if p := plan(t, path, table); !strings.Contains(p, "USING INDEX "+table+idSuffix) {
			t.Fatalf("%s: %s", table, p)
		}
	}
	// Again: nothing to do, nothing fails.
	if err := indexFile(context.Background(), path); err != nil {
		t.Fatal(err)
	}
}

func TestIndexIDsNeverCreatesOrBreaksADatabase(t *testing.T) {
	dir := t.TempDir()
	// Not a FerretDB database (yet): left alone.
	plain := filepath.Join(dir, "plain.sqlite")
	db, err := sql.Open("sqlite", "file:"+plain)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE t (x)`); err != nil {
		t.Fatal(err)
	}
	if err := indexFile(context.Background(), plain); err != nil {
		t.Fatal(err)
	}
	var indexes int
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'index'`).Scan(&indexes); err != nil || indexes != 0 {
		t.Fatalf("a database that is not FerretDB's was changed: %d indexes (%v)", indexes, err)
	}
	// A database dropped meanwhile: skipped, not created again.
	gone := filepath.Join(dir, "gone.sqlite")
	if err := indexFile(context.Background(), gone); err != nil {
		t.Fatal(err)
	}
	if matches, _ := filepath.Glob(gone + "*"); len(matches) > 0 {
		t.Fatalf("indexFile created %v", matches)
	}
}
