package pipeline_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/pipeline"
	"github.com/aecheck/aecheck/reports"
)

// Run checks a catalog and hands every finding to a callback, in file and
// row order.
func ExampleRun() {
	res, err := pipeline.Run(context.Background(), pipeline.Config{
		Catalogs: []pipeline.Input{{Path: "../samples/catalog.csv"}},
		OnFinding: func(f *checks.Finding) {
			if f.Severity == checks.Error && strings.HasPrefix(f.Check, "title") {
				fmt.Printf("%s %s: %s\n", f.Pos, f.Check, f.Message)
			}
		},
	})
	if err != nil {
		fmt.Println("run failed:", err)
		return
	}
	s := res.Summary
	fmt.Printf("rows read %d = checked %d + rejected %d\n", s.Rows, s.Checked, s.Rejected)
	fmt.Println("exit code:", res.ExitCode(checks.Error))
	// Output:
	// ../samples/catalog.csv:3:3 title-too-long: the title has 143 characters; the limit is 128, so 15 must go
	// rows read 30 = checked 28 + rejected 2
	// exit code: 1
}

// A pipeline step: a CSV from any reader in, JSON lines out, with the rules
// changed in code.
func ExampleRun_jsonl() {
	csv := "Product ID,Title,Category,Price,Images,Ship To\n" +
		"1001,Ceramic Teapot with Removable Infuser 900ml Japanese Style Kettle for Loose Leaf Brewing,Home > Kitchen,24.00,5,US\n" +
		"1002,Teapot,Home > Kitchen,0,5,US\n"
	rules, err := checks.ParseRules([]byte("checks:\n  title-short:\n    severity: warning\n"), "inline rules")
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = pipeline.Run(context.Background(), pipeline.Config{
		Catalogs: []pipeline.Input{{Path: "-"}},
		Stdin:    strings.NewReader(csv),
		Rules:    rules,
		Writers:  []reports.Writer{reports.NewJSONL(os.Stdout)},
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"kind":"finding","check":"title-short","severity":"warning","file":"stdin","row":3,"column":"Title","entity":"1002","value":"Teapot","message":"the title has only 6 characters; titles of 60 characters or more give search more words to match","lang":"en","line":3,"col":2,"fix":"Add the words a buyer would search for: material, size, colour, use and who it is for."}
	// {"kind":"finding","check":"price-not-positive","severity":"error","file":"stdin","row":3,"column":"Price","entity":"1002","value":"0","message":"the price is 0; it must be above zero","lang":"en","line":3,"col":4,"fix":"Enter the real selling price, above zero, for the product and each of its variants."}
	// {"kind":"summary","rows_read":2,"rows_checked":2,"rows_rejected":0,"rejection_reasons":{},"findings":2,"by_severity":{"error":1,"info":0,"warning":1},"by_check":{"price-not-positive":1,"title-short":1},"metrics":0,"files":[{"file":"stdin","kind":"catalog","header_row":1,"rows":2,"checked":2,"rejected":0,"continuation":0,"blank":0}]}
}
