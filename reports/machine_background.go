package reports

import (
	"sync"

	"github.com/apache/arrow/go/v17/arrow"
)

// background writes records on a goroutine of its own, one after the
// other in the order they come, so that the next chunk is built while the
// last one is encoded: building a chunk and encoding it each take about as
// long, and both were on the one goroutine that writes. One record is
// encoded while at most one more waits to be taken (the chunker does not
// build while it waits), so memory holds two chunks at most, not one.
type background struct {
	write func(arrow.Record) error // set before the first put
	recs  chan arrow.Record
	done  chan struct{}
	mu    sync.Mutex
	err   error // the first write error
}

// put hands rec to write on the background goroutine, which releases it;
// put takes the caller's reference. It returns the error of an earlier
// write, if any (rec is then released unwritten).
func (g *background) put(rec arrow.Record) error {
	if g.recs == nil {
		write := g.write
		g.recs, g.done = make(chan arrow.Record), make(chan struct{})
		go func() {
			defer close(g.done)
			for r := range g.recs {
				if g.failed() == nil {
					// A panic here would end the process: no caller is
					// on this goroutine's stack to recover it.
					if err := protect("", func() error { return write(r) }); err != nil {
						g.mu.Lock()
						g.err = err
						g.mu.Unlock()
					}
				}
				r.Release()
			}
		}()
	}
	if err := g.failed(); err != nil {
		rec.Release()
		return err
	}
	g.recs <- rec
	return nil
}

func (g *background) failed() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.err
}

// wait lets the records handed over be written and returns the first
// error. The background may be used again afterwards.
func (g *background) wait() error {
	if g.recs != nil {
		close(g.recs)
		<-g.done
		g.recs = nil
	}
	return g.failed()
}
