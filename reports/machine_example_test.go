package reports_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/readers"
	"github.com/aecheck/aecheck/reports"
)

// A findings file is chosen by its extension: .csv, .parquet, .arrow or
// .ipc. The file appears only when Close succeeds.
func ExampleCreateFindingsFile() {
	dir, err := os.MkdirTemp("", "aecheck-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "findings.csv")

	w, err := reports.CreateFindingsFile(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := w.Begin(&reports.Run{Tool: "aecheck v0.1.0", Command: "check"}); err != nil {
		w.Abort()
		fmt.Println(err)
		return
	}
	err = w.Findings([]checks.Finding{{
		Check: "title-length", Severity: checks.Warning, Kind: "listing", Shop: "north",
		Pos:    readers.Pos{File: "catalog.csv", Row: 2, Col: 3, Line: 2, Field: "Title"},
		Entity: "1005001", Value: "=HYPERLINK(\"x\")", Message: "title is too short", Fix: "Write a longer title.",
	}})
	if err != nil {
		w.Abort()
		fmt.Println(err)
		return
	}
	if err := w.Close(&reports.Summary{}); err != nil {
		fmt.Println(err)
		return
	}
	b, _ := os.ReadFile(path)
	fmt.Print(string(b))
	// Output:
	// kind,check,severity,shop,file,sheet,row,col,line,column,cell,entity,value,message,fix,ref_file,ref_sheet,ref_row,evidence_class,evidence_entry,evidence_terms,evidence_groups,evidence_missing_column,evidence_assumed,lang
	// listing,title-length,warning,north,catalog.csv,,2,3,2,Title,C2,1005001,"'=HYPERLINK(""x"")",title is too short,Write a longer title.,,,,,,,,,,en
}
