package readers

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// TestOrderTime: the fast path gives what ParseTime gives, bit for bit, on
// every day of years around leap-year rules, on bad days and times, and on
// shapes it leaves to ParseTime.
func TestOrderTime(t *testing.T) {
	check := func(s string) {
		t.Helper()
		got, gok := orderTime(s)
		want, wok := ParseTime(s)
		if got != want || gok != wok {
			t.Fatalf("orderTime(%q) = %v %v, ParseTime = %v %v", s, got, gok, want, wok)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, y := range []int{0, 1, 4, 100, 1900, 1969, 1970, 1999, 2000, 2023, 2024, 2100, 2400, 9999} {
		for m := 0; m <= 13; m++ {
			for d := 0; d <= 32; d++ {
				day := fmt.Sprintf("%04d-%02d-%02d", y, m, d)
				check(day)
				check(fmt.Sprintf("%s %02d:%02d", day, rng.IntN(24), rng.IntN(60)))
				check(fmt.Sprintf("%s %02d:%02d:%02d", day, rng.IntN(24), rng.IntN(60), rng.IntN(60)))
				check(fmt.Sprintf("%sT%02d:%02d:%02d", day, rng.IntN(24), rng.IntN(60), rng.IntN(60)))
			}
		}
	}
	for _, s := range []string{"", " ", "2024-05-01 24:00", "2024-05-01 23:60", "2024-05-01 23:59:60", "2024-05-01T23:59", "2024-05-01X23:59:00",
		"2024-05-01 23-59", "2024-05-01 23:59-00", " 2024-05-01", "2024-05-01 ", "2024/05/01", "2024-5-01 10:00", "20x4-05-01",
		"2024-05-01 1a:00", "2024-05-01 10:0a:00", "2024-05-01 10:00:0a", "2024-05-01T10:00:00Z", "45000", "31/12/2024", "n/a", "2024-05-01 10:00:00 +0200"} {
		check(s)
	}
	for range 20000 {
		v := time.Unix(rng.Int64N(400*365*86400)-200*365*86400, 0).UTC()
		check(v.Format("2006-01-02 15:04:05"))
		check(v.Format("2006-01-02 15:04"))
		check(v.Format(time.DateOnly))
	}
}
