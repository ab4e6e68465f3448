package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/readers"
	"github.com/aecheck/aecheck/reports"
)

// checkOrders runs the order findings and metrics over every order export.
// Each batch gets its own metrics accumulator on a worker; the releaser
// merges them, so memory grows with the number of keys, not of orders.
func (r *run) checkOrders(ctx context.Context) error {
	if len(r.cfg.Orders) == 0 {
		return nil
	}
	runner := checks.NewOrderRunner(r.cfg.Rules, r.cfg.AsOf)
	total := checks.NewMetrics(r.cfg.Rules, r.cfg.AsOf)
	total.UseProducts(r.skus)
	work := func(u unit) result {
		b := u.b
		m := checks.NewMetrics(r.cfg.Rules, r.cfg.AsOf)
		m.UseProducts(r.skus)
		m.Add(b.Orders)
		return result{findings: runner.Orders(b.Orders), metrics: m}
	}
	cols := checks.NewOrderColumns()
	release := func(t *table, b *readers.Batch, res result) error {
		defer b.Release() // the metrics and findings keep no order
		if err := r.account(t, b); err != nil {
			return err
		}
		addOrderColumns(cols, t, b)
		total.Merge(res.metrics)
		return r.emit(res.findings)
	}
	if err := r.stage(ctx, "orders", work, release); err != nil {
		return err
	}
	if err := r.emit(runner.Finish()); err != nil {
		return err
	}
	total.UseColumns(cols)
	ms := total.ServiceResults()
	if r.online != nil {
		keys := make([]productKey, 0, len(r.online))
		for k := range r.online {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b productKey) int {
			if a.shop != b.shop {
				return cmpString(a.shop, b.shop)
			}
			return cmpString(a.id, b.id)
		})
		for _, k := range keys {
			ms = append(ms, total.PromotionRow(k.shop, k.id, r.onlineAt[r.online[k]]))
		}
		checks.SortMetrics(ms)
	}
	r.res.Metrics = ms
	r.orderMetrics = total
	return nil
}

// addOrderColumns records, for each shop of the orders of b, the order
// fields of t's tables read so far: a metric whose numerator needs a field
// none of a shop's exports had reads "no data" instead of a rate of 0.
func addOrderColumns(cols *checks.OrderColumns, t *table, b *readers.Batch) {
	or, ok := t.rd.(*readers.OrderReader)
	if !ok || len(b.Orders) == 0 {
		return
	}
	var fields []string
	for _, c := range or.Tables() {
		for _, f := range readers.OrderFields {
			if c.Has(f.Name) && !slices.Contains(fields, f.Name) {
				fields = append(fields, f.Name)
			}
		}
	}
	last := ""
	for i := range b.Orders {
		if shop := b.Orders[i].Shop; i == 0 || shop != last {
			cols.Add(shop, fields...)
			last = shop
		}
	}
}

// writeMetrics adds the account metrics to the order metrics and hands
// them all to the callback and the writers, once.
func (r *run) writeMetrics(account []checks.Metric) error {
	ms := r.res.Metrics
	if len(account) > 0 {
		ms = append(ms, account...)
		checks.SortMetrics(ms)
		r.res.Metrics = ms
	}
	if len(ms) == 0 && r.orderMetrics == nil {
		return nil
	}
	for i := range ms {
		if r.cfg.OnMetric != nil {
			r.cfg.OnMetric(&ms[i])
		}
	}
	for _, w := range r.cfg.Writers {
		if err := w.Metrics(ms); err != nil {
			return err
		}
	}
	return r.products(r.orderMetrics)
}

// trends hands the XLSX writers the 30-day history of the shop metrics: the
// previous runs from the history folder plus this run.
func (r *run) trends() error {
	if r.cfg.History == "" || len(r.res.Metrics) == 0 {
		return nil
	}
	from := r.cfg.AsOf.AddDate(0, 0, -29)
	hist, err := reports.ReadHistory(r.cfg.History, from, r.cfg.AsOf.AddDate(0, 0, -1))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("history %s: %w", r.cfg.History, err)
	}
	var ps []reports.TrendPoint
	for _, h := range hist {
		ps = append(ps, reports.TrendPoint{Date: h.Date, Shop: h.Shop, Metric: h.Metric, WindowDays: h.WindowDays, Value: h.Value})
	}
	day := time.Date(r.cfg.AsOf.Year(), r.cfg.AsOf.Month(), r.cfg.AsOf.Day(), 0, 0, 0, 0, time.UTC)
	for _, m := range r.res.Metrics {
		if m.Scope == "shop" && m.Status != "n/a" && m.Status != checks.StatusNoData {
			ps = append(ps, reports.TrendPoint{Date: day, Shop: m.Shop, Metric: m.Name, WindowDays: m.WindowDays, Value: m.Value})
		}
	}
	for _, w := range r.cfg.Writers {
		if x, ok := w.(reports.TrendSetter); ok {
			x.SetTrends(ps)
		}
	}
	return nil
}
