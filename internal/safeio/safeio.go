// Package safeio keeps a run's outputs away from its inputs: before any
// work, every path a run will write is compared with every file it reads,
// by file identity, so that no report ever replaces a seller's file.
package safeio

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/aecheck/aecheck/internal/i18n"
)

// ErrSameFile is matched (errors.Is) by the errors of CheckOutputs.
var ErrSameFile = errors.New("an output names an input or another output")

// CheckOutputs returns an error when an output path names the same file as
// an input, or as another output, directly, through "..", through a
// symbolic link to the file or through a link to its folder, or through a
// hard link. Inputs that are "" or "-" (standard input) or that cannot be
// found are skipped: the readers report a missing input. An output that
// does not exist yet cannot be an input, but two such outputs are still
// compared by their folder's identity and their name, so that two reports
// never race for one path. The error is a sentence for the seller and
// matches ErrSameFile.
func CheckOutputs(inputs, outputs []string) error { return CheckOutputsIn(nil, inputs, outputs) }

// CheckOutputsIn is CheckOutputs with its error in the language of tr
// (nil is English).
func CheckOutputsIn(tr *i18n.Printer, inputs, outputs []string) error {
	type input struct {
		path string
		info fs.FileInfo
	}
	var ins []input
	for _, in := range inputs {
		if in == "" || in == "-" {
			continue
		}
		if fi, err := os.Stat(in); err == nil {
			ins = append(ins, input{in, fi})
		}
	}
	type output struct {
		path string
		info fs.FileInfo // nil when the file does not exist yet
		key  string      // the folder resolved, then the name
	}
	var outs []output
	for _, out := range outputs {
		if out == "" || out == "-" {
			continue
		}
		o := output{path: out, key: resolvedKey(out)}
		if fi, err := os.Stat(out); err == nil {
			o.info = fi
			for _, in := range ins {
				if os.SameFile(fi, in.info) {
					return sameFile(tr.Sprintf("refusing to write %s: it is the input file %s, and the report would replace it; choose another output name so your file is kept", out, filepath.Clean(in.path)))
				}
			}
		}
		for _, prev := range outs {
			same := o.key != "" && o.key == prev.key
			if o.info != nil && prev.info != nil {
				same = same || os.SameFile(o.info, prev.info)
			}
			if same {
				return sameFile(tr.Sprintf("refusing to write %s and %s: they are the same file, and one report would replace the other; give each report a name of its own", prev.path, out))
			}
		}
		outs = append(outs, o)
	}
	return nil
}

// sameFile is an error of CheckOutputs: its text is the sentence alone.
type sameFile string

func (e sameFile) Error() string        { return string(e) }
func (e sameFile) Is(target error) bool { return target == ErrSameFile }

// resolvedKey is path with its folder's symbolic links resolved and made
// absolute, or "" when the folder cannot be resolved (it does not exist:
// the writer will say so).
func resolvedKey(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return ""
	}
	dir, err := filepath.EvalSymlinks(filepath.Dir(abs))
	if err != nil {
		return ""
	}
	return filepath.Join(dir, filepath.Base(abs))
}
