package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// pgIDIndex names the index indexPGIDs adds to a collection's table: a hash of the table's name, so
// that it stays within PostgreSQL's 63-byte names whatever the table is called.
func pgIDIndex(table string) string {
	sum := sha256.Sum256([]byte(table))
	return "ssj_id_" + hex.EncodeToString(sum[:8])
}

// indexPGIDs gives every collection table of FerretDB 1.24's PostgreSQL backend (each FerretDB
// database is a schema with a `_ferretdb_database_metadata` table naming its collections' tables) an
// index that its `_id` filter can use. FerretDB filters `_jsonb->$1 @> $2` (the key a parameter, the
// value as JSON) while its unique index is a B-tree on `_jsonb->'_id'`, which cannot serve `@>`; so
// every find, update and delete by `_id` read the whole table (28 ms at 10,000 task documents). A GIN
// index on the same expression serves `@>` (2 ms; inserts no slower), without a pending list (pendingOff). Not built CONCURRENTLY, which
// waits for every older transaction and so could deadlock with FerretDB dropping the table: writes to
// a table wait while its index is built (new tables are indexed within a second, while small; an
// existing large one once, at the first start). FerretDB's listIndexes reads its own metadata, so
// clients never see this index.
func indexPGIDs(ctx context.Context, conn *pgx.Conn) error {
	schemas, err := pgColumn(ctx, conn,
		`SELECT table_schema::text FROM information_schema.tables WHERE table_name = '_ferretdb_database_metadata'`)
	if err != nil {
		return err
	}
	for _, schema := range schemas {
		tables, err := pgColumn(ctx, conn,
			`SELECT _jsonb->>'table' FROM `+pgx.Identifier{schema, "_ferretdb_database_metadata"}.Sanitize())
		if gone(err) {
			continue // dropped meanwhile
		}
		if err != nil {
			return err
		}
		have, err := pgColumn(ctx, conn, `SELECT indexname::text FROM pg_indexes WHERE schemaname = $1`, schema)
		if err != nil {
			return err
		}
		indexed := setOf(have)
		for _, table := range tables {
			name := pgIDIndex(table)
			if indexed[name] {
				continue
			}
			_, err := conn.Exec(ctx, `CREATE INDEX IF NOT EXISTS `+pgx.Identifier{name}.Sanitize()+
				` ON `+pgx.Identifier{schema, table}.Sanitize()+
				` USING gin ((_jsonb->'_id') jsonb_path_ops) WITH (fastupdate = off)`)
			if err != nil && !gone(err) {
				return err
			}
		}
		if err := pendingOff(ctx, conn, schema); err != nil {
			return err
		}
		if err := analyzeChanged(ctx, conn, schema); err != nil {
			return err
		}
	}
	return nil
}

// analyzeChanged gathers the planner's statistics of the schema's tables that changed by autovacuum's
// own measure (50 rows and a tenth of the table) since they were last gathered. Without them (a server
// with autovacuum off, as this machine's is, or a table filled faster than its naptime) PostgreSQL
// guesses that an `_id` matches 1 % of the rows and plans a `findOne` (`LIMIT 1`) as a scan of the table
// that stops at the first match: 90 ms at 200,000 receipts, 1.7 ms once analysed.
func analyzeChanged(ctx context.Context, conn *pgx.Conn, schema string) error {
	changed, err := pgColumn(ctx, conn, `SELECT relname::text FROM pg_stat_user_tables
		WHERE schemaname = $1 AND n_mod_since_analyze > 50 + 0.1 * n_live_tup`, schema)
	if err != nil {
		return err
	}
	for _, table := range changed {
		if _, err := conn.Exec(ctx, `ANALYZE `+pgx.Identifier{schema, table}.Sanitize()); err != nil && !gone(err) {
			return err
		}
	}
	return nil
}

// pendingOff turns off the pending list of the schema's `_id` indexes made before it was turned off at
// creation. With it (GIN's default), new entries wait in an unsorted list that every lookup reads and the
// planner costs in: 11 ms per lookup at 200,000 receipts, and a `findOne` (`LIMIT 1`) planned as a scan
// of the table instead, 90 ms, until a vacuum emptied it; without it each insert files its one key.
func pendingOff(ctx context.Context, conn *pgx.Conn, schema string) error {
	pending, err := pgColumn(ctx, conn, `SELECT c.relname::text FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = $1 AND c.relkind = 'i' AND c.relname LIKE 'ssj\_id\_%'
		AND NOT coalesce(c.reloptions @> '{fastupdate=off}', false)`, schema)
	if err != nil {
		return err
	}
	for _, name := range pending {
		index := pgx.Identifier{schema, name}.Sanitize()
		_, err := conn.Exec(ctx, `ALTER INDEX `+index+` SET (fastupdate = off)`)
		if err == nil {
			// What the list holds already is moved into the index (not done by turning it off).
			_, err = conn.Exec(ctx, `SELECT gin_clean_pending_list($1::regclass)`, index)
		}
		if err != nil && !gone(err) {
			return err
		}
	}
	return nil
}

// gone says the error is about a schema or table dropped meanwhile (FerretDB dropping a database or
// a collection while the sweep ran).
func gone(err error) bool {
	var pg *pgconn.PgError
	return errors.As(err, &pg) && (pg.Code == "42P01" || pg.Code == "3F000")
}

// pgColumn gives the first column (text) of every row of q.
func pgColumn(ctx context.Context, conn *pgx.Conn, q string, args ...any) ([]string, error) {
	rows, err := conn.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// watchPGIDs runs indexPGIDs now and then every interval until ctx ends, on one connection made
// again after an error (the server restarting): a collection created meanwhile is still small.
func watchPGIDs(ctx context.Context, dbURL string, interval time.Duration, first chan<- struct{}) {
	var conn *pgx.Conn
	defer func() {
		if conn != nil {
			conn.Close(context.Background())
		}
	}()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if conn == nil {
			c, err := pgx.Connect(ctx, dbURL)
			if err != nil && ctx.Err() == nil {
				log.Printf("indexing _id: %v", err)
			}
			conn = c
		}
		if conn != nil {
			if err := indexPGIDs(ctx, conn); err != nil && ctx.Err() == nil {
				log.Printf("indexing _id: %v", err)
				conn.Close(context.Background())
				conn = nil
			}
		}
		if first != nil {
			close(first)
			first = nil
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
