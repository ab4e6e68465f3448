package shopjob

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestReadManifest(t *testing.T) {
	for _, tc := range []struct {
		name, path, data string
		want             []Shop
		err              string
	}{
		{name: "csv", path: "/m/shops.csv",
			data: "\ufeffshop,catalogs,orders,rules\nzeta,z/c.xlsx,z/o1.csv; z/o2.csv,z/rules.yaml\nacme,gs://b/acme.csv,,\n",
			want: []Shop{
				{Name: "acme", Catalogs: []string{"gs://b/acme.csv"}},
				{Name: "zeta", Catalogs: []string{"/m/z/c.xlsx"}, Orders: []string{"/m/z/o1.csv", "/m/z/o2.csv"}, Rules: "/m/z/rules.yaml"},
			}},
		{name: "jsonl", path: "/m/shops.jsonl",
			data: `{"shop":"b","catalogs":["/abs/c.csv"],"violations":["v.csv"],"activities":["a.xlsx"],"before":["old.csv"]}` + "\n\n" + `{"shop":"a","orders":["o.csv"]}`,
			want: []Shop{
				{Name: "a", Orders: []string{"/m/o.csv"}},
				{Name: "b", Catalogs: []string{"/abs/c.csv"}, Violations: []string{"/m/v.csv"}, Activities: []string{"/m/a.xlsx"}, Before: []string{"/m/old.csv"}},
			}},
		{name: "no shop column", path: "m.csv", data: "name,catalogs\na,b\n", err: `no "shop" column`},
		{name: "unknown column", path: "m.csv", data: "shop,catalog\na,b\n", err: `unknown column "catalog"`},
		{name: "empty name", path: "m.csv", data: "shop,catalogs\n ,b\n", err: "shop 1 has no name"},
		{name: "twice", path: "m.csv", data: "shop,catalogs\na,b\na,c\n", err: "shop a is named twice"},
		{name: "unknown json key", path: "m.jsonl", data: `{"shop":"a","catalog":["x"]}`, err: "line 1"},
		{name: "bad json", path: "m.jsonl", data: `{"shop":`, err: "line 1"},
		{name: "empty", path: "m.csv", data: "", err: "no header row"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadManifest(tc.path, []byte(tc.data))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestReadManifestLimits(t *testing.T) {
	big := make([]byte, maxManifestBytes+1)
	if _, err := ReadManifest("m.csv", big); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("a manifest over the limit: %v", err)
	}
	var b strings.Builder
	b.WriteString("shop,catalogs\na,")
	for i := 0; i <= maxFilesPerShop; i++ {
		b.WriteString("f.csv;")
	}
	if _, err := ReadManifest("m.csv", []byte(b.String())); err == nil || !strings.Contains(err.Error(), "more than") {
		t.Errorf("a shop with too many files: %v", err)
	}
}

func TestFromFolder(t *testing.T) {
	dir := t.TempDir()
	files := []string{
		"acme/catalog.xlsx", "acme/orders-nov.csv", "acme/orders-dec.csv", "acme/rules.yaml",
		"acme/violations.csv", "acme/activities.xlsx", "acme/before.csv", "acme/notes.pdf", "acme/.hidden.csv", "acme/~$catalog.xlsx",
		"beta/items.tsv", ".git/config",
	}
	for _, f := range files {
		p := filepath.Join(dir, f)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, nil, 0o644)
	}
	got, err := FromFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	j := func(f string) string { return filepath.Join(dir, f) }
	want := []Shop{
		{Name: "acme", Catalogs: []string{j("acme/catalog.xlsx")}, Orders: []string{j("acme/orders-dec.csv"), j("acme/orders-nov.csv")},
			Violations: []string{j("acme/violations.csv")}, Activities: []string{j("acme/activities.xlsx")}, Before: []string{j("acme/before.csv")}, Rules: j("acme/rules.yaml")},
		{Name: "beta", Catalogs: []string{j("beta/items.tsv")}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if _, err := FromFolder(t.TempDir()); err == nil {
		t.Error("an empty folder gave no error")
	}
}

func TestPartitionAndSafeName(t *testing.T) {
	for in, want := range map[string]string{"acme": "acme", "../x": ".._x", "..": "_..", "": "_", "a/b\\c:d": "a_b_c_d", "店铺": "店铺"} {
		if got := SafeName(in); got != want {
			t.Errorf("SafeName(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Partition("a/b", time.Date(2026, 11, 30, 23, 59, 0, 0, time.FixedZone("CET", 3600))); got != filepath.Join("shop=a_b", "date=2026-11-30") {
		t.Errorf("Partition = %q", got)
	}
	if got := Partition("a", time.Time{}); got != filepath.Join("shop=a", "date=none") {
		t.Errorf("Partition without as-of = %q", got)
	}
}

func FuzzReadManifest(f *testing.F) {
	f.Add("m.csv", "shop,catalogs,orders\na,c.csv,o.csv;p.csv\n")
	f.Add("m.jsonl", `{"shop":"a","catalogs":["c.csv"]}`)
	f.Add("m.csv", "shop\n\"a\n")
	f.Fuzz(func(t *testing.T, path, data string) {
		shops, err := ReadManifest(path, []byte(data))
		if err != nil {
			return
		}
		for i, s := range shops {
			if s.Name == "" || (i > 0 && shops[i-1].Name >= s.Name) {
				t.Fatalf("shops not named, sorted and unique: %+v", shops)
			}
		}
	})
}
