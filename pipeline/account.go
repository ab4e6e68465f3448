package pipeline

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/readers"
	"github.com/aecheck/aecheck/reports"
)

// accountFile is one account export, read whole when the run opens its
// inputs (they hold a few thousand rows at most).
type accountFile struct {
	in   Input
	kind string // "violations" or "activities"
	f    *readers.AccountFile
}

// accountInputs returns how many account inputs the run names.
func (c *Config) accountInputs() int {
	return len(c.Violations) + len(c.Activities) + len(c.Before) + len(c.After)
}

// openAccount reads the violations and activities exports; the ones that
// fail go to Result.Failed. idx continues the numbering of the inputs.
func (r *run) openAccount() {
	idx := len(r.cfg.Catalogs) + len(r.cfg.Orders)
	read := func(kind string, ins []Input, fn func(string, io.Reader, readers.Options) (*readers.AccountFile, error)) {
		for _, in := range ins {
			src, err := r.source(in)
			var f *readers.AccountFile
			if err == nil {
				f, err = fn(in.Path, src, r.readOptions(idx, in))
			}
			idx++
			if err != nil {
				r.res.Failed = append(r.res.Failed, &inputError{path: in.Path, err: err})
				continue
			}
			r.accountFiles = append(r.accountFiles, &accountFile{in: in, kind: kind, f: f})
			r.res.Summary.Notes = append(r.res.Summary.Notes, f.Notes...)
		}
	}
	read("violations", r.cfg.Violations, readers.ReadViolations)
	read("activities", r.cfg.Activities, readers.ReadActivities)
}

// accountAsOf returns the latest event the account exports record: a
// penalty date or a withdrawal time. An activity's warm-up, start and end
// are plans, often in the future, so they are left out.
func (r *run) accountAsOf() time.Time {
	var latest time.Time
	see := func(t time.Time) {
		if t.After(latest) {
			latest = t
		}
	}
	for _, af := range r.accountFiles {
		for _, v := range af.f.Violations {
			see(v.Date)
		}
		for _, a := range af.f.Activities {
			see(a.CancelledAt)
		}
	}
	return latest
}

// checkAccount runs the account checks: it reads the catalog versions
// compared for promotion-locked changes (only the registered products are
// kept), hands the findings to the writers and returns the account
// metrics.
func (r *run) checkAccount() ([]checks.Metric, error) {
	if r.cfg.accountInputs() == 0 {
		return nil, nil
	}
	hasV, hasA := len(r.cfg.Violations) > 0, len(r.cfg.Activities) > 0
	var shops []string
	byShop := map[string]*checks.AccountData{}
	data := func(shop string) *checks.AccountData {
		d := byShop[shop]
		if d == nil {
			d = &checks.AccountData{Shop: shop}
			byShop[shop] = d
			shops = append(shops, shop)
		}
		return d
	}
	for _, af := range r.accountFiles {
		for _, v := range af.f.Violations {
			d := data(v.Shop)
			d.Violations = append(d.Violations, v)
		}
		for _, a := range af.f.Activities {
			d := data(a.Shop)
			d.Activities = append(d.Activities, a)
		}
		if err := r.accountStat(af.in, af.kind, af.f, af.f.Blank+len(af.f.Violations)+len(af.f.Activities)); err != nil {
			return nil, err
		}
	}
	if len(r.cfg.Before) > 0 {
		// Only the products registered in an activity are compared.
		reg := map[[2]string]bool{}
		for _, af := range r.accountFiles {
			for _, a := range af.f.Activities {
				if a.ProductID != "" {
					reg[[2]string{a.Shop, a.ProductID}] = true
				}
			}
		}
		keep := func(shop, id string) bool { return reg[[2]string{shop, id}] }
		after := r.cfg.After
		if len(after) == 0 {
			after = r.cfg.Catalogs
		}
		if len(after) == 0 {
			return nil, errors.New("--before needs the current catalog to compare with: name it too")
		}
		idx := len(r.cfg.Catalogs) + len(r.cfg.Orders) + len(r.cfg.Violations) + len(r.cfg.Activities)
		for k, ins := range [][]Input{r.cfg.Before, after} {
			for _, in := range ins {
				if in.Path == "-" {
					return nil, errors.New("the catalogs compared for promotion-locked changes cannot be read from standard input: name the files")
				}
				f, err := readers.ReadLocked(in.Path, nil, r.readOptions(idx, in), keep)
				idx++
				if err != nil {
					return nil, err
				}
				for _, l := range f.Locked {
					d := data(l.Shop)
					if k == 0 {
						d.Before = append(d.Before, l)
					} else {
						d.Current = append(d.Current, l)
					}
				}
				if k == 0 || len(r.cfg.After) > 0 {
					kind := [2]string{"catalog-before", "catalog-current"}[k]
					if err := r.accountStat(in, kind, f, f.Rows); err != nil {
						return nil, err
					}
				}
			}
		}
	}
	all := make([]checks.AccountData, 0, len(shops))
	slices.Sort(shops)
	for _, s := range shops {
		all = append(all, *byShop[s])
	}
	fs, ms := checks.NewAccountRunner(r.cfg.Rules, r.cfg.AsOf).Run(all, hasV, hasA)
	if err := r.emit(fs); err != nil {
		return nil, err
	}
	return ms, nil
}

// accountStat adds an account input to the reconciliation: its rows with a
// problem are rejected, the others checked (blank rows, and the catalog
// rows of products in no activity, included).
func (r *run) accountStat(in Input, kind string, f *readers.AccountFile, rows int) error {
	s := &r.res.Summary
	rejected := 0
	for _, v := range f.Violations {
		if len(v.Problems) > 0 {
			rejected++
			s.Reasons[v.Problems[0].Check]++
		}
	}
	for _, a := range f.Activities {
		if len(a.Problems) > 0 {
			rejected++
			s.Reasons[a.Problems[0].Check]++
		}
	}
	st := reports.FileStat{Path: in.Path, Shop: in.Shop, Kind: kind, Rows: f.Rows, Blank: f.Blank,
		Rejected: rejected, Checked: f.Rows - rejected}
	if len(f.Tables) > 0 {
		st.Path, st.Sheet, st.HeaderRow = f.Tables[0].File, f.Tables[0].Sheet, f.Tables[0].HeaderRow
	}
	if rows != f.Rows {
		// A bug: every row read is a violation, an activity or blank.
		return fmt.Errorf("internal error: %s: %d rows read, %d accounted for", in.Path, f.Rows, rows)
	}
	s.Files = append(s.Files, st)
	s.Rows += st.Rows
	s.Checked += st.Checked
	s.Rejected += st.Rejected
	return nil
}
