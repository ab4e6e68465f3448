package main

import (
	"errors"

	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/aecheck/aecheck/internal/i18n"
	"github.com/aecheck/aecheck/internal/safeio"
	"github.com/aecheck/aecheck/reports"
)

// openWriters opens every -o output. On error the ones already open are
// aborted, so nothing is left behind.
func (c *common) openWriters(e *env, cl *claims, shop string, split bool) ([]reports.Writer, error) {
	var ws []reports.Writer
	stdout := 0
	for _, p := range c.outputs {
		if p == "-" {
			stdout++
		}
		w, err := cl.writer(p, shop, split, func(path string) (reports.Writer, error) {
			return reports.Open(path, reports.Options{Stdout: e.stdout, Tool: "aecheck " + Version})
		})
		if err != nil {
			for _, w := range ws {
				w.Abort()
			}
			return nil, err
		}
		ws = append(ws, w)
	}
	if stdout > 1 {
		for _, w := range ws {
			w.Abort()
		}
		return nil, errors.New("-o - can be given only once")
	}
	return ws, nil
}

// claims are the files a run has opened for writing. Each new one is
// compared with the inputs and the others before it is created, and the
// temporary files a killed run left beside it are removed.
type claims struct {
	inputs []string
	opened []string
	start  time.Time
	tr     *i18n.Printer // the language of its errors
}

// open creates the writer of path with create, once path is known to be
// safe to write.
func (cl *claims) open(path string, create func(string) (reports.Writer, error)) (reports.Writer, error) {
	if path != "-" {
		if err := checkOutputs(cl.tr, cl.inputs, append(slices.Clone(cl.opened), path)); err != nil {
			return nil, err
		}
		// Best effort: a folder that cannot be listed fails at the writer.
		reports.RemoveStale(path, cl.start)
		cl.opened = append(cl.opened, path)
	}
	return create(path)
}

// writer returns the writer of the output p. With split, it writes one
// file per shop of the findings (a Shop column, or the folder a file sits
// in): report.xlsx becomes report-acme.xlsx, report-bolt.xlsx, ...; rows
// without a shop go to the file of shop.
func (cl *claims) writer(p, shop string, split bool, create func(string) (reports.Writer, error)) (reports.Writer, error) {
	if !split || p == "-" {
		return cl.open(p, create)
	}
	return &reports.ShopSplit{Default: shop, Open: func(s string) (reports.Writer, string, error) {
		path := splitOutput(p, s)
		w, err := cl.open(path, create)
		return w, path, err
	}}, nil
}

// outputPaths are the files one part of a run writes: its -o reports and
// its --metrics-out files, named for the shop when split.
func (c *common) outputPaths(o *orderFlags, shop string, split bool) []string {
	paths := slices.Clone(c.outputs)
	if o != nil {
		paths = append(paths, o.metricsOut...)
		paths = append(paths, o.productsOut...)
	}
	if split {
		for i, p := range paths {
			paths[i] = splitOutput(p, shop)
		}
	}
	return paths
}

// checkOutputs refuses outputs that would replace an input or each other,
// or that name a folder.
func checkOutputs(tr *i18n.Printer, inputs, outputs []string) error {
	for _, p := range outputs {
		if p == "-" {
			continue
		}
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return errors.New(tr.Sprintf("output %s is a folder: name a file in it, e.g. %s", p, filepath.Join(p, "report.xlsx")))
		}
	}
	return safeio.CheckOutputsIn(tr, inputs, outputs)
}
