package reports

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/apache/arrow/go/v17/parquet"
	"github.com/apache/arrow/go/v17/parquet/file"
	"github.com/apache/arrow/go/v17/parquet/schema"

	"github.com/aecheck/aecheck/checks"
)

// The history dataset (--history DIR) is a Parquet dataset partitioned by
// as-of date, in the Hive layout that DuckDB, Spark and pyarrow read:
//
//	DIR/date=2024-05-30/metrics.parquet
//	DIR/date=2024-05-31/metrics.parquet
//
// Each file holds the shop metrics (scope "shop") of one run, in
// MetricsSchema (metrics/v3; older partitions may be metrics/v1 or v2,
// which lack the columns added since). For example, in DuckDB:
//
//	SELECT date, shop, metric, window_days, value
//	FROM read_parquet('DIR/*/metrics.parquet', hive_partitioning = true, union_by_name = true)
//	ORDER BY date;
const (
	historyPrefix = "date="
	historyFile   = "metrics.parquet"
	historyLayout = "2006-01-02"
)

// HistoryPoint is one shop metric of one run, read back from the history.
type HistoryPoint struct {
	Date        time.Time // as-of date of the run (midnight UTC of the partition date)
	Shop        string
	Metric      string // such as "nr_rate"
	WindowDays  int
	Value       float64
	Numerator   float64
	Denominator float64
	Status      string // "ok", "warn", "alert" or "n/a"
}

// HistoryPartition returns the path of the file that holds the run of
// asOf in the history dir: DIR/date=YYYY-MM-DD/metrics.parquet, with the
// calendar date of asOf in its own location.
func HistoryPartition(dir string, asOf time.Time) string {
	return filepath.Join(dir, historyPrefix+asOf.Format(historyLayout), historyFile)
}

// AppendHistory writes the shop metrics (scope "shop") among ms, their notes
// in lang (a Run.Lang), to the partition of asOf in dir, creating the
// directories it needs. The file is written beside its final path and renamed over it, so re-running the same
// date replaces that partition whole (idempotent) and a failed or killed
// run leaves the previous partition as it was. Other partitions are not
// touched. Runs of the same dir must not append concurrently.
func AppendHistory(dir string, asOf time.Time, lang string, ms []checks.Metric) error {
	if asOf.IsZero() {
		return errors.New("append history: no as-of date")
	}
	path := HistoryPartition(dir, asOf)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("append history: %w", err)
	}
	shop := make([]checks.Metric, 0, len(ms))
	for _, m := range ms {
		if m.Scope == "shop" {
			shop = append(shop, m)
		}
	}
	// A run killed while it wrote this partition left its temporary file.
	RemoveStale(path, time.Now())
	w, err := openMachine(path, MachineOptions{Kind: MachineMetrics})
	if err != nil {
		return fmt.Errorf("append history: %w", err)
	}
	if err := w.Begin(&Run{AsOf: asOf, Lang: lang}); err != nil {
		w.Abort()
		return fmt.Errorf("append history: %w", err)
	}
	if err := w.Metrics(shop); err != nil {
		w.Abort()
		return fmt.Errorf("append history: %w", err)
	}
	if err := w.Close(nil); err != nil {
		return fmt.Errorf("append history: %w", err)
	}
	return nil
}

// ReadHistory returns the shop metrics of the partitions of dir whose date
// lies between the calendar dates of from and to, both included (a zero to
// means no upper bound), sorted by date, shop, metric and window. Entries
// that are not partitions (other files, temporary files, a partition
// directory without metrics.parquet) are skipped; a partition file that
// cannot be read is an error naming the file. A dir that does not exist is
// an error that matches fs.ErrNotExist.
func ReadHistory(dir string, from, to time.Time) ([]HistoryPoint, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}
	lo := from.Format(historyLayout)
	hi := to.Format(historyLayout)
	var out []HistoryPoint
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || !strings.HasPrefix(name, historyPrefix) {
			continue
		}
		ds := strings.TrimPrefix(name, historyPrefix)
		date, err := time.Parse(historyLayout, ds)
		if err != nil || date.Format(historyLayout) != ds {
			continue
		}
		if ds < lo || (!to.IsZero() && ds > hi) {
			continue
		}
		path := filepath.Join(dir, name, historyFile)
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		ps, err := readHistoryFile(path, date)
		if err != nil {
			return nil, fmt.Errorf("read history %s: %w", path, err)
		}
		out = append(out, ps...)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := &out[i], &out[j]
		if !a.Date.Equal(b.Date) {
			return a.Date.Before(b.Date)
		}
		if a.Shop != b.Shop {
			return a.Shop < b.Shop
		}
		if a.Metric != b.Metric {
			return a.Metric < b.Metric
		}
		return a.WindowDays < b.WindowDays
	})
	return out, nil
}

// readableMetrics reports whether a history partition of schema version v
// can be read: metrics/v1 has the columns of the current version, with 0
// where it has null.
func readableMetrics(v string) bool {
	return v == MetricsSchemaVersion || v == "metrics/v2" || v == "metrics/v1"
}

// readHistoryFile reads the shop metrics of one partition file.
func readHistoryFile(path string, date time.Time) ([]HistoryPoint, error) {
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		return nil, err
	}
	defer pf.Close()
	kv := pf.MetaData().KeyValueMetadata()
	if v := kv.FindValue(MetaSchema); v == nil || !readableMetrics(*v) {
		got := "none"
		if v != nil {
			got = *v
		}
		return nil, fmt.Errorf("not a metrics file: %s is %s, want %s", MetaSchema, got, MetricsSchemaVersion)
	}
	sc := pf.MetaData().Schema
	var out []HistoryPoint
	for g := 0; g < pf.NumRowGroups(); g++ {
		rg := pf.RowGroup(g)
		n := rg.NumRows()
		var (
			shop, scope, metric, status []parquet.ByteArray
			window                      []int32
			value, num, den             []float64
		)
		for _, err := range []error{
			readColumn(rg, sc, "shop", n, &shop), readColumn(rg, sc, "scope", n, &scope),
			readColumn(rg, sc, "metric", n, &metric), readColumn(rg, sc, "status", n, &status),
			readColumn(rg, sc, "window_days", n, &window), readColumn(rg, sc, "value", n, &value),
			readColumn(rg, sc, "numerator", n, &num), readColumn(rg, sc, "denominator", n, &den),
		} {
			if err != nil {
				return nil, err
			}
		}
		for i := range int(n) {
			if string(scope[i]) != "shop" {
				continue
			}
			out = append(out, HistoryPoint{
				Date:        date,
				Shop:        string(shop[i]),
				Metric:      string(metric[i]),
				WindowDays:  int(window[i]),
				Value:       value[i],
				Numerator:   num[i],
				Denominator: den[i],
				Status:      string(status[i]),
			})
		}
	}
	return out, nil
}

// batchReader is a typed column reader of parquet/file.
type batchReader[T any] interface {
	ReadBatch(batchSize int64, values []T, defLvls, repLvls []int16) (total int64, valuesRead int, err error)
}

// readColumn reads the n values of the column name of row group rg into
// *dst, a null as the zero value. The column must be of the type of *dst.
func readColumn[T any](rg *file.RowGroupReader, sc *schema.Schema, name string, n int64, dst *[]T) error {
	idx := sc.ColumnIndexByName(name)
	if idx < 0 {
		return fmt.Errorf("no column %q", name)
	}
	cr, err := rg.Column(idx)
	if err != nil {
		return err
	}
	r, ok := cr.(batchReader[T])
	if !ok {
		return fmt.Errorf("column %q is %s, want %T", name, cr.Type(), *new(T))
	}
	maxDef := sc.Column(idx).MaxDefinitionLevel()
	dense, defs := make([]T, n), make([]int16, n)
	var levels int64
	values := 0
	for levels < n {
		total, read, err := r.ReadBatch(n-levels, dense[values:], defs[levels:], nil)
		if err != nil {
			return err
		}
		if total == 0 {
			return fmt.Errorf("column %q: %d of %d values", name, levels, n)
		}
		levels += total
		values += read
	}
	out := make([]T, n)
	for i, j := 0, 0; i < int(n); i++ {
		if defs[i] == maxDef {
			out[i] = dense[j]
			j++
		}
	}
	*dst = out
	return nil
}
