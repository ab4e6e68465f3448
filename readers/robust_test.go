package readers

import (
	"errors"
	"io"
	"strings"
	"testing"
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
