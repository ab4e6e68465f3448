package xlsx

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"
)

const (
	chunkSize    = 256 << 10
	chunkBuffers = 4
)

type chunk struct {
	data []byte
	err  error
}

// asyncSource decompresses a zip entry on its own goroutine and hands the
// scanner fixed-size chunks, so inflating and scanning use both cores.
// Memory is chunkBuffers*chunkSize whatever the size of the part.
type asyncSource struct {
	rc    io.ReadCloser
	full  chan chunk
	free  chan []byte
	stop  chan struct{}
	done  chan struct{}
	last  []byte
	ended bool
	once  sync.Once
	read  atomic.Int64 // bytes decompressed so far, for Rows.Progress
}

// newAsyncSource starts decompressing rc. More than limit decompressed bytes
// is an error (a zip bomb guard); what names the part in that error.
func newAsyncSource(rc io.ReadCloser, limit int64, what string) *asyncSource {
	a := &asyncSource{
		rc:   rc,
		full: make(chan chunk, chunkBuffers),
		free: make(chan []byte, chunkBuffers),
		stop: make(chan struct{}),
		done: make(chan struct{}),
	}
	for range chunkBuffers {
		a.free <- make([]byte, chunkSize)
	}
	go a.run(limit, what)
	return a
}

func (a *asyncSource) run(limit int64, what string) {
	defer close(a.done)
	var total int64
	for {
		var b []byte
		select {
		case b = <-a.free:
		case <-a.stop:
			return
		}
		n, err := io.ReadFull(a.rc, b)
		if err == io.ErrUnexpectedEOF {
			err = io.EOF
		}
		total += int64(n)
		a.read.Store(total)
		if total > limit {
			n, err = 0, fmt.Errorf("%s is larger than %d bytes uncompressed (limit reached, possible zip bomb)", what, limit)
		} else if err != nil && err != io.EOF {
			err = fmt.Errorf("decompressing %s: %w", what, err)
		}
		select {
		case a.full <- chunk{b[:n], err}:
		case <-a.stop:
			return
		}
		if err != nil {
			return
		}
	}
}

func (a *asyncSource) next() ([]byte, error) {
	if a.last != nil {
		a.free <- a.last[:cap(a.last)]
		a.last = nil
	}
	if a.ended {
		return nil, io.EOF
	}
	c := <-a.full
	if c.err != nil {
		a.ended = true
	}
	a.last = c.data
	return c.data, c.err
}

// close stops the goroutine and closes the entry reader.
func (a *asyncSource) close() error {
	var err error
	a.once.Do(func() {
		close(a.stop)
		<-a.done
		err = a.rc.Close()
	})
	return err
}
