package readers

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestRobustRowLimits: a record past MaxRowCells or MaxRowBytes is an
// error naming its row and line, found before it takes memory in
// proportion to its length; a record at the limits reads.
func TestRobustRowLimits(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       string // "" = reads
	}{
		{"at the cell limit", "h\n" + strings.Repeat("a,", MaxRowCells-1) + "a\n", ""},
		{"one cell past", "h\n" + strings.Repeat("a,", MaxRowCells) + "a\n", "row 2 (line 2) has more than 16384 cells (beyond column XFD)"},
		{"past in the slow path", "h\n\"x\"\"y\"," + strings.Repeat("a,", 1<<20) + "\n", "row 2 (line 2) has more than 16384 cells"},
		{"many large cells", "h\n" + strings.Repeat(strings.Repeat("b", 1<<20)+",", MaxRowBytes>>20+1) + "\n", "more than 64 MB of text"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newScanner(strings.NewReader(tc.text), ',')
			var err error
			for err == nil {
				_, err = s.scan()
			}
			if tc.want == "" {
				if err != io.EOF {
					t.Fatalf("scan: %v", err)
				}
				return
			}
			if !errors.Is(err, ErrRowTooLarge) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("scan: %v, want %q", err, tc.want)
			}
		})
	}
}

// TestRobustXMLNesting: 30,000 nested elements (they took 1 GB and 30 s)
// are refused fast with a message naming the file and line; a feed nested
// at the limit still reads.
func TestRobustXMLNesting(t *testing.T) {
	dir := t.TempDir()
	nested := func(n int) string {
		return "<products><product><title>Lamp</title><price>1</price></product><product><title>Desk</title><price>2</price>" +
			strings.Repeat("<x>", n) + "v" + strings.Repeat("</x>", n) + "</product></products>"
	}
	for _, tc := range []struct {
		name string
		n    int
		want string
	}{
		{"at the limit", XMLMaxNesting - 3, ""},
		{"deep", 30000, "nested more than 256 levels"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, tc.name+".xml")
			os.WriteFile(p, []byte(nested(tc.n)), 0o644)
			start := time.Now()
			r, err := OpenCatalog(p, nil, Options{})
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("took %v", took)
			}
			if tc.want == "" {
				if err != nil {
					t.Fatalf("OpenCatalog: %v", err)
				}
				r.Close()
				return
			}
			if err == nil {
				r.Close()
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), "line 1") {
				t.Fatalf("OpenCatalog: %v, want %q", err, tc.want)
			}
		})
	}
}

// TestRobustXMLRepeats: a field repeated many times inside one record
// (a 1.6 MB feed of 200,000 <g> in one <item> took 20 s, quadratic in the
// repeats) gathers its values in time linear in the record, and a record
// past MaxRowCells elements is refused with the file and line. The long
// case makes the quadratic cost unmistakable (about 128 GB of copying)
// while the linear one reads 16 MB, so the time limit holds on a busy
// machine and fails on the quadratic code on any machine.
func TestRobustXMLRepeats(t *testing.T) {
	dir := t.TempDir()
	feed := func(n int, field, value string) string {
		return "<rss><channel><item><title>Lamp</title><id>1</id>" + strings.Repeat("<"+field+">"+value+"</"+field+">", n) +
			"</item><item><title>Desk</title><id>2</id><image_link> b </image_link><image_link></image_link><image_link>c</image_link></item></channel></rss>"
	}
	for _, tc := range []struct {
		name       string
		n          int
		field, val string
		want       string
	}{
		{"many repeats", MaxRowCells - 10, "image_link", "https://x/a.jpg", ""},
		{"long repeats", MaxRowCells - 10, "note", strings.Repeat("x", 1000), ""},
		{"too many elements", 200000, "image_link", "https://x/a.jpg", "more than 16384 elements"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".xml")
			os.WriteFile(p, []byte(feed(tc.n, tc.field, tc.val)), 0o644)
			start := time.Now()
			res, err := readAll(t, p, Options{})
			if took := time.Since(start); took > 15*time.Second {
				t.Errorf("took %v", took)
			}
			if tc.want != "" {
				if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), "line 1") {
					t.Fatalf("read: %v, want %q", err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			images := 0
			if tc.field == "image_link" {
				images = tc.n
			}
			if len(res.listings) != 2 || res.listings[0].Images != images || res.listings[1].Images != 2 {
				t.Fatalf("listings %d, images %d and %d, want 2, %d and 2", len(res.listings), res.listings[0].Images, res.listings[1].Images, images)
			}
		})
	}
}

// FuzzXMLStructure builds a feed's structure from the fuzzer's bytes
// (open one of a few elements, close, text, a run of nesting) so that it
// explores shapes rather than bytes: the reader never panics, answers in
// bounded time, and accounts for every record it reports.
func FuzzXMLStructure(f *testing.F) {
	f.Add([]byte{0, 1, 2, 4, 3, 4, 5, 2, 6, 3})
	f.Add([]byte{0, 1, 2, 4, 3, 7, 200, 3, 3})
	f.Add(bytes.Repeat([]byte{1}, 300))
	names := []string{"products", "product", "title", "price", "item", "g:shipping", "description", "x"}
	f.Fuzz(func(t *testing.T, ops []byte) {
		var b strings.Builder
		var open []string
		for i := 0; i < len(ops); i++ {
			switch op := ops[i]; {
			case op < 8:
				open = append(open, names[op])
				b.WriteString("<" + names[op] + ">")
			case op < 64 && len(open) > 0:
				b.WriteString("</" + open[len(open)-1] + ">")
				open = open[:len(open)-1]
			case op < 128:
				b.WriteString("v" + strconv.Itoa(int(op)))
			case i+1 < len(ops):
				// A run of nesting, up to a few thousand levels.
				n := int(ops[i+1]) * 16
				i++
				b.WriteString(strings.Repeat("<x>", n) + strings.Repeat("</x>", n))
			}
		}
		for len(open) > 0 {
			b.WriteString("</" + open[len(open)-1] + ">")
			open = open[:len(open)-1]
		}
		p := filepath.Join(t.TempDir(), "f.xml")
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		r, err := OpenCatalog(p, nil, Options{BatchSize: 3})
		if err != nil {
			return
		}
		defer r.Close()
		for r.Next() {
			b := r.Batch()
			if b.Rows != len(b.Listings)+b.Continuation+b.Blank {
				t.Fatalf("batch rows %d != %d + %d + %d", b.Rows, len(b.Listings), b.Continuation, b.Blank)
			}
		}
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("took %v on %d bytes", took, b.Len())
		}
	})
}
