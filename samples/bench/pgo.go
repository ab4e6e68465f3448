package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/aecheck/aecheck/samples/synth"
)

// writePGO runs bin, built from ./cmd/aecheck, over the runs sellers and
// pipelines make most (a 1M-row CSV catalog with and without JSON lines, a
// workbook, orders, long descriptions), each with a CPU profile
// (AECHECK_CPUPROFILE), and merges the profiles into out: the profile that
// release builds and the benchmarks read from cmd/aecheck/release.pgo
// (go build -pgo=cmd/aecheck/release.pgo) to optimise the hot paths
// (profile-guided optimisation).
func writePGO(out, dir, bin string) error {
	csv1m := filepath.Join(dir, "shop-1000000.csv")
	xlsx100k := filepath.Join(dir, "shop-100000.xlsx")
	orders1m := filepath.Join(dir, "orders-1000000.csv")
	long100k := filepath.Join(dir, "shop-long-100000.csv")
	generate(csv1m, func() error { return writeCSV(csv1m, 1000000, &synth.Catalog{Seed: 1, FitCategories: true}) })
	generate(xlsx100k, func() error { return (&synth.Catalog{Seed: 1, FitCategories: true}).WriteXLSX(xlsx100k, 100000) })
	generate(orders1m, func() error { return writeOrders(orders1m, 1000000) })
	generate(long100k, func() error {
		return writeCSV(long100k, 100000, &synth.Catalog{Seed: 1, FitCategories: true, LongDescriptions: true})
	})
	res := filepath.Join(dir, "out")
	if err := os.MkdirAll(res, 0o755); err != nil {
		return err
	}
	runs := [][]string{
		{"check", csv1m},
		{"check", csv1m},
		{"check", csv1m, "-o", filepath.Join(res, "pgo.jsonl")},
		{"check", xlsx100k, "-o", filepath.Join(res, "pgo.jsonl")},
		{"orders", orders1m, "-o", filepath.Join(res, "pgo-orders.jsonl")},
		{"check", long100k, "-o", filepath.Join(res, "pgo.jsonl")},
	}
	// Each run twice: the more samples, the less the hot paths PGO picks
	// move from one profile to the next.
	runs = append(runs, runs...)
	args := []string{"tool", "pprof", "-proto"}
	for i, r := range runs {
		prof := filepath.Join(res, fmt.Sprintf("pgo-%d.prof", i))
		cmd := exec.Command(bin, append(r[:1:1], append([]string{"--quiet", "--fail-on", "never"}, r[1:]...)...)...)
		cmd.Env = append(os.Environ(), "AECHECK_CPUPROFILE="+prof)
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("%v: %w", r, err)
		}
		args = append(args, prof)
	}
	f, err := os.Create(out + ".tmp")
	if err != nil {
		return err
	}
	cmd := exec.Command("go", args...)
	cmd.Stdout, cmd.Stderr = f, os.Stderr
	err = cmd.Run()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(out + ".tmp")
		return err
	}
	return os.Rename(out+".tmp", out)
}
