package reports

import (
	"errors"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/readers"
)

// ShopSplit is a Writer that writes one report per shop: the findings and
// metrics of each shop (their Shop field; a row's Shop column) go to a
// writer of their own, opened the first time that shop appears. A run
// with nothing to report writes the report of Default, so that a seller
// still gets one saying so. A ShopSplit is used by one goroutine.
type ShopSplit struct {
	// Default is the shop of findings and metrics without one.
	Default string
	// Open returns the writer of a shop and the path it writes ("" for
	// standard output). It is called once per shop.
	Open func(shop string) (Writer, string, error)

	run    *Run
	batch  []readers.Listing // the listings of the batch being written (see Listings)
	trends []TrendPoint
	shops  map[string]Writer
	order  []string // shops in the order they appeared
	paths  []string
}

// Paths are the files written, one per shop, in the order the shops came;
// complete once Close has succeeded.
func (s *ShopSplit) Paths() []string { return s.paths }

func (s *ShopSplit) Begin(run *Run) error {
	s.run = run
	return nil
}

// writer returns the writer of shop, opening it if needed.
func (s *ShopSplit) writer(shop string) (Writer, error) {
	if shop == "" {
		shop = s.Default
	}
	if w, ok := s.shops[shop]; ok {
		return w, nil
	}
	w, path, err := s.Open(shop)
	if err != nil {
		return nil, err
	}
	if s.shops == nil {
		s.shops = map[string]Writer{}
	}
	s.shops[shop] = w
	s.order = append(s.order, shop)
	if path != "" {
		s.paths = append(s.paths, path)
	}
	if err := w.Begin(s.run); err != nil {
		return nil, err
	}
	// A shop's writer opens at its first finding: it is shown the
	// listings of the batch that finding belongs to.
	if lw, ok := w.(ListingWriter); ok && s.batch != nil {
		lw.Listings(s.shopListings(shop))
	}
	return w, nil
}

// Listings implements ListingWriter: each open writer that takes listings
// is shown those of its shop.
func (s *ShopSplit) Listings(ls []readers.Listing) {
	s.batch = ls
	for shop, w := range s.shops {
		if lw, ok := w.(ListingWriter); ok {
			if ls == nil {
				lw.Listings(nil)
			} else {
				lw.Listings(s.shopListings(shop))
			}
		}
	}
}

// shopListings returns the listings of the batch that belong to shop: one
// run of them, as a batch comes from one file of one shop, or none.
func (s *ShopSplit) shopListings(shop string) []readers.Listing {
	var out []readers.Listing
	_ = byShop(s.batch, func(l *readers.Listing) string {
		if l.Shop == "" {
			return s.Default
		}
		return l.Shop
	}, func(sh string, run []readers.Listing) error {
		if sh == shop && out == nil {
			out = run
		}
		return nil
	})
	if out == nil {
		return []readers.Listing{}
	}
	return out
}

func (s *ShopSplit) Findings(fs []checks.Finding) error {
	return byShop(fs, func(f *checks.Finding) string { return f.Shop }, func(shop string, run []checks.Finding) error {
		w, err := s.writer(shop)
		if err != nil {
			return err
		}
		return w.Findings(run)
	})
}

func (s *ShopSplit) Metrics(ms []checks.Metric) error {
	return byShop(ms, func(m *checks.Metric) string { return m.Shop }, func(shop string, run []checks.Metric) error {
		w, err := s.writer(shop)
		if err != nil {
			return err
		}
		return w.Metrics(run)
	})
}

// Products hands each shop's product records to that shop's writer, when
// it takes them.
func (s *ShopSplit) Products(ps []checks.ProductMetrics) error {
	return byShop(ps, func(p *checks.ProductMetrics) string { return p.Shop }, func(shop string, run []checks.ProductMetrics) error {
		w, err := s.writer(shop)
		if err != nil {
			return err
		}
		if pw, ok := w.(ProductWriter); ok && TakesProducts(w) {
			return pw.Products(run)
		}
		return nil
	})
}

// byShop calls do with each run of xs that has one shop, in order.
func byShop[T any](xs []T, shopOf func(*T) string, do func(string, []T) error) error {
	for len(xs) > 0 {
		shop, n := shopOf(&xs[0]), 1
		for n < len(xs) && shopOf(&xs[n]) == shop {
			n++
		}
		if err := do(shop, xs[:n]); err != nil {
			return err
		}
		xs = xs[n:]
	}
	return nil
}

// SetTrends keeps the trends, to hand each shop's report its own.
func (s *ShopSplit) SetTrends(ps []TrendPoint) { s.trends = ps }

func (s *ShopSplit) Close(sum *Summary) error {
	if len(s.order) == 0 {
		if _, err := s.writer(s.Default); err != nil {
			s.Abort()
			return err
		}
	}
	var errs []error
	for _, shop := range s.order {
		w := s.shops[shop]
		if t, ok := w.(TrendSetter); ok && s.trends != nil {
			var own []TrendPoint
			for _, p := range s.trends {
				if p.Shop == shop || p.Shop == "" && shop == s.Default {
					own = append(own, p)
				}
			}
			t.SetTrends(own)
		}
		if len(errs) > 0 {
			w.Abort()
			continue
		}
		if err := w.Close(sum); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (s *ShopSplit) Abort() {
	for _, shop := range s.order {
		s.shops[shop].Abort()
	}
}
