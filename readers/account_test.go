package readers

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func writeTemp(t testing.TB, name, data string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadViolationsLanguages(t *testing.T) {
	for _, tc := range []struct{ name, csv string }{
		{"en", "Violation ID,Penalty Date,Violation Type,Points Deducted,Serious IP,Appeal Status\nV1,2026-05-01 10:00,Serious IP infringement,-12,,Active\n"},
		{"zh", "违规编号,处罚时间,违规类型,扣分,严重侵权,申诉状态\nV1,2026-05-01 10:00,严重知识产权侵权,12,是,申诉失败\n"},
		{"fr", "ID de l'infraction;Date de la sanction;Type d'infraction;Points de pénalité;Atteinte grave PI;Statut\nV1;01/05/2026 10:00;Contrefaçon;12;oui;en vigueur\n"},
		{"es", "ID de la infracción,Fecha de la sanción,Tipo de infracción,Puntos,Infracción grave PI,Estado\nV1,2026-05-01 10:00,Falsificación,\"12,0\",sí,vigente\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := ReadViolations(writeTemp(t, "v.csv", tc.csv), nil, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Violations) != 1 {
				t.Fatalf("%d violations", len(f.Violations))
			}
			v := f.Violations[0]
			want := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
			if len(v.Problems) > 0 || v.ID != "V1" || !v.Date.Equal(want) || v.Points != 12 || !v.SeriousIP || v.Void {
				t.Errorf("got %+v", v)
			}
		})
	}
}

func TestReadViolationsBadCells(t *testing.T) {
	csv := "Export of 2026-11-20\n\nViolation ID,Date,Points,Status,Serious IP,Email\n" +
		"V1,2026-05-01,six,Active,No,buyer@example.com\n" + // bad points
		"V2,yesterday,6,Active,No,\n" + // bad date
		"V3,2026-05-01,6,maybe,No,\n" + // unknown status
		"V4,2026-05-01,6,Active,perhaps,\n" + // bad yes/no
		",2026-05-01,6,Active,No,\n" + // no id
		"V6,2026-05-01,6,Appeal succeeded,No,\n" + // void, clean
		",,,,,\n" // blank
	f, err := ReadViolations(writeTemp(t, "v.csv", csv), nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if f.Rows != 7 || f.Blank != 1 || len(f.Violations) != 6 {
		t.Fatalf("rows %d blank %d violations %d", f.Rows, f.Blank, len(f.Violations))
	}
	want := []string{"bad-value points C4", "bad-value date B5", "bad-value status D6", "bad-value serious_ip E7", "missing-field violation_id A8", ""}
	for i, v := range f.Violations {
		got := ""
		if len(v.Problems) > 0 {
			p := v.Problems[0]
			got = p.Check + " " + p.Name + " " + p.Pos.Cell()
		}
		if got != want[i] {
			t.Errorf("row %d: %q, want %q", v.Pos.Row, got, want[i])
		}
	}
	if !f.Violations[5].Void {
		t.Error("a successful appeal must void the violation")
	}
	notes := strings.Join(f.Notes, "\n")
	if !strings.Contains(notes, "header found on row 3") || !strings.Contains(notes, `personal data columns ignored, never copied to any report: "Email"`) {
		t.Errorf("notes: %s", notes)
	}
	for _, v := range f.Violations {
		for _, p := range v.Problems {
			if strings.Contains(p.Value+p.Msg, "@") {
				t.Errorf("personal data copied: %+v", p)
			}
		}
	}
}

func TestReadActivities(t *testing.T) {
	csv := "活动ID,活动名称,活动等级,预热开始时间,活动开始时间,活动结束时间,退出时间,商品ID\n" +
		"A1,双11,S级,2026-11-01 00:00,2026-11-11 00:00,2026-11-13 00:00,2026-11-11 10:00,1005006001001\n" +
		"A2,黑五,A+,,2026-11-27 00:00,2026-11-20 00:00,,\n" + // ends before it starts
		"A3,清仓,B,2026-12-05 00:00,2026-12-01 00:00,,,\n" // warm-up after start
	f, err := ReadActivities(writeTemp(t, "a.csv", csv), nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := f.Activities[0]
	if a.Level != "S" || a.ProductID != "1005006001001" || a.CancelledAt.IsZero() || len(a.Problems) > 0 {
		t.Errorf("row 2: %+v", a)
	}
	if f.Activities[1].Level != "A+" || len(f.Activities[1].Problems) != 1 || f.Activities[1].Problems[0].Name != "end_at" {
		t.Errorf("row 3: %+v", f.Activities[1])
	}
	if len(f.Activities[2].Problems) != 1 || f.Activities[2].Problems[0].Name != "warmup_at" {
		t.Errorf("row 4: %+v", f.Activities[2])
	}
}

func TestReadActivitiesMissingColumn(t *testing.T) {
	_, err := ReadActivities(writeTemp(t, "a.csv", "Activity ID,Activity Name\nA1,Sale\n"), nil, Options{})
	if err == nil || !strings.Contains(err.Error(), "start_at") {
		t.Errorf("err = %v, want a missing start_at column", err)
	}
}

func TestReadLockedKeeps(t *testing.T) {
	csv := "Product ID,SKU,Price,Colour,Shipping Template\n1,a,5,Red,EU\n2,b,6,Blue,EU\n,c,7,Green,EU\n"
	f, err := ReadLocked(writeTemp(t, "c.csv", csv), nil, Options{}, func(_, id string) bool { return id == "2" })
	if err != nil {
		t.Fatal(err)
	}
	if f.Rows != 3 || len(f.Locked) != 1 || f.Locked[0].Values["colour"] != "Blue" || f.Locked[0].Values["shipping_template"] != "EU" {
		t.Errorf("got rows %d, %+v", f.Rows, f.Locked)
	}
	if _, ok := f.Locked[0].Values["unit"]; ok {
		t.Error("a column the file lacks must not be a value")
	}
}

// FuzzAccount checks that the account readers never panic and account for
// every row: each is a violation (or activity) or blank.
func FuzzAccount(f *testing.F) {
	f.Add([]byte("Violation ID,Date,Points\nV1,2026-05-01,6\n\n"))
	f.Add([]byte("title\nActivity ID,Start,Cancelled at\nA1,2026-13-01,x\n"))
	f.Add([]byte("违规编号,处罚时间,扣分,申诉状态\nV1,45413.5,-2,申诉成功\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "f.csv")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if v, err := ReadViolations(p, nil, Options{}); err == nil && v.Rows != v.Blank+len(v.Violations) {
			t.Fatalf("violations: %d rows, %d blank, %d read", v.Rows, v.Blank, len(v.Violations))
		}
		if a, err := ReadActivities(p, nil, Options{}); err == nil && a.Rows != a.Blank+len(a.Activities) {
			t.Fatalf("activities: %d rows, %d blank, %d read", a.Rows, a.Blank, len(a.Activities))
		}
	})
}

// TestReadActivitiesXLSX: a workbook with a title row, Chinese headers, a
// product id stored as a number and times as Excel serials.
func TestReadActivitiesXLSX(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{
		{"活动报名记录"},
		{"活动ID", "活动名称", "活动等级", "活动开始时间", "退出时间", "商品ID"},
		{"A1", "双11", "A+", 46337.0, 46336.5, 1005006001001},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(t.TempDir(), "a.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	af, err := ReadActivities(p, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(af.Activities) != 1 || af.Tables[0].HeaderRow != 2 {
		t.Fatalf("got %d activities, header row %d", len(af.Activities), af.Tables[0].HeaderRow)
	}
	a := af.Activities[0]
	if a.ProductID != "1005006001001" || a.Level != "A+" || len(a.Problems) > 0 ||
		!a.StartAt.Equal(time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)) || !a.CancelledAt.Equal(time.Date(2026, 11, 10, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("got %+v", a)
	}
	if pos := a.Pos; pos.Sheet != "Sheet1" || pos.Row != 3 {
		t.Errorf("position %+v", pos)
	}
}

func TestReadViolationsTSV(t *testing.T) {
	f, err := ReadViolations(writeTemp(t, "v.tsv", "Violation ID\tDate\tPoints\nV1\t2026-05-01\t2\n"), nil, Options{})
	if err != nil || len(f.Violations) != 1 || f.Violations[0].Points != 2 {
		t.Fatalf("%v %+v", err, f)
	}
}
