// Command aecheck-beam runs the nightly aecheck job over many shops on Apache
// Beam. On one machine it runs on Prism, Beam's embedded runner, with nothing
// installed:
//
//	go run ./cmd/aecheck-beam --manifest shops.csv --out out/
//	go run ./cmd/aecheck-beam --shops data/shops --out out/ --as-of 2026-11-30 --xlsx
//
// The same binary submits to Flink, Spark or Dataflow with Beam's standard
// flags (--runner, --endpoint, --environment_type, --project, --region, ...);
// docs/many-shops.md in the aecheck repository shows the commands.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/s3"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	"github.com/aecheck/aecheck/pipeline"
	"github.com/aecheck/aecheck/pipeline/beam/beamjob"
	"github.com/aecheck/aecheck/pipeline/beam/shopjob"
)

// version is written into every output, as the aecheck command writes its own.
const version = "aecheck-beam 0.1.0"

var (
	manifest = flag.String("manifest", "", "manifest `FILE`: CSV (shop,catalogs,orders,violations,activities,rules) or JSON lines")
	shopsDir = flag.String("shops", "", "folder of shops, one sub-folder per shop (shops/<shop>/catalog.xlsx, orders.csv, rules.yaml)")
	out      = flag.String("out", "", "output `DIR` (local, gs://, s3://): findings/, metrics/, xlsx/ and summary.json")
	asOf     = flag.String("as-of", "", "compute the metrics as of this `TIME` for every shop: 2026-11-01T18:00:00Z, or a date meaning the end of that day (default: each shop's latest order time)")
	xlsx     = flag.Bool("xlsx", false, "also write each shop's XLSX workbook to DIR/xlsx/SHOP.xlsx")
	workers  = flag.Int("shop-workers", 0, "checks running at once within one shop (default: the worker's CPUs)")
)

func main() {
	flag.Parse()
	beam.Init()
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "aecheck-beam:", err)
		os.Exit(2)
	}
}

func run(ctx context.Context) error {
	if (*manifest == "") == (*shopsDir == "") {
		return fmt.Errorf("name the shops with --manifest FILE or --shops DIR (one of them)")
	}
	if *out == "" {
		return fmt.Errorf("name the output folder with --out DIR")
	}
	if *workers < 0 {
		return fmt.Errorf("--shop-workers %d: give a positive number, or 0 for the worker's CPUs", *workers)
	}
	var shops []shopjob.Shop
	var err error
	if *manifest != "" {
		var data []byte
		data, err = os.ReadFile(*manifest)
		if err == nil {
			shops, err = shopjob.ReadManifest(*manifest, data)
		}
	} else {
		shops, err = shopjob.FromFolder(*shopsDir)
	}
	if err != nil {
		return err
	}
	t, err := pipeline.ParseAsOf(*asOf)
	if err != nil {
		return err
	}
	p, s := beam.NewPipelineWithRoot()
	if err := beamjob.Build(s, shops, beamjob.Config{Out: *out, AsOf: t, XLSX: *xlsx, Tool: version, Workers: *workers}); err != nil {
		return err
	}
	start := time.Now()
	if err := beamx.Run(ctx, p); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "aecheck-beam: %d shops in %.1f s; summary in %s\n", len(shops), time.Since(start).Seconds(), *out)
	return nil
}
