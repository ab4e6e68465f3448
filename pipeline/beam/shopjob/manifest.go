// Package shopjob is the unit of work of the many-shops pipeline: one shop's
// files, checked and measured exactly as `aecheck report` does for that shop
// alone. It knows nothing of Beam, so it is tested on its own and the Beam
// pipeline (package beamjob) only distributes shops and gathers summaries.
package shopjob

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Shop is one shop's inputs. Paths may be local or any file system the
// caller's Stager understands (gs://, s3://).
type Shop struct {
	Name       string   `json:"shop"`
	Catalogs   []string `json:"catalogs,omitempty"`
	Orders     []string `json:"orders,omitempty"`
	Violations []string `json:"violations,omitempty"`
	Activities []string `json:"activities,omitempty"`
	Before     []string `json:"before,omitempty"` // older catalog versions, for promotion-locked changes
	Rules      string   `json:"rules,omitempty"`
}

// Limits of a manifest: a nightly book of shops fits well within them, and a
// file past them is a mistake (a catalog given as the manifest).
const (
	maxManifestBytes = 64 << 20
	maxShops         = 1_000_000
	maxFilesPerShop  = 1_000
)

// ReadManifest reads a manifest: CSV (header shop,catalogs,orders,violations,
// activities,before,rules; several files in one cell separated by ';') or JSON lines
// (one Shop object per line), told apart by the extension .jsonl/.json.
// Relative file paths are taken relative to the manifest's folder. Shops are
// returned sorted by name; a name given twice is an error.
func ReadManifest(path string, data []byte) ([]Shop, error) {
	if len(data) > maxManifestBytes {
		return nil, fmt.Errorf("manifest %s: larger than %d MB", path, maxManifestBytes>>20)
	}
	var shops []Shop
	var err error
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jsonl", ".json", ".ndjson":
		shops, err = readJSONL(data)
	default:
		shops, err = readCSV(data)
	}
	if err != nil {
		return nil, fmt.Errorf("manifest %s: %w", path, err)
	}
	base := filepath.Dir(path)
	for i := range shops {
		s := &shops[i]
		s.Name = strings.TrimSpace(s.Name)
		if s.Name == "" {
			return nil, fmt.Errorf("manifest %s: shop %d has no name", path, i+1)
		}
		if n := len(s.Catalogs) + len(s.Orders) + len(s.Violations) + len(s.Activities) + len(s.Before); n > maxFilesPerShop {
			return nil, fmt.Errorf("manifest %s: shop %s names %d files, more than %d", path, s.Name, n, maxFilesPerShop)
		}
		for _, l := range []*[]string{&s.Catalogs, &s.Orders, &s.Violations, &s.Activities, &s.Before} {
			for j, p := range *l {
				(*l)[j] = resolve(base, p)
			}
		}
		if s.Rules != "" {
			s.Rules = resolve(base, s.Rules)
		}
	}
	return sortShops(shops, path)
}

func sortShops(shops []Shop, src string) ([]Shop, error) {
	if len(shops) > maxShops {
		return nil, fmt.Errorf("%s: %d shops, more than %d", src, len(shops), maxShops)
	}
	slices.SortFunc(shops, func(a, b Shop) int { return strings.Compare(a.Name, b.Name) })
	for i := 1; i < len(shops); i++ {
		if shops[i].Name == shops[i-1].Name {
			return nil, fmt.Errorf("%s: shop %s is named twice", src, shops[i].Name)
		}
	}
	return shops, nil
}

// resolve makes a manifest path absolute against the manifest's folder,
// leaving URLs (gs://...) and absolute paths as they are.
func resolve(base, p string) string {
	p = strings.TrimSpace(p)
	if p == "" || filepath.IsAbs(p) || strings.Contains(p, "://") {
		return p
	}
	return filepath.Join(base, p)
}

func readJSONL(data []byte) ([]Shop, error) {
	var shops []Shop
	for n, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		var s Shop
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&s); err != nil {
			return nil, fmt.Errorf("line %d: %w", n+1, err)
		}
		shops = append(shops, s)
	}
	return shops, nil
}

func readCSV(data []byte) ([]Shop, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("no header row: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	if _, ok := col["shop"]; !ok {
		return nil, errors.New(`no "shop" column in the header (shop,catalogs,orders,violations,activities,before,rules)`)
	}
	for h := range col {
		switch h {
		case "shop", "catalogs", "orders", "violations", "activities", "before", "rules":
		default:
			return nil, fmt.Errorf("unknown column %q (use shop,catalogs,orders,violations,activities,before,rules)", h)
		}
	}
	var shops []Shop
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		cell := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		shops = append(shops, Shop{
			Name:       cell("shop"),
			Catalogs:   splitList(cell("catalogs")),
			Orders:     splitList(cell("orders")),
			Violations: splitList(cell("violations")),
			Activities: splitList(cell("activities")),
			Before:     splitList(cell("before")),
			Rules:      cell("rules"),
		})
	}
	return shops, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// FromFolder reads the nightly job's folder layout: every sub-folder of dir
// is a shop, and its files are sorted into kinds by name: names starting
// with "orders" are order exports, "violations" and "activities" the account
// exports, "before" an older version of the catalog, "rules.yaml" (or .yml) the shop's rules file, and every other
// .xlsx, .csv, .tsv, .txt or .xml file a catalog.
func FromFolder(dir string) ([]Shop, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read shops folder: %w", err)
	}
	var shops []Shop
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		s := Shop{Name: e.Name()}
		files, err := os.ReadDir(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read shop folder %s: %w", e.Name(), err)
		}
		for _, f := range files {
			name := f.Name()
			if f.IsDir() || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$") {
				continue
			}
			p := filepath.Join(dir, e.Name(), name)
			lower := strings.ToLower(name)
			ext := filepath.Ext(lower)
			switch {
			case lower == "rules.yaml" || lower == "rules.yml":
				s.Rules = p
			case !inputExt[ext]:
			case strings.HasPrefix(lower, "orders"):
				s.Orders = append(s.Orders, p)
			case strings.HasPrefix(lower, "violations"):
				s.Violations = append(s.Violations, p)
			case strings.HasPrefix(lower, "activities"):
				s.Activities = append(s.Activities, p)
			case strings.HasPrefix(lower, "before"):
				s.Before = append(s.Before, p)
			default:
				s.Catalogs = append(s.Catalogs, p)
			}
		}
		shops = append(shops, s)
	}
	if len(shops) == 0 {
		return nil, fmt.Errorf("shops folder %s has no shop sub-folder", dir)
	}
	return sortShops(shops, dir)
}

var inputExt = map[string]bool{".csv": true, ".tsv": true, ".txt": true, ".xlsx": true, ".xml": true}
