package reports

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	flate "github.com/klauspost/compress/flate"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// zipLevel is the deflate level of the report's parts. BestSpeed takes the
// compression off the top of the profile of a 1M-row report (it was a third
// of the run at the default level) for a file about 40 % larger (126 MB
// against 92 MB); the cells are the same, and the same run still gives the
// same bytes. The compressor is klauspost/compress's, which at this level
// takes two thirds of the time of compress/flate for a 5 % smaller output
// (64 MB of findings sheet XML: 100-129 ms and 6.3 MB, against 148-182 ms
// and 6.6 MB).
const zipLevel = flate.BestSpeed

// sortedZip is the excelize.ZipWriter of the XLSX report. excelize writes
// the parts of a workbook in an order that depends on map iteration (its
// streamed sheets), so the same workbook can come out as different bytes.
// sortedZip compresses each part into a spill file as excelize hands it over
// and, on Close, writes the parts to the real output sorted by name, with
// zero timestamps: the same workbook always gives the same bytes, and memory
// stays flat however large the parts are.
//
// It writes to out and ignores the writer excelize passes in (a memory
// buffer that then stays empty).
type sortedZip struct {
	out     io.Writer
	spill   *os.File
	sw      *bufio.Writer
	off     int64 // bytes written to spill
	entries []*zipEntry
	cur     *zipEntry
	crc     hash.Hash32
	err     error

	chunk   []byte      // raw bytes of the current part not yet handed to a compressor
	pending []*zipChunk // chunks being compressed, in part order

	splices []splice // sheets whose rows the report writes itself
}

// splice is a sheet part whose rows are written by rows, after those
// excelize wrote (the header), as <row> elements of its sheetData.
type splice struct {
	part string
	rows func(io.Writer) error
}

// spliceOf returns the splice of part name, or nil.
func (z *sortedZip) spliceOf(name string) *splice {
	for i := range z.splices {
		if z.splices[i].part == name {
			return &z.splices[i]
		}
	}
	return nil
}

// Parts are compressed in chunks of zipChunkSize raw bytes on up to
// GOMAXPROCS goroutines at once: each chunk is an independent run of
// deflate blocks ending in a sync flush (the last one in the final block),
// so their concatenation is one valid deflate stream. Chunk boundaries
// depend only on the bytes of the part, so the output is the same on every
// run whatever the scheduling.
const zipChunkSize = 1 << 20

// zipChunk is one chunk on its way through a compressor.
type zipChunk struct {
	done chan []byte
}

var flatePool = sync.Pool{New: func() any {
	fw, _ := flate.NewWriter(io.Discard, zipLevel)
	return fw
}}

// deflateChunk starts compressing data on its own goroutine.
func deflateChunk(data []byte, final bool) *zipChunk {
	c := &zipChunk{done: make(chan []byte, 1)}
	go func() {
		var out bytes.Buffer
		out.Grow(len(data)/3 + 64)
		fw := flatePool.Get().(*flate.Writer)
		fw.Reset(&out)
		fw.Write(data) // writes to a bytes.Buffer cannot fail
		if final {
			fw.Close()
		} else {
			fw.Flush()
		}
		flatePool.Put(fw)
		c.done <- out.Bytes()
	}()
	return c
}

// submit hands the current chunk to a compressor and writes finished chunks
// to the spill file, in order, keeping at most 2×GOMAXPROCS in flight.
func (z *sortedZip) submit(final bool) error {
	z.pending = append(z.pending, deflateChunk(z.chunk, final))
	z.chunk = make([]byte, 0, zipChunkSize)
	limit := 2 * runtime.GOMAXPROCS(0)
	if final {
		limit = 0
	}
	for len(z.pending) > limit {
		b := <-z.pending[0].done
		z.pending = z.pending[1:]
		if _, err := (countWriter{z}).Write(b); err != nil {
			z.err = err
			return err
		}
	}
	return nil
}

type zipEntry struct {
	name       string
	raw        *bytes.Buffer // parts fixed up before compression (content types)
	off, n     int64         // compressed bytes in spill
	crc        uint32
	size       uint64 // uncompressed
	compressed bool
}

func newSortedZip(out io.Writer, tmpDir string) (*sortedZip, error) {
	spill, err := createTemp(tmpDir, "aecheck-xlsx-*.zipspill")
	if err != nil {
		return nil, err
	}
	return &sortedZip{out: out, spill: spill, sw: bufio.NewWriterSize(spill, 256<<10)}, nil
}

// countWriter counts the compressed bytes going to the spill file.
type countWriter struct {
	z *sortedZip
}

func (c countWriter) Write(p []byte) (int, error) {
	n, err := c.z.sw.Write(p)
	c.z.off += int64(n)
	return n, err
}

// entryWriter feeds one part: CRC and size of the raw bytes, deflate into
// the spill file.
type entryWriter struct {
	z *sortedZip
	e *zipEntry
}

func (w entryWriter) Write(p []byte) (int, error) {
	if w.z.err != nil {
		return 0, w.z.err
	}
	if w.z.cur != w.e {
		return 0, errors.New("zip: write to a finished part")
	}
	if w.e.raw != nil {
		return w.e.raw.Write(p)
	}
	z := w.z
	z.crc.Write(p)
	w.e.size += uint64(len(p))
	n := len(p)
	for len(p) > 0 {
		k := min(len(p), zipChunkSize-len(z.chunk))
		z.chunk = append(z.chunk, p[:k]...)
		p = p[k:]
		if len(z.chunk) == zipChunkSize {
			if err := z.submit(false); err != nil {
				return 0, err
			}
		}
	}
	return n, nil
}

// Create implements excelize.ZipWriter.
func (z *sortedZip) Create(name string) (io.Writer, error) {
	if err := z.finish(); err != nil {
		return nil, err
	}
	e := &zipEntry{name: name, off: z.off, compressed: true}
	if z.chunk == nil {
		z.chunk = make([]byte, 0, zipChunkSize)
	}
	z.crc = crc32.NewIEEE()
	z.cur = e
	if name == contentTypesPart || z.spliceOf(name) != nil {
		e.raw = new(bytes.Buffer)
	}
	z.entries = append(z.entries, e)
	return entryWriter{z, e}, nil
}

// AddFS implements excelize.ZipWriter; the report never adds a file system.
func (z *sortedZip) AddFS(fs.FS) error {
	return errors.New("zip: AddFS is not supported")
}

func (z *sortedZip) finish() error {
	if z.err != nil {
		return z.err
	}
	if z.cur == nil {
		return nil
	}
	if e := z.cur; e.raw != nil {
		b := e.raw.Bytes()
		e.raw = nil
		if sp := z.spliceOf(e.name); sp != nil {
			if err := z.writeSpliced(e, b, sp); err != nil {
				return err
			}
		} else {
			b = sortElements(b, "Default")
			b = sortElements(b, "Override")
			if _, err := (entryWriter{z, e}).Write(b); err != nil {
				return err
			}
		}
	}
	if err := z.submit(true); err != nil {
		return err
	}
	z.cur.crc = z.crc.Sum32()
	z.cur.n = z.off - z.cur.off
	z.cur = nil
	return nil
}

// writeSpliced writes the sheet doc that excelize made for e with the rows
// of sp at the end of its sheetData.
func (z *sortedZip) writeSpliced(e *zipEntry, doc []byte, sp *splice) error {
	w := entryWriter{z, e}
	head, tail, ok := bytes.Cut(doc, []byte("</sheetData>"))
	if !ok {
		head, tail, ok = bytes.Cut(doc, []byte("<sheetData/>"))
		if !ok {
			return fmt.Errorf("zip: no sheetData in %s", e.name)
		}
		head = append(head[:len(head):len(head)], "<sheetData>"...)
	}
	if _, err := w.Write(head); err != nil {
		return err
	}
	if err := sp.rows(w); err != nil {
		return err
	}
	if _, err := w.Write([]byte("</sheetData>")); err != nil {
		return err
	}
	_, err := w.Write(tail)
	return err
}

// Close implements excelize.ZipWriter: it writes every part to out, sorted,
// and removes the spill file.
func (z *sortedZip) Close() error {
	defer z.discard()
	if err := z.finish(); err != nil {
		return err
	}
	if err := z.sw.Flush(); err != nil {
		return err
	}
	sort.Slice(z.entries, func(i, j int) bool {
		a, b := zipRank(z.entries[i].name), zipRank(z.entries[j].name)
		if a != b {
			return a < b
		}
		return z.entries[i].name < z.entries[j].name
	})
	zw := zip.NewWriter(z.out)
	seen := map[string]bool{}
	for _, e := range z.entries {
		if seen[e.name] {
			return errors.New("zip: duplicate part " + e.name)
		}
		seen[e.name] = true
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name:               e.name,
			Method:             zip.Deflate,
			CRC32:              e.crc,
			CompressedSize64:   uint64(e.n),
			UncompressedSize64: e.size,
		})
		if err != nil {
			return err
		}
		if _, err := io.Copy(w, io.NewSectionReader(z.spill, e.off, e.n)); err != nil {
			return err
		}
	}
	return zw.Close()
}

// zipRank puts the content types and the package relationships first, as
// Office does; some tools sniff the first part.
func zipRank(name string) int {
	switch {
	case name == contentTypesPart:
		return 0
	case strings.HasPrefix(name, "_rels/"):
		return 1
	}
	return 2
}

const contentTypesPart = "[Content_Types].xml"

// sortElements sorts the <tag …> elements of an XML document among the
// places they hold. excelize appends the image types of the content types
// part in map order; sorting them makes the part the same on every run.
func sortElements(doc []byte, tag string) []byte {
	re := regexp.MustCompile(`<` + tag + `\b[^>]*?(/>|>(</` + tag + `>)?)`)
	locs := re.FindAllIndex(doc, -1)
	if len(locs) < 2 {
		return doc
	}
	elems := make([]string, len(locs))
	for i, l := range locs {
		elems[i] = string(doc[l[0]:l[1]])
	}
	sort.Strings(elems)
	var out bytes.Buffer
	prev := 0
	for i, l := range locs {
		out.Write(doc[prev:l[0]])
		out.WriteString(elems[i])
		prev = l[1]
	}
	out.Write(doc[prev:])
	return out.Bytes()
}

// discard removes the spill file; safe to call more than once.
func (z *sortedZip) discard() {
	if z.spill != nil {
		z.spill.Close()
		removeTemp(z.spill.Name())
		z.spill = nil
	}
}
