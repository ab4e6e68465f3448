package safeio

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRobustCheckOutputs(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "cat.csv")
	if err := os.WriteFile(in, []byte("Product ID,Title\n1,x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o755)
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(in, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	hard := filepath.Join(dir, "hard.csv")
	if err := os.Link(in, hard); err != nil {
		t.Fatal(err)
	}
	dirLink := filepath.Join(dir, "dirlink")
	if err := os.Symlink(dir, dirLink); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "other.csv")
	os.WriteFile(other, []byte("x"), 0o644)

	for _, tc := range []struct {
		name         string
		inputs, outs []string
		want         string // "" = allowed
	}{
		{"new output", []string{in}, []string{filepath.Join(dir, "report.xlsx")}, ""},
		{"other existing file", []string{in}, []string{other}, ""},
		{"stdin and stdout", []string{"-"}, []string{"-", ""}, ""},
		{"missing input", []string{filepath.Join(dir, "nope.csv")}, []string{other}, ""},
		{"same path", []string{in}, []string{in}, "it is the input file"},
		{"dot dot", []string{in}, []string{filepath.Join(sub, "..", "cat.csv")}, "it is the input file"},
		{"link to the input", []string{in}, []string{link}, "it is the input file"},
		{"input is a link", []string{link}, []string{in}, "it is the input file"},
		{"hard link", []string{in}, []string{hard}, "it is the input file"},
		{"folder is a link", []string{in}, []string{filepath.Join(dirLink, "cat.csv")}, "it is the input file"},
		{"second input", []string{other, in}, []string{filepath.Join(dir, "r.csv"), in}, "it is the input file"},
		{"two new outputs", []string{in}, []string{filepath.Join(dir, "r.xlsx"), filepath.Join(sub, "..", "r.xlsx")}, "same file"},
		{"two outputs through a folder link", []string{in}, []string{filepath.Join(dir, "r.xlsx"), filepath.Join(dirLink, "r.xlsx")}, "same file"},
		{"two existing outputs", nil, []string{other, dir + "/./other.csv"}, "same file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckOutputs(tc.inputs, tc.outs)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("CheckOutputs = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("CheckOutputs = %v, want an error with %q", err, tc.want)
			}
			if !errors.Is(err, ErrSameFile) {
				t.Errorf("error %v does not match ErrSameFile", err)
			}
		})
	}
}
