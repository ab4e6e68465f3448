package reports

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// Options are the settings Open passes to the writers.
type Options struct {
	// Stdout receives the JSONL stream of the output path "-".
	Stdout io.Writer
	// XLSX tunes the XLSX writer.
	XLSX XLSXOptions
	// Tool is the name and version written into machine outputs.
	Tool string
}

// Open returns the writer for one -o path, chosen by its extension: .xlsx
// is the seller's workbook, .jsonl or .ndjson a JSON Lines file, and "-"
// JSON Lines on opt.Stdout; .csv, .parquet and .arrow (or .ipc) are the
// findings as typed tables for pipelines (schema findings/v3). Files appear at their path only when the
// writer's Close succeeds.
func Open(path string, opt Options) (Writer, error) {
	if path == "-" {
		if opt.Stdout == nil {
			return nil, fmt.Errorf("output -: no standard output to write to")
		}
		return NewJSONL(opt.Stdout), nil
	}
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".xlsx":
		w, err := CreateXLSX(path, opt.XLSX)
		if err != nil {
			return nil, err
		}
		return guard(path, w), nil
	case ".jsonl", ".ndjson":
		w, err := CreateJSONL(path)
		if err != nil {
			return nil, err
		}
		return guard(path, w), nil
	case ".csv", ".parquet", ".arrow", ".ipc":
		return openMachine(path, MachineOptions{Kind: MachineFindings, Tool: opt.Tool})
	case "":
		return nil, fmt.Errorf("output %s: no file extension to tell the format (use %s)", path, supported)
	default:
		return nil, fmt.Errorf("output %s: unsupported output format %q (use %s)", path, ext, supported)
	}
}

// supported lists the output formats, for error messages.
const supported = ".xlsx, .jsonl, .csv, .parquet, .arrow or -"
