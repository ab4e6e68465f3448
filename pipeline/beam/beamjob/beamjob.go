// Package beamjob runs aecheck over many shops on Apache Beam: one element
// per shop, each checked and measured by package shopjob exactly as
// `aecheck report` does for that shop alone, and one run summary gathered
// at the end. Shops shard perfectly (duplicates, price outliers and every
// metric are per shop), so the pipeline is a map and a final gather, and it
// runs on any Beam runner: Prism on one machine, Flink, Spark or Dataflow on
// a cluster.
package beamjob

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/aecheck/aecheck/pipeline/beam/shopjob"
)

func init() {
	register.DoFn3x1[context.Context, string, func(string), error]((*checkShopFn)(nil))
	register.Emitter1[string]()
	register.DoFn3x1[context.Context, int, func(*string) bool, error]((*summaryFn)(nil))
	register.Iter1[string]()
}

// Config is what the pipeline needs besides the shops.
type Config struct {
	Out     string    // output folder: local, or a URL of a Beam file system (gs://, s3://)
	AsOf    time.Time // zero: each shop's latest order time
	XLSX    bool      // also write each shop's workbook
	Tool    string    // name and version written into the outputs
	Workers int       // checks running at once within one shop (0: the worker's CPUs)
}

// Build adds the pipeline to s: shops (sorted by name) are checked one
// element each, and the run summary is written to Out/summary.json.
func Build(s beam.Scope, shops []shopjob.Shop, cfg Config) error {
	elems := make([]string, 0, len(shops))
	for _, sh := range shops {
		b, err := json.Marshal(sh)
		if err != nil {
			return err
		}
		elems = append(elems, string(b))
	}
	asOf := ""
	if !cfg.AsOf.IsZero() {
		asOf = cfg.AsOf.Format(time.RFC3339Nano)
	}
	in := beam.CreateList(s, elems)
	// Reshuffle spreads the shops over the workers instead of leaving
	// them fused to the one worker that created the list.
	in = beam.Reshuffle(s, in)
	results := beam.ParDo(s, &checkShopFn{Out: cfg.Out, AsOf: asOf, XLSX: cfg.XLSX, Tool: cfg.Tool, Workers: cfg.Workers}, in)
	keyed := beam.AddFixedKey(s, results)
	beam.ParDo0(s, &summaryFn{Out: cfg.Out}, beam.GroupByKey(s, keyed))
	return nil
}

// checkShopFn checks one shop; its output is the shop's result as JSON.
type checkShopFn struct {
	Out     string `json:"out"`
	AsOf    string `json:"as_of"`
	XLSX    bool   `json:"xlsx"`
	Tool    string `json:"tool"`
	Workers int    `json:"workers"`
}

func (f *checkShopFn) ProcessElement(ctx context.Context, elem string, emit func(string)) error {
	var sh shopjob.Shop
	if err := json.Unmarshal([]byte(elem), &sh); err != nil {
		return fmt.Errorf("shop element: %w", err)
	}
	o := shopjob.Options{Out: f.Out, XLSX: f.XLSX, Tool: f.Tool, Workers: f.Workers}
	if f.AsOf != "" {
		t, err := time.Parse(time.RFC3339Nano, f.AsOf)
		if err != nil {
			return err
		}
		o.AsOf = t
	}
	if isRemote(f.Out) {
		scratch, err := os.MkdirTemp("", "aecheck-beam-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(scratch)
		o.Scratch = scratch
		o.Stage = stage
		o.Publish = publish
	} else {
		o.Stage = func(ctx context.Context, p string) (string, func(), error) {
			if isRemote(p) {
				return stage(ctx, p)
			}
			return p, nil, nil
		}
	}
	res := shopjob.Run(ctx, sh, o)
	b, err := json.Marshal(res)
	if err != nil {
		return err
	}
	emit(string(b))
	return nil
}

// summaryFn writes the run summary: totals and one record per shop, sorted
// by shop, so a rerun gives the same bytes.
type summaryFn struct {
	Out string `json:"out"`
}

// Summary is the run summary written to Out/summary.json.
type Summary struct {
	Shops        int              `json:"shops"`
	Done         int              `json:"done"`
	Failed       int              `json:"failed"`
	RowsRead     int              `json:"rows_read"`
	RowsChecked  int              `json:"rows_checked"`
	RowsRejected int              `json:"rows_rejected"`
	Findings     int              `json:"findings"`
	Results      []shopjob.Result `json:"results"`
}

func (f *summaryFn) ProcessElement(ctx context.Context, _ int, iter func(*string) bool) error {
	var sum Summary
	var line string
	for iter(&line) {
		var r shopjob.Result
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			return err
		}
		sum.Results = append(sum.Results, r)
	}
	slices.SortFunc(sum.Results, func(a, b shopjob.Result) int { return strings.Compare(a.Shop, b.Shop) })
	for _, r := range sum.Results {
		sum.Shops++
		if r.Status == "ok" {
			sum.Done++
		} else {
			sum.Failed++
		}
		sum.RowsRead += r.RowsRead
		sum.RowsChecked += r.RowsChecked
		sum.RowsRejected += r.RowsRejected
		sum.Findings += r.Findings
	}
	b, err := json.MarshalIndent(sum, "", "  ")
	if err != nil {
		return err
	}
	return writeFile(ctx, joinPath(f.Out, "summary.json"), append(b, '\n'))
}

func isRemote(p string) bool { return strings.Contains(p, "://") }

func joinPath(dir, name string) string {
	if isRemote(dir) {
		return strings.TrimSuffix(dir, "/") + "/" + name
	}
	return filepath.Join(dir, name)
}

// writeFile writes a small file through Beam's file systems; a local one is
// written to a temporary file and renamed, so it is all-or-nothing.
func writeFile(ctx context.Context, path string, data []byte) error {
	if !isRemote(path) {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
		if err != nil {
			return err
		}
		if _, err := tmp.Write(data); err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			return err
		}
		if err := tmp.Close(); err != nil {
			os.Remove(tmp.Name())
			return err
		}
		if err := os.Rename(tmp.Name(), path); err != nil {
			os.Remove(tmp.Name())
			return err
		}
		return nil
	}
	return copyTo(ctx, bytes.NewReader(data), path)
}

// stage copies a remote input into a local temporary file, keeping its
// name (the readers tell formats by the extension).
func stage(ctx context.Context, path string) (string, func(), error) {
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return "", nil, err
	}
	defer fs.Close()
	r, err := fs.OpenRead(ctx, path)
	if err != nil {
		return "", nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer r.Close()
	dir, err := os.MkdirTemp("", "aecheck-in-")
	if err != nil {
		return "", nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	name := path[strings.LastIndex(path, "/")+1:]
	local := filepath.Join(dir, name)
	f, err := os.Create(local)
	if err == nil {
		_, err = io.Copy(f, r)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		cleanup()
		return "", nil, fmt.Errorf("stage %s: %w", path, err)
	}
	return local, cleanup, nil
}

// publish copies a finished local output to its remote place.
func publish(ctx context.Context, local, dest string) error {
	f, err := os.Open(local)
	if err != nil {
		return err
	}
	defer f.Close()
	return copyTo(ctx, f, dest)
}

func copyTo(ctx context.Context, r io.Reader, dest string) error {
	fs, err := filesystem.New(ctx, dest)
	if err != nil {
		return err
	}
	defer fs.Close()
	w, err := fs.OpenWrite(ctx, dest)
	if err != nil {
		return fmt.Errorf("write %s: %w", dest, err)
	}
	if _, err := io.Copy(w, r); err != nil {
		w.Close()
		return fmt.Errorf("write %s: %w", dest, err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("write %s: %w", dest, err)
	}
	return nil
}
