package namespace

import (
	"fmt"

	"github.com/entitydb/entitydb/storage"
)

// loadIndex reads the namespace's checkpoint into st (none yet).
func (st *state) loadIndex() error { return nil }

// maybeCheckpoint starts a checkpoint when the WAL has grown large.
func (st *state) maybeCheckpoint() {}

// checkpoint moves WAL-resident versions into entities.ebf, writes the
// .idx snapshot and trims the WAL.
func (st *state) checkpoint(final bool) error { return nil }

// dropPrepare unloads the namespace for Drop and returns its ranges in
// entities.ebf.
func (n *Namespace) dropPrepare() ([]storage.Extent, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.dropped {
		return nil, fmt.Errorf("%w: %q", ErrNamespaceNotFound, n.name)
	}
	var ex []storage.Extent
	if n.st != nil {
		st := n.st
		st.mu.RLock()
		for _, d := range st.docs {
			if d.off != 0 {
				ex = append(ex, storage.Extent{Off: d.off, Len: d.n})
			}
		}
		ex = append(ex, st.garbage...)
		st.mu.RUnlock()
		if err := st.stop(false); err != nil {
			n.reg.logger.Warn("drop: stop namespace", "namespace", n.name, "err", err)
		}
		n.st = nil
	}
	n.dropped = true
	return ex, nil
}

func (r *Registry) evictLoop() { defer r.wg.Done(); <-r.stop }
