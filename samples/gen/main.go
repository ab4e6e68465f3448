// Command gen writes the inputs of aecheck's benchmarks and the XLSX twin of
// the sample catalog:
//
//	go run ./samples/gen catalog -rows 1000000 -format xlsx -o big.xlsx
//	go run ./samples/gen orders -rows 1000000 -o orders.csv
//	go run ./samples/gen twin samples/catalog.csv samples/catalog.xlsx
//
// Output is deterministic for a seed.
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/aecheck/aecheck/samples/synth"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(2)
	}
}

func run(args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("usage: gen catalog|orders|twin [flags]")
	}
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	rows := fs.Int("rows", 100000, "data rows")
	seed := fs.Uint64("seed", 1, "random seed")
	format := fs.String("format", "csv", "csv or xlsx")
	out := fs.String("o", "", "output path")
	asOf := fs.String("as-of", "2026-11-01T00:00:00Z", "orders end at this instant")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	switch args[0] {
	case "catalog":
		if *format == "xlsx" {
			return synth.WriteCatalogXLSX(*out, *rows, *seed)
		}
		return writeFile(*out, func(w io.Writer) error { return synth.WriteCatalogCSV(w, *rows, *seed) })
	case "orders":
		t, err := time.Parse(time.RFC3339, *asOf)
		if err != nil {
			return err
		}
		return writeFile(*out, func(w io.Writer) error { return synth.WriteOrdersCSV(w, *rows, *seed, t) })
	case "twin":
		if fs.NArg() != 2 {
			return fmt.Errorf("usage: gen twin IN.csv OUT.xlsx")
		}
		return twin(fs.Arg(0), fs.Arg(1))
	}
	return fmt.Errorf("unknown command %q", args[0])
}

func writeFile(path string, write func(io.Writer) error) error {
	if path == "" {
		return fmt.Errorf("-o PATH is required")
	}
	return synth.WriteFile(path, write)
}

// twin writes the sample catalog as a seller's workbook would hold it: a
// sheet named Products, a title row above the header, and prices, stock,
// image counts and delivery days stored as numbers.
func twin(in, out string) error {
	src, err := os.Open(in)
	if err != nil {
		return err
	}
	defer src.Close()
	recs, err := csv.NewReader(src).ReadAll()
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Products"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	if err := f.SetCellStr(sheet, "A1", "Trailmate Store - catalog export for AliExpress (November 2026)"); err != nil {
		return err
	}
	numeric := map[string]bool{"Price": true, "Stock": true, "Images": true, "Delivery Days": true}
	var header []string
	for i, rec := range recs {
		if i == 0 {
			header = rec
		}
		vals := make([]any, len(rec))
		for j, v := range rec {
			vals[j] = v
			if i > 0 && j < len(header) && numeric[header[j]] {
				if x, err := strconv.ParseFloat(v, 64); err == nil {
					vals[j] = x
				}
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(sheet, cell, &vals); err != nil {
			return err
		}
	}
	f.SetDocProps(&excelize.DocProperties{Created: "2026-11-01T00:00:00Z", Modified: "2026-11-01T00:00:00Z", Creator: "aecheck samples"})
	return f.SaveAs(out)
}
