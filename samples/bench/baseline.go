package main

import (
	"archive/zip"
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/aecheck/aecheck/readers/xlsx"
	kflate "github.com/klauspost/compress/flate"
	"github.com/xuri/excelize/v2"
)

// baseline runs the bare read a case is compared with, named by mode, on
// the file at path: encoding/csv, unzipping the sheet XML (with the
// standard inflater or klauspost's), excelize's Rows, or the fast XLSX
// reader's cells alone.
func baseline(mode, path string) error {
	switch mode {
	case "baseline-csv":
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		r := csv.NewReader(bufio.NewReaderSize(f, 1<<16))
		r.ReuseRecord = true
		r.FieldsPerRecord = -1
		n := 0
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				return err
			}
			n += len(rec)
		}
		fmt.Println(n)
	case "baseline-unzip", "baseline-unzip-klauspost":
		z, err := zip.OpenReader(path)
		if err != nil {
			return err
		}
		defer z.Close()
		if mode == "baseline-unzip-klauspost" {
			z.RegisterDecompressor(zip.Deflate, func(r io.Reader) io.ReadCloser { return kflate.NewReader(r) })
		}
		for _, f := range z.File {
			if strings.HasPrefix(f.Name, "xl/worksheets/") {
				rc, err := f.Open()
				if err != nil {
					return err
				}
				n, err := io.Copy(io.Discard, rc)
				rc.Close()
				if err != nil {
					return err
				}
				fmt.Println(n)
			}
		}
	case "baseline-excelize":
		f, err := excelize.OpenFile(path)
		if err != nil {
			return err
		}
		defer f.Close()
		rows, err := f.Rows(f.GetSheetName(0))
		if err != nil {
			return err
		}
		n := 0
		for rows.Next() {
			cols, err := rows.Columns(excelize.Options{RawCellValue: true})
			if err != nil {
				return err
			}
			n += len(cols)
		}
		fmt.Println(n)
		return rows.Close()
	case "baseline-fastxlsx":
		wb, err := xlsx.OpenFile(path)
		if err != nil {
			return err
		}
		defer wb.Close()
		rows, err := wb.Rows(wb.Sheets()[0])
		if err != nil {
			return err
		}
		n := 0
		for rows.Next() {
			n += len(rows.Cells())
		}
		fmt.Println(n)
		return rows.Err()
	default:
		return fmt.Errorf("unknown mode %s", mode)
	}
	return nil
}

// duckdbArgs is the command of the DuckDB baseline on the order export at
// path: samples/bench/duckdb/run.mjs, once "npm ci" has installed DuckDB in
// that folder. Without node or DuckDB the row says failed and the cases
// compared with it are printed without a ratio.
func duckdbArgs(path string) []string {
	return []string{"node", filepath.Join("samples", "bench", "duckdb", "run.mjs"), path}
}
