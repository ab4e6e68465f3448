// Command bench compares the many-shops pipeline on Prism with a plain loop
// of the aecheck command over the same generated shops, on this machine:
//
//	go run ./cmd/bench -shops 200 -runs 3
//	go run ./cmd/bench -shops 200 -runs 3 -procs 1   # one processor each
//
// It builds both commands, generates the shops from the repository's
// samples, then runs the loop and the pipeline in turn (the loop first in
// odd runs, second in even ones, so both see the same load) and prints the
// median wall time of each and their ratio.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/aecheck/aecheck/pipeline/beam/internal/shopgen"
	"github.com/aecheck/aecheck/pipeline/beam/shopjob"
)

func main() {
	n := flag.Int("shops", 200, "number of generated shops")
	runs := flag.Int("runs", 3, "runs of each")
	procs := flag.Int("procs", 0, "GOMAXPROCS of both commands, to see how each scales with the processors it may use (0: all)")
	flag.Parse()
	dir, err := os.MkdirTemp("", "aecheck-beam-bench-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "bin")
	build := func(pkg, out string) {
		cmd := exec.Command("go", "build", "-o", filepath.Join(bin, out), pkg)
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			log.Fatalf("build %s: %v", pkg, err)
		}
	}
	build("github.com/aecheck/aecheck/cmd/aecheck", "aecheck")
	build("./cmd/aecheck-beam", "aecheck-beam")
	if _, err := shopgen.Shops(dir, filepath.Join("..", "..", "samples"), *n, func(int) shopgen.Bad { return shopgen.Good }); err != nil {
		log.Fatal(err)
	}
	shops, err := shopjob.FromFolder(filepath.Join(dir, "shops"))
	if err != nil {
		log.Fatal(err)
	}
	env := os.Environ()
	if *procs > 0 {
		env = append(env, "GOMAXPROCS="+strconv.Itoa(*procs))
	}
	loop := func() time.Duration {
		out := filepath.Join(dir, "loop")
		os.RemoveAll(out)
		start := time.Now()
		for _, s := range shops {
			part := filepath.Join(out, s.Name)
			os.MkdirAll(part, 0o755)
			args := []string{"report", "--quiet", "--shop", s.Name, "--as-of", "2025-03-14", "--fail-on", "never", "-o", filepath.Join(part, "findings.parquet")}
			for _, c := range s.Catalogs {
				args = append(args, "--catalog", c)
			}
			for _, o := range s.Orders {
				args = append(args, "--orders", o)
			}
			if len(s.Orders) > 0 {
				args = append(args, "--metrics-out", filepath.Join(part, "metrics.parquet"))
			}
			cmd := exec.Command(filepath.Join(bin, "aecheck"), args...)
			cmd.Env = env
			if out, err := cmd.CombinedOutput(); err != nil {
				log.Fatalf("aecheck %v: %v\n%s", args, err, out)
			}
		}
		return time.Since(start)
	}
	beam := func() time.Duration {
		out := filepath.Join(dir, "beam")
		os.RemoveAll(out)
		start := time.Now()
		cmd := exec.Command(filepath.Join(bin, "aecheck-beam"), "--shops", filepath.Join(dir, "shops"), "--out", out, "--as-of", "2025-03-14")
		cmd.Env = env
		if b, err := cmd.CombinedOutput(); err != nil {
			log.Fatalf("aecheck-beam: %v\n%s", err, b)
		}
		return time.Since(start)
	}
	var lt, bt []time.Duration
	for i := 0; i < *runs; i++ {
		if i%2 == 0 {
			lt = append(lt, loop())
			bt = append(bt, beam())
		} else {
			bt = append(bt, beam())
			lt = append(lt, loop())
		}
	}
	slices.Sort(lt)
	slices.Sort(bt)
	l, b := lt[len(lt)/2], bt[len(bt)/2]
	fmt.Printf("%d shops, %d runs, median wall time\n", len(shops), *runs)
	fmt.Printf("  loop of aecheck report: %6.2f s  (%.1f ms a shop)\n", l.Seconds(), float64(l.Milliseconds())/float64(len(shops)))
	fmt.Printf("  aecheck-beam on Prism:  %6.2f s  (%.1f ms a shop)\n", b.Seconds(), float64(b.Milliseconds())/float64(len(shops)))
	fmt.Printf("  pipeline / loop: %.2fx\n", b.Seconds()/l.Seconds())
}
