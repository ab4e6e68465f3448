package main

import (
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"
)

// Measuring a command: wall and CPU time and peak memory of each run,
// the median of several, paired with the baseline it is compared with.

type result struct {
	wall, cpu time.Duration
	rss       int64 // bytes
}

// pairBelow is the longest baseline (median wall time) that is run again
// beside each case compared with it. The DuckDB baseline is paired
// whatever its time: it is the tool the case has to beat, and the ratio
// only holds when both see the same load.
const pairBelow = 3 * time.Second

// measurement is what measure returns: the run of median wall time and,
// when the case was paired with its baseline, the ratio of each run to the
// baseline run just before it.
type measurement struct {
	median result
	ratios []float64
}

// measureWith runs each command of cmds n times, each through "bench exec"
// so that the peak RSS is the command's own, and returns each command's run
// of median wall time (with its CPU time and peak RSS). Each round runs
// the baseline (pair, when set; the ratios of the pairs are returned too),
// then every command, the first one first
// in even rounds and last in odd ones, so that no command always follows
// the baseline. It returns each command's measurement and, for each
// command after the first, the ratios of the first one's wall time to its
// own, round by round.
func measureWith(self string, cmds [][]string, n int, pair []string) ([]measurement, [][]float64, error) {
	ms := make([]measurement, len(cmds))
	runs := make([][]result, len(cmds))
	cross := make([][]float64, len(cmds))
	for i := 0; i < n; i++ {
		var base result
		if pair != nil {
			b, err := runOnce(self, pair)
			if err != nil {
				return nil, nil, err
			}
			base = b
		}
		got := make([]result, len(cmds))
		for k := range cmds {
			j := k
			if i%2 == 1 {
				j = len(cmds) - 1 - k
			}
			r, err := runOnce(self, cmds[j])
			if err != nil {
				return nil, nil, err
			}
			got[j] = r
		}
		for j, r := range got {
			runs[j] = append(runs[j], r)
			if pair != nil && base.wall > 0 {
				ms[j].ratios = append(ms[j].ratios, r.wall.Seconds()/base.wall.Seconds())
			}
			if j > 0 && r.wall > 0 {
				cross[j] = append(cross[j], got[0].wall.Seconds()/r.wall.Seconds())
			}
		}
	}
	for j, rs := range runs {
		slices.SortFunc(rs, func(a, b result) int { return int(a.wall - b.wall) })
		ms[j].median = rs[len(rs)/2]
	}
	return ms, cross, nil
}

// runOnce runs args once through "bench exec".
func runOnce(self string, args []string) (result, error) {
	cmd := exec.Command(self, append([]string{"exec"}, args...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return result{}, fmt.Errorf("%v: %s", err, strings.TrimSpace(stderr.String()))
	}
	var r result
	var code int
	if _, err := fmt.Sscan(string(out), &r.wall, &r.cpu, &r.rss, &code); err != nil {
		return result{}, fmt.Errorf("bench exec printed %q: %v", out, err)
	}
	if code == 2 {
		return result{}, fmt.Errorf("exit status 2: %s", strings.TrimSpace(stderr.String()))
	}
	return r, nil
}

// median returns the median of xs (the mean of the middle two for an even
// count); xs is sorted in place.
func median(xs []float64) float64 {
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// execMeasured runs args with stdout discarded and prints wall time and
// CPU time (nanoseconds), peak RSS (bytes) and the exit code; exit code 1
// (findings at or above --fail-on) is not a failure.
func execMeasured(args []string) error {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stderr = os.Stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			return err
		}
		code = ee.ExitCode()
	}
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	fmt.Println(int64(wall), int64(cpu), peakRSS(cmd.ProcessState), code)
	return nil
}

// rssText formats a peak RSS in MB, "n/a" where the system does not tell
// (peakRSS returns -1).
func rssText(b int64) string {
	if b < 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.0f MB", float64(b)/(1<<20))
}
