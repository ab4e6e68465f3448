package readers

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// The first pass over an XML feed finds the element that is a record and
// the child elements that are its columns, the header of the table.

// xmlPath is what the first pass learns about one element path.
type xmlPath struct {
	names    []string
	count    int
	children bool // its elements have child elements
	first    int  // order of first appearance
	cols     []string
	colSet   map[string]bool
	tooMany  bool
}

// scanHeader is the first pass: it finds the record element and the header.
func (s *xmlSource) scanHeader(encFlag string) error {
	f, d, err := s.decoder(encFlag)
	if err != nil {
		return err
	}
	defer f.Close()
	paths := map[string]*xmlPath{}
	type frame struct {
		name  string
		key   string
		child bool
		size  int
	}
	var stack []frame
	for {
		line, _ := d.InputPos()
		tok, err := d.Token()
		if err == io.EOF {
			if len(stack) > 0 {
				return s.syntax(line, fmt.Errorf("the file ends inside <%s>", stack[len(stack)-1].name))
			}
			break
		}
		if err != nil {
			return s.syntax(line, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) > 0 {
				stack[len(stack)-1].child = true
			}
			if len(stack) >= XMLMaxNesting {
				return fmt.Errorf("%s: line %d: elements are nested more than %d levels deep; a product feed nests a few: the file is damaged or is not a feed", s.name, line, XMLMaxNesting)
			}
			// Only the paths near the root are looked up; deeper ones need
			// no key, which keeps the pass linear in the file.
			key := t.Name.Local
			if n := len(stack); n > xmlMaxDepth+1 {
				key = ""
			} else if n > 0 {
				key = stack[n-1].key + "/" + t.Name.Local
			}
			stack = append(stack, frame{name: t.Name.Local, key: key})
			if depth := len(stack) - 1; depth >= 1 && depth <= xmlMaxDepth {
				p := paths[key]
				if p == nil {
					if len(paths) >= xmlMaxPaths {
						return fmt.Errorf("%s: line %d: the XML has more than %d different kinds of elements near its root; it is not a product feed", s.name, line, xmlMaxPaths)
					}
					names := make([]string, len(stack))
					for i, fr := range stack {
						names[i] = fr.name
					}
					p = &xmlPath{names: names, first: len(paths), colSet: map[string]bool{}}
					paths[key] = p
				}
				p.count++
			}
			if len(stack) > 1 {
				paths[stack[len(stack)-2].key].markChildren(len(stack) - 2)
			}
		case xml.CharData:
			if n := len(stack); n > 0 {
				stack[n-1].size += len(t)
				if stack[n-1].size > MaxField {
					return fmt.Errorf("%s: line %d: <%s> holds more than %d MB of text; the feed is probably damaged", s.name, line, stack[n-1].name, MaxField>>20)
				}
			}
		case xml.EndElement:
			n := len(stack)
			if n == 0 {
				continue
			}
			top := stack[n-1]
			if !top.child {
				// A leaf: a field of each ancestor that may be a record.
				for a := 1; a < n-1 && a <= xmlMaxDepth; a++ {
					p := paths[stack[a].key]
					if p == nil || p.tooMany {
						continue
					}
					rel := stack[a+1].name
					for _, fr := range stack[a+2:] {
						rel += "_" + fr.name
					}
					if !p.colSet[rel] {
						if len(p.cols) >= xmlMaxColumns {
							p.tooMany = true
							continue
						}
						p.colSet[rel] = true
						p.cols = append(p.cols, rel)
					}
				}
			}
			stack = stack[:n-1]
		}
	}
	rec := chooseRecord(paths, nil)
	if rec == nil || strings.EqualFold(rec.names[0], "html") {
		return fmt.Errorf("%s: an XML file, but not a product feed: no repeated element with fields (such as <product><title>…</title></product> or an RSS <item>) was found", s.name)
	}
	if rec.tooMany {
		return fmt.Errorf("%s: the <%s> elements have more than %d different fields; it is not a product feed", s.name, rec.names[len(rec.names)-1], xmlMaxColumns)
	}
	s.rec = rec.names
	s.header = rec.cols
	s.index = make(map[string]int, len(rec.cols))
	for i, c := range rec.cols {
		s.index[c] = i
	}
	return nil
}

func (p *xmlPath) markChildren(depth int) {
	if p != nil && depth >= 1 {
		p.children = true
	}
}

// chooseRecord picks the record element among the children of parent (the
// root when parent is nil): the one with child elements that occurs most
// often (ties: a usual record name, then the first seen). A wrapper that
// occurs once (RSS channel, <catalog><products>) is looked through.
func chooseRecord(paths map[string]*xmlPath, parent *xmlPath) *xmlPath {
	depth := 1
	if parent != nil {
		depth = len(parent.names)
	}
	var best *xmlPath
	for _, p := range paths {
		if len(p.names) != depth+1 || !p.children || len(p.cols) == 0 {
			continue
		}
		if parent != nil && !sameStrings(p.names[:depth], parent.names) {
			continue
		}
		if best == nil || better(p, best) {
			best = p
		}
	}
	if best == nil || best.count > 1 || xmlRecordNames[strings.ToLower(best.names[depth])] || depth >= xmlMaxDepth {
		return best
	}
	if inner := chooseRecord(paths, best); inner != nil && (inner.count > 1 || xmlRecordNames[strings.ToLower(inner.names[len(inner.names)-1])]) {
		return inner
	}
	return best
}

func better(p, q *xmlPath) bool {
	if p.count != q.count {
		return p.count > q.count
	}
	pk, qk := xmlRecordNames[strings.ToLower(p.names[len(p.names)-1])], xmlRecordNames[strings.ToLower(q.names[len(q.names)-1])]
	if pk != qk {
		return pk
	}
	return p.first < q.first
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
