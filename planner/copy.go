package planner

import (
	"context"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/entitydb/entitydb/pgerr"
)

func (s *Session) copyStmt(ctx context.Context, c *pg.CopyStmt, out Output) (*running, error) {
	return nil, pgerr.New(pgerr.FeatureNotSupported, "COPY is not supported yet")
}
