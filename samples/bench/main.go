// Command bench is aecheck's benchmark script: it generates catalogs and
// order exports of 100k and 1M rows (deterministic seed), builds aecheck,
// runs each case several times and prints a Markdown table of the median wall
// time, rows/s, CPU/wall and peak RSS, beside the bare encoding/csv read, the
// excelize Rows() read and the unzip of the sheet XML of the same file,
// measured in the same run, as ratios. A case compared with a cheap
// baseline (the bare reads) is run in turn with it, and the ratios of those
// pairs are printed too: their median is the steadier figure on a shared
// machine.
//
//	go run ./samples/bench                 # 100k and 1M rows, 3 runs each
//	go run ./samples/bench -rows 100000 -runs 5
//	go run ./samples/bench -pgo cmd/aecheck/release.pgo   # refresh the PGO profile
//	go run ./samples/bench -rows 1000000 -only "many products"
//	go run ./samples/bench -rows 1000000 -only "no report" -compare /tmp/aecheck-old
//
// The "many products" cases read a large shop's order export (about 0.56
// distinct products per order) and are run in turn with DuckDB computing
// per-product counts over the same file (samples/bench/duckdb; run "npm ci"
// there first).
//
// Inputs are kept under bench/data (ignored by git) and reused.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/samples/synth"
)

func main() {
	// Baseline modes: the script re-runs itself so that each baseline is
	// measured as a process of its own (wall time and peak RSS).
	if len(os.Args) > 2 && os.Args[1] == "exec" {
		// Measuring mode: run the command and print its wall time, CPU
		// time and peak RSS. A child started by this small process inherits
		// its page high-water mark, not the one of the script (which holds
		// generated data): Linux folds the parent's peak RSS into a child's
		// ru_maxrss when the child is started with vfork, as os/exec does.
		if err := execMeasured(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		return
	}
	if len(os.Args) > 2 && strings.HasPrefix(os.Args[1], "baseline-") {
		if err := baseline(os.Args[1], os.Args[2]); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	rowsFlag := flag.String("rows", "100000,1000000", "comma-separated row counts")
	runs := flag.Int("runs", 3, "runs per case; the median is reported")
	dir := flag.String("dir", "bench/data", "where generated inputs are kept")
	only := flag.String("only", "", "run only cases whose name contains this")
	pgo := flag.String("pgo", "", "write a CPU profile of the usual runs to this file (for cmd/aecheck/release.pgo) and stop")
	compare := flag.String("compare", "", "another aecheck `binary` (an older build) run in turn with this one in every aecheck case")
	flag.Parse()

	if err := os.MkdirAll(*dir, 0o755); err != nil {
		fail(err)
	}
	bin := filepath.Join(*dir, "aecheck")
	self := filepath.Join(*dir, "bench")
	build(self, "./samples/bench")
	if *pgo != "" {
		// Profiled without the current profile, so that a new one does not
		// inherit what the last one made hot.
		plain := filepath.Join(*dir, "aecheck-nopgo")
		build(plain, "./cmd/aecheck", "-pgo=off")
		if err := writePGO(*pgo, *dir, plain); err != nil {
			fail(err)
		}
		fmt.Fprintf(os.Stderr, "wrote %s; copy it to cmd/aecheck/release.pgo\n", *pgo)
		return
	}
	// The benchmarks measure the release build: with the profile, as
	// .goreleaser.yaml builds it (go run and go install of a clone do
	// without, so a first run compiles the dependencies once).
	build(bin, "./cmd/aecheck", "-pgo="+releasePGO)

	fmt.Printf("# aecheck benchmark, %s, %s/%s, %d CPUs, %s\n\n", time.Now().UTC().Format("2006-01-02"), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())
	fmt.Println("| case | rows | median wall | rows/s | CPU/wall | peak RSS | vs baseline |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---|")
	for _, rs := range strings.Split(*rowsFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(rs))
		if err != nil {
			fail(err)
		}
		// The catalogs file 32 products in 33 under the category their
		// title names, as a real shop does; randomPath is the same catalog
		// with categories drawn at random, which category-mismatch finds
		// wrong in more than one row in three.
		csvPath := filepath.Join(*dir, fmt.Sprintf("shop-%d.csv", n))
		xlsxPath := filepath.Join(*dir, fmt.Sprintf("shop-%d.xlsx", n))
		randomPath := filepath.Join(*dir, fmt.Sprintf("catalog-%d.csv", n))
		ordersPath := filepath.Join(*dir, fmt.Sprintf("orders-%d.csv", n))
		shop := &synth.Catalog{Seed: 1, FitCategories: true}
		generate(csvPath, func() error { return writeCSV(csvPath, n, shop) })
		generate(xlsxPath, func() error { return shop.WriteXLSX(xlsxPath, n) })
		generate(randomPath, func() error { return writeCSV(randomPath, n, &synth.Catalog{Seed: 1}) })
		generate(ordersPath, func() error { return writeOrders(ordersPath, n) })
		// A large shop's export: as many orders, over about 0.56 distinct
		// products per order (556k in 1M orders).
		shopProducts := n * 76 / 100
		manyPath := filepath.Join(*dir, fmt.Sprintf("orders-products-%d.csv", n))
		generate(manyPath, func() error { return writeShopOrders(manyPath, n, shopProducts) })
		// The same catalog with 1.5 KB of HTML per description, as real
		// listings have: 100k rows (1M would be 1.6 GB), measured with the
		// 100k cases only.
		longRows := min(n, 100000)
		longPath := filepath.Join(*dir, fmt.Sprintf("shop-long-%d.csv", longRows))
		generate(longPath, func() error {
			return writeCSV(longPath, longRows, &synth.Catalog{Seed: 1, FitCategories: true, LongDescriptions: true})
		})
		out := filepath.Join(*dir, "out")
		os.MkdirAll(out, 0o755)
		// A rules file that turns every check off: what reading, typing the
		// listings and the pipeline cost alone.
		off := filepath.Join(*dir, "all-checks-off.yaml")
		rules := "checks:\n"
		for _, c := range checks.All {
			rules += "  " + c.ID + ": {off: true}\n"
		}
		if err := os.WriteFile(off, []byte(rules), 0o644); err != nil {
			fail(err)
		}

		cases := []benchCase{
			{"baseline: encoding/csv read (CSV)", "", []string{self, "baseline-csv", csvPath}, 0},
			{"baseline: unzip sheet XML (XLSX)", "", []string{self, "baseline-unzip", xlsxPath}, 0},
			{"baseline: excelize Rows() read (XLSX)", "", []string{self, "baseline-excelize", xlsxPath}, 0},
			{"unzip sheet XML with klauspost/compress (the fast reader's inflater)", "baseline: unzip sheet XML (XLSX)", []string{self, "baseline-unzip-klauspost", xlsxPath}, 0},
			{"fast XLSX reader, cells only", "baseline: unzip sheet XML (XLSX)", []string{self, "baseline-fastxlsx", xlsxPath}, 0},
			{"check CSV -> JSONL", "baseline: encoding/csv read (CSV)", []string{bin, "check", "--quiet", "--fail-on", "never", csvPath, "-o", filepath.Join(out, "f.jsonl")}, 0},
			{"check CSV -> JSONL on stdout (/dev/null)", "baseline: encoding/csv read (CSV)", []string{bin, "check", "--quiet", "--fail-on", "never", csvPath, "-o", "-"}, 0},
			{"check CSV, no report (reading and every check, the summary only)", "baseline: encoding/csv read (CSV)", []string{bin, "check", "--quiet", "--fail-on", "never", csvPath}, 0},
			{"check CSV with categories drawn at random, no report", "baseline: encoding/csv read (CSV)", []string{bin, "check", "--quiet", "--fail-on", "never", randomPath}, 0},
			{"check CSV -> JSONL, --workers 1", "baseline: encoding/csv read (CSV)", []string{bin, "check", "--quiet", "--workers", "1", "--fail-on", "never", csvPath, "-o", filepath.Join(out, "f.jsonl")}, 0},
			{"check CSV, every check off (the floor)", "baseline: encoding/csv read (CSV)", []string{bin, "check", "--quiet", "--fail-on", "never", "--rules", off, csvPath, "-o", filepath.Join(out, "f.jsonl")}, 0},
			{"check CSV -> findings CSV", "baseline: encoding/csv read (CSV)", []string{bin, "check", "--quiet", "--fail-on", "never", csvPath, "-o", filepath.Join(out, "f.csv")}, 0},
			{"check CSV -> Parquet", "baseline: encoding/csv read (CSV)", []string{bin, "check", "--quiet", "--fail-on", "never", csvPath, "-o", filepath.Join(out, "f.parquet")}, 0},
			{"check CSV -> Arrow IPC", "baseline: encoding/csv read (CSV)", []string{bin, "check", "--quiet", "--fail-on", "never", csvPath, "-o", filepath.Join(out, "f.arrow")}, 0},
			{"check XLSX -> JSONL", "baseline: excelize Rows() read (XLSX)", []string{bin, "check", "--quiet", "--fail-on", "never", xlsxPath, "-o", filepath.Join(out, "f.jsonl")}, 0},
			{"check XLSX -> XLSX report", "baseline: excelize Rows() read (XLSX)", []string{bin, "check", "--quiet", "--fail-on", "never", xlsxPath, "-o", filepath.Join(out, "r.xlsx")}, 0},
			{"orders CSV -> JSONL", "baseline: encoding/csv read (CSV)", []string{bin, "orders", "--quiet", "--fail-on", "never", ordersPath, "-o", filepath.Join(out, "o.jsonl")}, 0},
			{"baseline: DuckDB SQL per-product counts (orders, many products)", "", duckdbArgs(manyPath), 0},
			{"orders CSV, many products -> JSONL", "baseline: DuckDB SQL per-product counts (orders, many products)", []string{bin, "orders", "--quiet", "--fail-on", "never", manyPath, "-o", filepath.Join(out, "p.jsonl")}, 0},
			{"orders CSV, many products -> Parquet (findings and metrics)", "baseline: DuckDB SQL per-product counts (orders, many products)", []string{bin, "orders", "--quiet", "--fail-on", "never", manyPath, "-o", filepath.Join(out, "p.parquet"), "--metrics-out", filepath.Join(out, "pm.parquet")}, 0},
			{"orders CSV, many products, no report", "baseline: DuckDB SQL per-product counts (orders, many products)", []string{bin, "orders", "--quiet", "--fail-on", "never", manyPath}, 0},
			{"orders CSV, many products -> XLSX report", "baseline: DuckDB SQL per-product counts (orders, many products)", []string{bin, "orders", "--quiet", "--fail-on", "never", manyPath, "-o", filepath.Join(out, "p.xlsx")}, 0},
			{"baseline: encoding/csv read (CSV, long descriptions)", "", []string{self, "baseline-csv", longPath}, longRows},
			{"check CSV with long descriptions (1.5 KB HTML) -> JSONL", "baseline: encoding/csv read (CSV, long descriptions)", []string{bin, "check", "--quiet", "--fail-on", "never", longPath, "-o", filepath.Join(out, "f.jsonl")}, longRows},
		}
		if longRows != n {
			// The long-description cases run at 100k rows only.
			cases = slices.DeleteFunc(cases, func(c benchCase) bool { return c.rows != 0 })
		}
		results := map[string]result{}
		argsOf := map[string][]string{} // the command of each case measured
		// With -only, run the matching cases and the baselines they are
		// compared with.
		want := map[string]bool{}
		for _, c := range cases {
			if *only == "" || strings.Contains(c.name, *only) {
				want[c.name], want[c.base] = true, true
			}
		}
		for _, c := range cases {
			if !want[c.name] {
				continue
			}
			rows := n
			if c.rows > 0 {
				rows = c.rows
			}
			// A case is run in turn with its baseline when the baseline is
			// cheap (the bare reads, under pairBelow): the two runs of a pair
			// see the same load on a shared machine, where medians measured
			// minutes apart drift by a third.
			var pair []string
			if b, ok := results[c.base]; ok && (b.wall < pairBelow || strings.Contains(c.base, "DuckDB")) {
				pair = argsOf[c.base]
			}
			// With -compare, an aecheck case runs the other binary in turn
			// with this one, round by round.
			cmds := [][]string{c.args}
			if *compare != "" && c.args[0] == bin {
				cmds = append(cmds, append([]string{*compare}, c.args[1:]...))
			}
			ms, cross, err := measureWith(self, cmds, *runs, pair)
			if err != nil {
				fmt.Printf("| %s | %d | failed: %v | | | | |\n", c.name, rows, err)
				continue
			}
			results[c.name] = ms[0].median
			argsOf[c.name] = c.args
			for j, m := range ms {
				name, ratio := c.name, vsBaseline(m, results[c.base], c.base)
				if j > 0 {
					name = fmt.Sprintf("%s [%s]", c.name, filepath.Base(*compare))
					if xs := cross[j]; len(xs) > 0 {
						ratio += fmt.Sprintf("; this build / it, paired: %.2fx (%.2f-%.2fx)", median(xs), slices.Min(xs), slices.Max(xs))
					}
				}
				r := m.median
				fmt.Printf("| %s | %d | %.2f s | %.0f | %.2f | %s | %s |\n", name, rows, r.wall.Seconds(), float64(rows)/r.wall.Seconds(), r.cpu.Seconds()/r.wall.Seconds(), rssText(r.rss), ratio)
			}
		}
	}
}

// vsBaseline is the last column of a case measured as m: its median over
// the baseline's (b, named base), and the median and range of its paired
// ratios; "" without a baseline.
func vsBaseline(m measurement, b result, base string) string {
	if b.wall <= 0 {
		return ""
	}
	ratio := fmt.Sprintf("%.2fx %s", m.median.wall.Seconds()/b.wall.Seconds(), strings.TrimPrefix(base, "baseline: "))
	if len(m.ratios) > 0 {
		ratio += fmt.Sprintf("; paired %.2fx (%.2f-%.2fx)", median(m.ratios), slices.Min(m.ratios), slices.Max(m.ratios))
	}
	return ratio
}

// benchCase is one command measured, compared with the baseline named base.
type benchCase struct {
	name, base string
	args       []string
	rows       int // rows of its input when not those of the round
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(2)
}
