package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aecheck/aecheck/pipeline"
)

// inputExts are the files a folder is searched for.
var inputExts = map[string]bool{".csv": true, ".tsv": true, ".txt": true, ".xlsx": true, ".xml": true}

// expandInputs turns file arguments into inputs. A file is taken as it is,
// with the --shop name. A folder is searched (with its sub-folders) for
// spreadsheet files, and a glob pattern such as 'shops/*/catalog.xlsx'
// stands for its matches; the files found that way belong to the shop
// named after the folder they sit in, unless --shop names one. The result
// is sorted within each argument, so a run does not depend on the order
// the file system lists files in.
func expandInputs(args []string, shop string) ([]pipeline.Input, error) {
	var ins []pipeline.Input
	add := func(path string, found bool) {
		s := shop
		if found && s == "" {
			s = filepath.Base(filepath.Dir(path))
		}
		ins = append(ins, pipeline.Input{Path: path, Shop: s})
	}
	for _, arg := range args {
		if arg == "-" {
			add(arg, false)
			continue
		}
		st, err := os.Stat(arg)
		switch {
		case err == nil && st.IsDir():
			var files []string
			err := filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				name := d.Name()
				if d.IsDir() {
					if p != arg && strings.HasPrefix(name, ".") {
						return filepath.SkipDir
					}
					return nil
				}
				if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$") || !inputExts[strings.ToLower(filepath.Ext(name))] {
					return nil
				}
				files = append(files, p)
				return nil
			})
			if err != nil {
				return nil, fmt.Errorf("read folder %s: %w", arg, err)
			}
			if len(files) == 0 {
				return nil, fmt.Errorf("folder %s holds no .xlsx, .csv, .tsv, .txt or .xml file", arg)
			}
			slices.Sort(files)
			for _, f := range files {
				add(f, true)
			}
		case err == nil:
			add(arg, false)
		case strings.ContainsAny(arg, "*?["):
			matches, gerr := filepath.Glob(arg)
			if gerr != nil {
				return nil, fmt.Errorf("pattern %s: %w", arg, gerr)
			}
			if len(matches) == 0 {
				return nil, fmt.Errorf("no file matches %s", arg)
			}
			slices.Sort(matches)
			for _, m := range matches {
				add(m, true)
			}
		default:
			// A missing file is reported by the reader, with the others.
			add(arg, false)
		}
	}
	return ins, nil
}

// splitOutput names the output of one shop when --split-by shop is given:
// report.xlsx becomes report-acme.xlsx.
func splitOutput(path, shop string) string {
	if path == "-" {
		return path
	}
	if shop == "" {
		shop = "no-shop"
	}
	ext := filepath.Ext(path)
	return strings.TrimSuffix(path, ext) + "-" + safeName(shop) + ext
}

// safeName keeps a shop name usable in a file name.
func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ':' || r == '*' || r == '?' || r == '"' || r == '<' || r == '>' || r == '|' || r < ' ' {
			return '_'
		}
		return r
	}, s)
}
