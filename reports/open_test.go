package reports

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	var stdout bytes.Buffer
	opt := Options{Stdout: &stdout}
	for _, tc := range []struct {
		path string
		want string // type name, or "" for an error
		err  string // part of the error
	}{
		{"r.xlsx", "*reports.XLSX", ""},
		{"R.XLSX", "*reports.XLSX", ""},
		{"r.jsonl", "*reports.JSONL", ""},
		{"r.ndjson", "*reports.JSONL", ""},
		{"-", "*reports.JSONL", ""},
		{"r.csv", "*reports.machineWriter", ""},
		{"r.parquet", "*reports.machineWriter", ""},
		{"r.arrow", "*reports.machineWriter", ""},
		{"r.IPC", "*reports.machineWriter", ""},
		{"r.txt", "", `unsupported output format ".txt" (use .xlsx, .jsonl, .csv, .parquet, .arrow or -)`},
		{"report", "", "no file extension"},
	} {
		path := tc.path
		if path != "-" {
			path = filepath.Join(dir, path)
		}
		w, err := Open(path, opt)
		if tc.want == "" {
			if err == nil {
				t.Errorf("Open(%s) succeeded", tc.path)
			} else if !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), path) {
				t.Errorf("Open(%s): %v, want the path and %q", tc.path, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("Open(%s): %v", tc.path, err)
			continue
		}
		if got := typeName(w); got != tc.want {
			t.Errorf("Open(%s) = %s, want %s", tc.path, got, tc.want)
		}
		w.Abort()
	}
	if _, err := Open("-", Options{}); err == nil {
		t.Error("Open(-) without stdout succeeded")
	}
}

func typeName(w Writer) string {
	// Open guards every file writer against panics; the format is inside.
	if g, ok := w.(*guarded); ok {
		w = g.w
	}
	switch w.(type) {
	case *XLSX:
		return "*reports.XLSX"
	case *JSONL:
		return "*reports.JSONL"
	case *machineWriter:
		return "*reports.machineWriter"
	}
	return "?"
}

func TestOpenStdoutStreams(t *testing.T) {
	var stdout bytes.Buffer
	w, err := Open("-", Options{Stdout: &stdout})
	if err != nil {
		t.Fatal(err)
	}
	feed(t, w)
	if !strings.HasPrefix(stdout.String(), `{"kind":"finding"`) {
		t.Errorf("stdout: %.80s", stdout.String())
	}
}
