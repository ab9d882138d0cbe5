package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// pgTestDB makes a private database on the server of POSTGRES_URL (the project's default when unset)
// and gives a connection to it; the test is skipped when no server answers (CI starts one).
func pgTestDB(t *testing.T) *pgx.Conn {
	t.Helper()
	base := os.Getenv("POSTGRES_URL")
	if base == "" {
		base = "postgres://postgres@127.0.0.1:5432/ssj"
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = fmt.Sprintf("/ssj_launcher_test_%d", os.Getpid())
	dbURL := u.String()
	if err := ensureDatabase(dbURL); err != nil {
		t.Skipf("no PostgreSQL server: %v", err)
	}
	t.Cleanup(func() {
		if err := dropDatabase(dbURL); err != nil {
			t.Error(err)
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// pgExec runs statements, failing the test on the first error.
func pgExec(t *testing.T, conn *pgx.Conn, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := conn.Exec(context.Background(), s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// ferretSchema lays out a FerretDB 1.24 database as its PostgreSQL backend does: a schema with the
// metadata table naming each collection's table, which has FerretDB's B-tree unique index on
// `_jsonb->'_id'`, filled with rows.
func ferretSchema(t *testing.T, conn *pgx.Conn, schema string, tables map[string]int) {
	t.Helper()
	q := pgx.Identifier{schema}.Sanitize()
	pgExec(t, conn, `CREATE SCHEMA `+q, `CREATE TABLE `+q+`._ferretdb_database_metadata (_jsonb jsonb)`)
	for table, rows := range tables {
		tq := pgx.Identifier{schema, table}.Sanitize()
		pgExec(t, conn,
			`INSERT INTO `+q+`._ferretdb_database_metadata VALUES ('{"_id": "`+table+`", "table": "`+table+`"}')`,
			`CREATE TABLE `+tq+` (_jsonb jsonb)`,
			`CREATE UNIQUE INDEX `+pgx.Identifier{table + "__id__idx"}.Sanitize()+` ON `+tq+` ((_jsonb->'_id'))`,
			fmt.Sprintf(`INSERT INTO %s SELECT jsonb_build_object('_id', 'T-' || i, 'n', i) FROM generate_series(1, %d) i`, tq, rows),
			`ANALYZE `+tq,
		)
	}
}

// pgPlan is PostgreSQL's plan for FerretDB's `_id` filter on a table, as FerretDB sends it (the key and
// the value as parameters), with `limit` appended (a `findOne`: " LIMIT 1").
func pgPlan(t *testing.T, conn *pgx.Conn, schema, table string, limit ...string) string {
	t.Helper()
	rows, err := conn.Query(context.Background(),
		`EXPLAIN SELECT _jsonb FROM `+pgx.Identifier{schema, table}.Sanitize()+` WHERE _jsonb->$1 @> $2`+
			strings.Join(limit, ""),
		"_id", `"T-17"`)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}

func TestIndexPGIDsServesTheIDFilter(t *testing.T) {
	conn := pgTestDB(t)
	ctx := context.Background()
	ferretSchema(t, conn, "app", map[string]int{"tasks_1a2b3c4d": 5000, "receipts_5e6f7a8b": 10})
	if p := pgPlan(t, conn, "app", "tasks_1a2b3c4d"); !strings.Contains(p, "Seq Scan") {
		t.Fatalf("FerretDB's own index served the filter already:\n%s", p)
	}
	if err := indexPGIDs(ctx, conn); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"tasks_1a2b3c4d", "receipts_5e6f7a8b"} {
		p := pgPlan(t, conn, "app", table)
		if table == "tasks_1a2b3c4d" && !strings.Contains(p, pgIDIndex(table)) {
			t.Fatalf("the filter does not use the index on %s:\n%s", table, p)
		}
		var n int
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_indexes WHERE schemaname = 'app' AND indexname = $1`, pgIDIndex(table)).Scan(&n); err != nil || n != 1 {
			t.Fatalf("%s: %d indexes named %s (%v)", table, n, pgIDIndex(table), err)
		}
	}
	// The lookup finds the document through the index.
	var id string
	if err := conn.QueryRow(ctx, `SELECT _jsonb->>'_id' FROM app.tasks_1a2b3c4d WHERE _jsonb->$1 @> $2`, "_id", `"T-4321"`).Scan(&id); err != nil || id != "T-4321" {
		t.Fatalf("found %q (%v)", id, err)
	}
	// A second pass has nothing to do; a collection the metadata names but whose table is gone (dropped
	// meanwhile), and a database dropped, are passed over.
	ferretSchema(t, conn, "other", map[string]int{"things_00000000": 3})
	pgExec(t, conn,
		`INSERT INTO app._ferretdb_database_metadata VALUES ('{"_id": "gone", "table": "gone_99999999"}')`,
		`DROP SCHEMA other CASCADE`,
	)
	if err := indexPGIDs(ctx, conn); err != nil {
		t.Fatal(err)
	}
}

// An index made before the pending list was turned off (GIN's default keeps one) is turned off and
// emptied; one made now has none.
func TestIndexPGIDsEmptiesThePendingList(t *testing.T) {
	conn := pgTestDB(t)
	ctx := context.Background()
	ferretSchema(t, conn, "app", map[string]int{"receipts_1a2b3c4d": 10, "tasks_5e6f7a8b": 10})
	old := pgx.Identifier{"app", pgIDIndex("receipts_1a2b3c4d")}.Sanitize()
	pgExec(t, conn,
		`CREATE INDEX `+pgx.Identifier{pgIDIndex("receipts_1a2b3c4d")}.Sanitize()+
			` ON app.receipts_1a2b3c4d USING gin ((_jsonb->'_id') jsonb_path_ops)`,
		`INSERT INTO app.receipts_1a2b3c4d SELECT jsonb_build_object('_id', 'R-' || i) FROM generate_series(1, 5000) i`,
	)
	pending := func(index string) (pages int64, off bool) {
		t.Helper()
		// Read before cleaning: the count of pages it would move.
		if err := conn.QueryRow(ctx, `SELECT coalesce(c.reloptions @> '{fastupdate=off}', false)
			FROM pg_class c WHERE c.oid = $1::regclass`, index).Scan(&off); err != nil {
			t.Fatal(err)
		}
		if err := conn.QueryRow(ctx, `SELECT gin_clean_pending_list($1::regclass)`, index).Scan(&pages); err != nil {
			t.Fatal(err)
		}
		return pages, off
	}
	if err := indexPGIDs(ctx, conn); err != nil {
		t.Fatal(err)
	}
	for _, index := range []string{old, pgx.Identifier{"app", pgIDIndex("tasks_5e6f7a8b")}.Sanitize()} {
		if pages, off := pending(index); pages != 0 || !off {
			t.Fatalf("%s: %d pending pages, fastupdate off: %v", index, pages, off)
		}
	}
	// The check can fail: an index with the list on, after inserts, has pages in it.
	pgExec(t, conn, `ALTER INDEX `+old+` SET (fastupdate = on)`,
		`INSERT INTO app.receipts_1a2b3c4d SELECT jsonb_build_object('_id', 'S-' || i) FROM generate_series(1, 5000) i`)
	if pages, off := pending(old); pages == 0 || off {
		t.Fatalf("%s: %d pending pages, fastupdate off: %v", old, pages, off)
	}
}

// A table filled since its statistics were gathered (this machine's server runs no autovacuum) is
// analysed again, so that a `findOne` is planned through the index rather than as a scan.
func TestIndexPGIDsAnalysesChangedTables(t *testing.T) {
	conn := pgTestDB(t)
	ctx := context.Background()
	ferretSchema(t, conn, "app", map[string]int{"receipts_1a2b3c4d": 10})
	if err := indexPGIDs(ctx, conn); err != nil {
		t.Fatal(err)
	}
	pgExec(t, conn,
		`INSERT INTO app.receipts_1a2b3c4d SELECT jsonb_build_object('_id', 'R-' || i) FROM generate_series(1, 50000) i`,
		`SELECT pg_stat_force_next_flush()`)
	// The check can fail: the statistics of 10 rows make the first match look near.
	if p := pgPlan(t, conn, "app", "receipts_1a2b3c4d", " LIMIT 1"); !strings.Contains(p, "Seq Scan") {
		t.Fatalf("planned through the index before any analysis:\n%s", p)
	}
	if err := indexPGIDs(ctx, conn); err != nil {
		t.Fatal(err)
	}
	if p := pgPlan(t, conn, "app", "receipts_1a2b3c4d", " LIMIT 1"); !strings.Contains(p, pgIDIndex("receipts_1a2b3c4d")) {
		t.Fatalf("a findOne does not use the index after the sweep:\n%s", p)
	}
}

func TestIndexPGIDsLeavesOtherSchemasAlone(t *testing.T) {
	conn := pgTestDB(t)
	pgExec(t, conn, `CREATE TABLE public.plain (_jsonb jsonb)`)
	if err := indexPGIDs(context.Background(), conn); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := conn.QueryRow(context.Background(), `SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'ssj_id_%'`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d indexes made in a database that is not FerretDB's (%v)", n, err)
	}
}

func TestPGIDIndexNamesFitPostgreSQL(t *testing.T) {
	long := strings.Repeat("集合", 40) + "_0123abcd"
	if n := len(pgIDIndex(long)); n > 63 {
		t.Fatalf("%d bytes", n)
	}
	if pgIDIndex("a_1") == pgIDIndex("a_2") {
		t.Fatal("two tables, one index name")
	}
}
