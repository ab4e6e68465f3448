package readers

// Progress returns how many bytes of the catalog file have been read and
// its size (both 0 when unknown); safe to call from another goroutine.
func (r *CatalogReader) Progress() (read, size int64) { return r.t.Progress() }

// Progress returns how many bytes of the order file have been read and its
// size (both 0 when unknown); safe to call from another goroutine.
func (r *OrderReader) Progress() (read, size int64) { return r.t.Progress() }
