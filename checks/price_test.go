package checks

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aecheck/aecheck/internal/spill"
	"github.com/aecheck/aecheck/readers"
)

// TestPricedRecords writes price records (ids empty, short, and longer than
// the read buffer; rows negative and large) and reads them back; then the
// same file cut short at every byte of its last records, and with a head
// whose id runs past the end: each is an error, never a panic or a record
// made up; then the same through a temporary file.
func TestPricedRecords(t *testing.T) {
	type rec struct {
		group uint32
		price float64
		r     ref
		id    string
	}
	var want []rec
	for i := range 20000 {
		id := strconv.Itoa(1005006000000000 + i)
		switch i % 1000 {
		case 1:
			id = ""
		case 2:
			id = strings.Repeat("x", 3*spill.BufSize)
		}
		want = append(want, rec{uint32(i % 300), float64(i) * 0.37, ref{Org: uint32(i % 7), Row: int32(i*31 - 5000)}, id})
	}
	want = append(want, rec{math.MaxUint32, math.Inf(1), ref{Org: math.MaxUint32, Row: math.MinInt32}, "last"})
	var data []byte
	ends := map[int]int{} // record boundaries: byte offset -> records before it
	for i, w := range want {
		data = appendPricedRec(data, w.group, w.price, w.r, w.id)
		ends[len(data)] = i + 1
	}
	read := func(b []byte) ([]rec, error) {
		o := &priceOutlier{spill: spill.FromBytes(b)}
		var got []rec
		err := o.each(func(pr *pricedRec) {
			got = append(got, rec{pr.group, pr.price, pr.r, string(pr.id)})
		})
		return got, err
	}
	got, err := read(data)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("read back %d records, want %d; they differ", len(got), len(want))
	}
	full := len(data)
	for cut := full - 1; cut > full-200; cut-- {
		got, err := read(data[:cut])
		if n, whole := ends[cut]; whole {
			if err != nil || len(got) != n {
				t.Fatalf("cut after record %d: %d records, error %v", n, len(got), err)
			}
		} else if err != io.ErrUnexpectedEOF {
			t.Fatalf("cut at byte %d of %d: error %v, want %v", cut, full, err, io.ErrUnexpectedEOF)
		}
	}
	bad := append(slices.Clone(data), bytes.Repeat([]byte{0xff}, pricedHead)...)
	if _, err := read(bad); err != io.ErrUnexpectedEOF {
		t.Fatalf("an id longer than the file: error %v, want %v", err, io.ErrUnexpectedEOF)
	}
	// The same through a temporary file: whole, cut inside its last id, and
	// with a head that claims a 1 GB id, which must not be allocated.
	t.Setenv("TMPDIR", t.TempDir())
	huge := binary.LittleEndian.AppendUint32(make([]byte, pricedHead-4), 1<<30)
	for _, c := range []struct {
		b    []byte
		recs int // records read before the error
		err  error
	}{{data, len(want), nil}, {data[:full-2], len(want) - 1, io.ErrUnexpectedEOF}, {append(slices.Clone(data), huge...), len(want), io.ErrUnexpectedEOF}} {
		b := c.b
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		o := &priceOutlier{spill: spill.New()}
		if !o.spill.InFile() {
			t.Fatal("no temporary file")
		}
		o.spill.Append(b)
		var got []rec
		err := o.each(func(pr *pricedRec) {
			got = append(got, rec{pr.group, pr.price, pr.r, string(pr.id)})
		})
		o.spill.Release()
		runtime.ReadMemStats(&after)
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
			t.Fatalf("reading %d bytes back allocated %d MB", len(b), grew>>20)
		}
		if err != c.err || !slices.Equal(got, want[:c.recs]) {
			t.Fatalf("from a file of %d bytes: %d records, error %v; want %d, %v", len(b), len(got), err, c.recs, c.err)
		}
	}
}

// BenchmarkPricedRecords reads back the spill file of 200,000 priced
// listings, as price-outlier does twice at the end of a run.
func BenchmarkPricedRecords(b *testing.B) {
	var data []byte
	for i := range 200000 {
		data = appendPricedRec(data, uint32(i%300), float64(i%977)+0.5, ref{Row: int32(i + 2)}, strconv.Itoa(1005006000000000+i))
	}
	o := &priceOutlier{spill: spill.FromBytes(data)}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		n := 0
		if err := o.each(func(*pricedRec) { n++ }); err != nil || n != 200000 {
			b.Fatal(n, err)
		}
	}
}

// TestMedian compares median with a sort, on random prices with many
// repeats, on equal prices, and on sorted and reversed runs.
func TestMedian(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var sizes []int
	for n := 1; n < 3000; n += 1 + n/10 {
		sizes = append(sizes, n)
	}
	// From narrowMin on, median narrows xs down by a sample first; the
	// striped kinds fool the sample (every value it takes is the same, or
	// from one half), so the selection over all of xs must take over.
	sizes = append(sizes, narrowMin-1, narrowMin, narrowMin+1, 5000, 20000, 1<<17, 1<<17+1, 300001)
	for _, n := range sizes {
		for _, kind := range []string{"random", "repeats", "equal", "sorted", "reversed", "striped", "striped halves", "two clusters"} {
			xs := make([]float64, n)
			for i := range xs {
				switch kind {
				case "random":
					xs[i] = rng.Float64() * 1000
				case "repeats":
					xs[i] = float64(rng.IntN(5)) + 0.99
				case "equal":
					xs[i] = 9.99
				case "sorted":
					xs[i] = float64(i)
				case "reversed":
					xs[i] = float64(n - i)
				case "striped":
					// The value the sample's stride lands on, elsewhere others.
					if stride := max(1, n/1024); i%stride == 0 {
						xs[i] = 5
					} else {
						xs[i] = rng.Float64() * 1000
					}
				case "striped halves":
					if stride := max(1, n/1024); i%stride == 0 {
						xs[i] = float64(i%2) * 1000
					} else {
						xs[i] = 400 + rng.Float64()*10
					}
				case "two clusters":
					xs[i] = float64(rng.IntN(2))*1000 + rng.Float64()
				}
			}
			s := slices.Clone(xs)
			slices.Sort(s)
			want := s[n/2]
			if n%2 == 0 {
				want = (s[n/2-1] + s[n/2]) / 2
			}
			if got := median(xs); got != want {
				t.Fatalf("%s, %d prices: median %v, want %v", kind, n, got, want)
			}
			slices.Sort(xs)
			if !slices.Equal(xs, s) {
				t.Fatalf("%s, %d prices: median lost or changed a price", kind, n)
			}
		}
	}
}

// TestPriceOutlierManyGroups: over 60 categories of random sizes (some
// below the minimum), whose medians are worked out on several goroutines,
// price-outlier reports exactly the listings a sorted reference calls
// outliers, with the reference's median and count in the message, in the
// order of the catalog.
func TestPriceOutlierManyGroups(t *testing.T) {
	priceOutlierCase(t, 6000, 40)
}

// TestPriceOutlierHalves: a catalog large enough for Finish to read its
// spill in two halves on two goroutines (more than two marks) gives the
// findings of the reference in the order of the listings, the second half's
// handed over in several chunks; with the spill in a temporary file and in
// memory (no temporary file can be made), and on one processor (one part).
func TestPriceOutlierHalves(t *testing.T) {
	if testing.Short() {
		t.Skip("70,000 listings")
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	n := 3*markEvery + 20000
	t.Run("file", func(t *testing.T) { priceOutlierCase(t, n, 4) })
	t.Run("memory", func(t *testing.T) {
		t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
		if s := spill.New(); s.InFile() {
			t.Fatal("a temporary file in a missing folder")
		}
		priceOutlierCase(t, n, 4)
	})
	t.Run("one processor", func(t *testing.T) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
		priceOutlierCase(t, n, 4)
	})
}

// priceOutlierCase checks n listings, one in every outlierEvery/2 of them
// priced far from the others, against a reference that sorts each
// category's prices.
func priceOutlierCase(t *testing.T, n, outlierEvery int) {
	rules := Default()
	th := rules.Thresholds
	rng := rand.New(rand.NewPCG(21, 22))
	var ls []readers.Listing
	groups := map[string][]float64{}
	for i := 0; i < n; i++ {
		cat := "Category " + strconv.Itoa(rng.IntN(60)*rng.IntN(2)+rng.IntN(3)) // uneven sizes
		price := math.Round(rng.Float64()*1000)/100 + 1
		switch rng.IntN(outlierEvery) {
		case 0:
			price *= 30
		case 1:
			price /= 30
		}
		// Ids short and long, some with spaces around them.
		id := strconv.Itoa(1005000 + i)
		switch i % 7 {
		case 1:
			id = "LONG-PRODUCT-IDENTIFIER-" + id
		case 2:
			id = " " + id + "  "
		case 3:
			id = strings.Repeat("9", 22)
		case 4:
			id = strings.Repeat("8", 40)
		case 5:
			id = "  LONG-PRODUCT-IDENTIFIER-" + id + " "
		}
		l := listing("c.csv", i+2, "", id, "", "Stainless Steel Water Bottle "+strconv.Itoa(i), cat, price)
		l.Images, l.HasImages = 5, true
		ls = append(ls, l)
		groups[cat] = append(groups[cat], price)
	}
	// The reference: sort, take the middle (mean of the two middle ones).
	med := map[string]float64{}
	for cat, ps := range groups {
		s := slices.Sorted(slices.Values(ps))
		n := len(s)
		if n%2 == 1 {
			med[cat] = s[n/2]
		} else {
			med[cat] = (s[n/2-1] + s[n/2]) / 2
		}
	}
	var want []string
	for i := range ls {
		l := &ls[i]
		ps := groups[l.Category]
		if len(ps) < th.PriceOutlierMinListings {
			continue
		}
		m := med[l.Category]
		var what string
		switch {
		case l.Price < m/th.PriceOutlierFactor:
			what = "less than"
		case l.Price > m*th.PriceOutlierFactor:
			what = "more than"
		default:
			continue
		}
		want = append(want, readers.Trim(l.ProductID)+": "+what+" median "+fmtPrice(m)+" of "+strconv.Itoa(len(ps)))
	}
	var got []string
	for _, f := range runAll(t, mustRunner(t, rules), ls, 500) {
		if f.Check != "price-outlier" {
			continue
		}
		what := "more than"
		if strings.Contains(f.Message, "less than") {
			what = "less than"
		}
		var m string
		var n int
		rest := f.Message[strings.Index(f.Message, "median price ")+len("median price "):]
		if _, err := fmt.Sscanf(rest, "%s of the %d", &m, &n); err != nil {
			t.Fatalf("%q: %v", f.Message, err)
		}
		if !strings.HasPrefix(f.Message, "the price "+f.Value+" is ") {
			t.Errorf("%q does not start with its value %q", f.Message, f.Value)
		}
		got = append(got, f.Entity+": "+what+" median "+m+" of "+strconv.Itoa(n))
	}
	if len(want) < 50 || n > 4*markEvery/2 && len(want) < 3*finishChunk {
		t.Fatalf("only %d outliers in the reference", len(want))
	}
	if !slices.Equal(got, want) {
		i := 0
		for i < min(len(got), len(want)) && got[i] == want[i] {
			i++
		}
		t.Errorf("got %d findings, want %d; first difference at %d", len(got), len(want), i)
	}
}

// FuzzPricedRecords writes a record and reads it back unchanged, then reads
// the fuzzer's bytes as a spill file: records or io.ErrUnexpectedEOF,
// never a panic.
func FuzzPricedRecords(f *testing.F) {
	f.Add(uint32(3), 2.34, uint32(1), int32(42), "1005006000000000", []byte{})
	f.Add(uint32(0), math.NaN(), uint32(0), int32(-1), "007", []byte{1, 2, 3, 0xff})
	f.Fuzz(func(t *testing.T, group uint32, price float64, org uint32, row int32, id string, raw []byte) {
		b := appendPricedRec(nil, group, price, ref{Org: org, Row: row}, id)
		o := &priceOutlier{spill: spill.FromBytes(b)}
		n := 0
		err := o.each(func(pr *pricedRec) {
			n++
			if pr.group != group || math.Float64bits(pr.price) != math.Float64bits(price) || pr.r != (ref{Org: org, Row: row}) || string(pr.id) != id {
				t.Fatalf("wrote %d %v %d %d %q, read %d %v %d %d %q", group, price, org, row, id, pr.group, pr.price, pr.r.Org, pr.r.Row, string(pr.id))
			}
		})
		if err != nil || n != 1 {
			t.Fatalf("%d records, error %v", n, err)
		}
		o = &priceOutlier{spill: spill.FromBytes(raw)}
		if err := o.each(func(*pricedRec) {}); err != nil && err != io.ErrUnexpectedEOF {
			t.Fatalf("error %v", err)
		}
	})
}

// BenchmarkMedian: the median of a category of 125,000 prices (two
// decimals), which median narrows down by a sample before selecting.
func BenchmarkMedian(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	xs := make([]float64, 125000)
	for i := range xs {
		xs[i] = math.Round(rng.Float64()*10000) / 100
	}
	ys := make([]float64, len(xs))
	for b.Loop() {
		copy(ys, xs)
		median(ys)
	}
}

// each calls fn for every record of the spill file, in the order written.
func (o *priceOutlier) each(fn func(*pricedRec)) error {
	return eachPriced(o.spill.Records(), fn)
}
