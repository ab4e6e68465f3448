package reports

import "time"

// TrendPoint is one shop metric of an earlier run, read back from the
// nightly history, for the Trends sheet of the XLSX report.
type TrendPoint struct {
	Date       time.Time // as-of date of the run that computed it
	Shop       string
	Metric     string // such as "nr_rate"
	WindowDays int
	Value      float64
}
