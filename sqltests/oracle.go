package sqltests

import (
	"context"
	_ "embed"
	"fmt"
	"net/url"
	"time"

	"github.com/entitydb/entitydb/internal/pgcluster"
	"github.com/jackc/pgx/v5/pgconn"
)

//go:embed oracle.sql
var oracleSQL string

// OracleUser and OracleDatabase match entitydb's superuser and database
// names, so current_user, session_user and current_database() agree.
const (
	OracleUser     = "entitydb"
	OracleDatabase = "entitydb"
)

// StartOracle starts a PostgreSQL cluster prepared as the oracle (see
// oracle.sql) and returns it with the connection string of its "entitydb"
// database. The caller stops the cluster. settings are extra server
// settings (nil for none).
func StartOracle(ctx context.Context, settings map[string]string) (*pgcluster.Cluster, string, error) {
	opts := pgcluster.Options{User: OracleUser, Settings: map[string]string{
		// A thrown-away cluster: durability only costs time.
		"fsync":              "off",
		"synchronous_commit": "off",
		"full_page_writes":   "off",
	}}
	for k, v := range settings {
		opts.Settings[k] = v
	}
	c, err := pgcluster.Start(ctx, opts)
	if err != nil {
		return nil, "", err
	}
	connString, err := PrepareOracle(ctx, c.ConnString())
	if err != nil {
		c.Stop()
		return nil, "", err
	}
	if v := c.MajorVersion(); v != 15 {
		c.Stop()
		return nil, "", fmt.Errorf("the oracle must be PostgreSQL 15, found %q", c.Version())
	}
	return c, connString, nil
}

// PrepareOracle creates the database "entitydb" on the cluster reached by
// connString (a superuser connection) and sets it up as the oracle. It
// returns the connection string of the new database.
func PrepareOracle(ctx context.Context, connString string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	conn, err := pgconn.Connect(ctx, connString)
	if err != nil {
		return "", fmt.Errorf("oracle: connect: %w", err)
	}
	_, err = conn.Exec(ctx, "CREATE DATABASE "+OracleDatabase).ReadAll()
	conn.Close(ctx)
	if err != nil {
		return "", fmt.Errorf("oracle: create database: %w", err)
	}
	u, err := url.Parse(connString)
	if err != nil {
		return "", err
	}
	u.Path = "/" + OracleDatabase
	db, err := pgconn.Connect(ctx, u.String())
	if err != nil {
		return "", fmt.Errorf("oracle: connect to %s: %w", OracleDatabase, err)
	}
	defer db.Close(ctx)
	if _, err := db.Exec(ctx, oracleSQL).ReadAll(); err != nil {
		return "", fmt.Errorf("oracle: setup (oracle.sql): %w", err)
	}
	return u.String(), nil
}
