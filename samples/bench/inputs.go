package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"time"

	"github.com/aecheck/aecheck/samples/synth"
)

// The inputs of the benchmark: the binaries, and the synthetic catalogs
// and order exports, generated once and kept for later runs.

// releasePGO is the profile of release builds, from the module's root.
const releasePGO = "cmd/aecheck/release.pgo"

func build(out, pkg string, flags ...string) {
	cmd := exec.Command("go", append(append([]string{"build"}, flags...), "-o", out, pkg)...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		fail(fmt.Errorf("build %s: %w", pkg, err))
	}
}

func generate(path string, fn func() error) {
	if _, err := os.Stat(path); err == nil {
		return
	}
	fmt.Fprintf(os.Stderr, "generating %s\n", path)
	if err := fn(); err != nil {
		fail(err)
	}
}

// writeCSV writes the first n rows of c to a CSV file at path.
func writeCSV(path string, n int, c *synth.Catalog) error {
	return synth.WriteFile(path, func(w io.Writer) error { return c.WriteCSV(w, n) })
}

func writeOrders(path string, n int) error {
	return synth.WriteFile(path, func(w io.Writer) error {
		return synth.WriteOrdersCSV(w, n, 1, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	})
}

func writeShopOrders(path string, n, products int) error {
	return synth.WriteFile(path, func(w io.Writer) error {
		return synth.WriteShopOrdersCSV(w, n, products, 1, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	})
}
