package reports

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/internal/i18n"
	"github.com/aecheck/aecheck/internal/leangc"
	"github.com/aecheck/aecheck/readers"
	"github.com/xuri/excelize/v2"
)

// ExcelMaxRows is the number of rows of an Excel sheet, header included.
const ExcelMaxRows = 1_048_576

// XLSXOptions tunes the XLSX report.
type XLSXOptions struct {
	// Tool names the program in the workbook properties when Run.Tool is
	// empty, such as "aecheck v0.1.0".
	Tool string
	// MaxRowsPerSheet is the number of rows of a findings sheet, header
	// included; findings past it continue on "Findings (2)" and so on.
	// 0 means ExcelMaxRows. Tests lower it.
	MaxRowsPerSheet int
	// TempDir holds the temporary files of the run; "" is the system's.
	TempDir string
}

// XLSX writes the report a seller reads: a Summary sheet, the Findings
// (continued on "Findings (2)"… past the row limit of Excel), Order
// findings, the metric sheets when metrics were given, and the Rules.
//
// Findings are kept in a temporary file until Close, which builds the
// workbook: the same run always gives the same bytes (no clock, sorted
// parts), and memory stays flat however many findings there are. The
// workbook appears at its path only when Close succeeds. An XLSX is used
// by one goroutine.
type XLSX struct {
	path    string
	opt     XLSXOptions
	run     *Run
	listing *findingSpool
	order   *findingSpool
	account *findingSpool // penalty points, activities, promotion-locked changes
	metrics []checks.Metric
	picks   productPicks // the products the Products sheet lists
	trends  []TrendPoint
	byShop  map[string]map[checks.Severity]int // findings per shop, for the per-shop summary
	whole   map[wholeFileKey]*wholeFile        // findings from a column a whole file lacks, counted
	// byProduct gathers the listing findings per product, for By product.
	byProduct *productSpool
	// batch is the listings of the batch whose findings are coming
	// (ListingWriter), for the title of each product on By product.
	batch  []readers.Listing
	closed bool
}

// CreateXLSX returns an XLSX writer to path. Nothing is created at path
// before Close; Abort removes the temporary files.
func CreateXLSX(path string, opt XLSXOptions) (*XLSX, error) {
	if opt.MaxRowsPerSheet <= 0 || opt.MaxRowsPerSheet > ExcelMaxRows {
		opt.MaxRowsPerSheet = ExcelMaxRows
	}
	if opt.MaxRowsPerSheet < 2 {
		opt.MaxRowsPerSheet = 2
	}
	// Fail now, not after the whole run, when the directory is not writable.
	probe, err := CreateAtomic(path)
	if err != nil {
		return nil, err
	}
	probe.Abort()
	return &XLSX{path: path, opt: opt}, nil
}

// Begin implements Writer.
func (x *XLSX) Begin(run *Run) error {
	x.run = run
	return nil
}

// Findings implements Writer. Listing findings go to the Findings sheets,
// order findings (Kind "order") to Order findings.
func (x *XLSX) Findings(fs []checks.Finding) error {
	if x.closed {
		return fmt.Errorf("xlsx %s: findings after close", x.path)
	}
	for i := range fs {
		if x.byShop == nil {
			x.byShop = map[string]map[checks.Severity]int{}
		}
		if x.byShop[fs[i].Shop] == nil {
			// A copy: the finding's texts may be in memory the run reuses.
			x.byShop[strings.Clone(fs[i].Shop)] = map[checks.Severity]int{}
		}
		x.byShop[fs[i].Shop][fs[i].Severity]++
		if err := x.addProduct(&fs[i]); err != nil {
			return fmt.Errorf("xlsx %s: %w", x.path, err)
		}
		if k, ok := wholeFileOf(&fs[i]); ok {
			x.addWholeFile(k, &fs[i])
			continue
		}
		sp := &x.listing
		switch fs[i].Kind {
		case "order":
			sp = &x.order
		case checks.AccountKind:
			sp = &x.account
		}
		if *sp == nil {
			s, err := newFindingSpool(x.opt.TempDir)
			if err != nil {
				return fmt.Errorf("xlsx %s: %w", x.path, err)
			}
			*sp = s
		}
		if err := (*sp).add(&fs[i]); err != nil {
			return fmt.Errorf("xlsx %s: %w", x.path, err)
		}
	}
	return nil
}

// Metrics implements Writer. Metrics are few; they are kept in memory.
func (x *XLSX) Metrics(ms []checks.Metric) error {
	if x.closed {
		return fmt.Errorf("xlsx %s: metrics after close", x.path)
	}
	x.metrics = append(x.metrics, ms...)
	return nil
}

// SetTrends gives the shop metrics of earlier runs, from the nightly
// history; Close draws them on a Trends sheet (the last 30 days).
func (x *XLSX) SetTrends(ps []TrendPoint) {
	x.trends = append(x.trends[:0:0], ps...)
}

// Abort implements Writer: it removes the temporary files; no workbook is
// written.
func (x *XLSX) Abort() {
	x.closed = true
	x.listing.remove()
	x.order.remove()
	x.account.remove()
	x.byProduct.remove()
}

// Close implements Writer: it builds the workbook and moves it into place.
func (x *XLSX) Close(sum *Summary) error {
	if x.closed {
		return fmt.Errorf("xlsx %s: already closed", x.path)
	}
	x.closed = true
	defer x.listing.remove()
	defer x.order.remove()
	defer x.account.remove()
	defer x.byProduct.remove()
	if sum == nil {
		sum = &Summary{}
	}
	if x.run == nil {
		x.run = &Run{}
	}
	if err := x.write(sum); err != nil {
		return fmt.Errorf("write %s: %w", x.path, err)
	}
	return nil
}

func (x *XLSX) write(sum *Summary) (err error) {
	out, err := CreateAtomic(x.path)
	if err != nil {
		return err
	}
	defer leangc.Lean(closeGCPercent)()
	defer func() {
		if err != nil {
			out.Abort()
		}
	}()
	// excelize's own temporary files go to a folder of the run's, which a
	// run stopped by a signal removes with the others.
	tmp, err := createTempDir(x.opt.TempDir, "aecheck-xlsx-*")
	if err != nil {
		return err
	}
	defer removeTemp(tmp)
	f := excelize.NewFile(excelize.Options{TmpDir: tmp})
	defer f.Close()
	b := &book{f: f, x: x, sum: sum, tr: i18n.For(x.run.Lang)}
	if err := b.build(); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(out, 256<<10)
	zw, err := newSortedZip(bw, tmp)
	if err != nil {
		return err
	}
	defer zw.discard()
	zw.splices = b.splices
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zw })
	if err := f.Write(io.Discard); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return out.Commit()
}

// closeGCPercent is the garbage collector's target while Close builds the
// workbook, when it was higher. excelize keeps each streamed sheet in a
// buffer of up to 32 MB until the workbook is written, and at the default
// target the heap may grow by as much again in garbage beside them. These
// buffers hold no pointers, so collecting twice as often costs little: on
// the 1M-row bench report, the peak went from 160 to 130 MB for the same
// time.
const closeGCPercent = 50
