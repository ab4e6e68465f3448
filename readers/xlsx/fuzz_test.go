package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"testing"
)

// fuzzRowLimit keeps each fuzz input fast: a mutated r="1000000" would
// otherwise make both readers yield a million empty rows. The prefixes are
// compared.
const fuzzRowLimit = 2000

// safeExcelize runs the reference reader, turning a panic into an error so
// that only this package's behaviour can fail the fuzz targets.
func safeExcelize(data []byte) (recs []sheetRecs, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("excelize panic: %v", p)
		}
	}()
	return readExcelizeN(data, fuzzRowLimit)
}

// FuzzRows feeds arbitrary bytes as the worksheet XML of a valid workbook.
// The fast reader must never panic, and whenever both readers succeed they
// must return the same rows. (Seeds: testdata/fuzz/FuzzRows.)
func FuzzRows(f *testing.F) {
	f.Add([]byte(sheetDoc(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1"><v>1.5</v></c></row>`)))
	f.Fuzz(func(t *testing.T, sheet []byte) {
		data := zipParts(minimalParts(testSST, "", string(sheet)))
		var want []sheetRecs
		var xerr error
		xdone := false
		for _, slow := range []bool{false, true} {
			tokenPathOnly = slow
			got, err := readFastN(data, fuzzRowLimit)
			tokenPathOnly = false
			if err != nil {
				continue
			}
			if !xdone {
				want, xerr = safeExcelize(data)
				xdone = true
			}
			if xerr != nil {
				return
			}
			if err := equalRecs(got, want); err != nil {
				t.Fatalf("fast reader (tokenPathOnly=%v) returned different values without an error: %v", slow, err)
			}
		}
	})
}

// FuzzSharedStrings feeds arbitrary bytes as xl/sharedStrings.xml.
func FuzzSharedStrings(f *testing.F) {
	f.Add([]byte(testSST))
	sheet := sheetDoc(`<row r="1"><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c><c t="s"><v>3</v></c></row>`)
	f.Fuzz(func(t *testing.T, sst []byte) {
		if len(sst) == 0 {
			return // excelize and this reader both see no table
		}
		data := zipParts(minimalParts(string(sst), "", sheet))
		got, err := readFastN(data, fuzzRowLimit)
		if err != nil || declaresHugeEntry(data) {
			return
		}
		want, xerr := safeExcelize(data)
		if xerr != nil {
			return
		}
		if err := equalRecs(got, want); err != nil {
			t.Fatalf("fast reader returned different values without an error: %v", err)
		}
	})
}

// declaresHugeEntry reports a zip whose directory claims a large entry:
// excelize preallocates the declared size, which makes fuzzing crawl.
func declaresHugeEntry(data []byte) bool {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return true
	}
	for _, f := range zr.File {
		if f.UncompressedSize64 > 1<<20 {
			return true
		}
	}
	return false
}

// FuzzOpen feeds arbitrary bytes as the whole file: never a panic, and the
// same values as excelize when both succeed.
func FuzzOpen(f *testing.F) {
	f.Add(zipParts(minimalParts(testSST, "", sheetDoc(`<row><c t="s"><v>1</v></c></row>`))))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := readFastN(data, fuzzRowLimit)
		if err != nil || declaresHugeEntry(data) {
			return
		}
		want, xerr := safeExcelize(data)
		if xerr != nil {
			return
		}
		if err := equalRecs(got, want); err != nil {
			t.Fatalf("fast reader returned different values without an error: %v", err)
		}
	})
}
