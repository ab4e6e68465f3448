package xlsx

import (
	"strings"
)

// styleTable knows, for each cell format index (the s attribute of a cell),
// whether its number format displays a date or a time.
type styleTable struct {
	date []bool
}

func (t *styleTable) isDate(s int) bool {
	return t != nil && s >= 0 && s < len(t.date) && t.date[s]
}

type xStyleSheet struct {
	NumFmts struct {
		NumFmt []struct {
			ID   int    `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmt"`
	} `xml:"numFmts"`
	CellXfs struct {
		Xf []struct {
			NumFmtID int `xml:"numFmtId,attr"`
		} `xml:"xf"`
	} `xml:"cellXfs"`
}

func (w *Workbook) readStyles(name string) (*styleTable, error) {
	var ss xStyleSheet
	if _, err := w.decodeSmall(name, &ss); err != nil {
		return &styleTable{}, err
	}
	custom := make(map[int]string, len(ss.NumFmts.NumFmt))
	for _, f := range ss.NumFmts.NumFmt {
		custom[f.ID] = f.Code
	}
	t := &styleTable{date: make([]bool, len(ss.CellXfs.Xf))}
	for i, xf := range ss.CellXfs.Xf {
		if code, ok := custom[xf.NumFmtID]; ok {
			t.date[i] = isDateFormat(code)
		} else {
			t.date[i] = isBuiltinDate(xf.NumFmtID)
		}
	}
	return t, nil
}

// isBuiltinDate reports the built-in formats (ECMA-376 18.8.30) that show
// dates or times.
func isBuiltinDate(id int) bool {
	return id >= 14 && id <= 22 || id >= 45 && id <= 47
}

// isDateFormat reports whether a custom number format code shows a date or a
// time: it has y, m, d, h or s outside quoted text, escapes and bracketed
// modifiers (colours, locales, conditions), or an elapsed-time bracket such
// as [h]. Only the first section (positive numbers) is considered.
func isDateFormat(code string) bool {
	code = strings.ToLower(code)
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case ';':
			return false
		case '"':
			j := strings.IndexByte(code[i+1:], '"')
			if j < 0 {
				return false
			}
			i += j + 1
		case '\\', '_', '*':
			i++ // the next character is literal (or padding)
		case '[':
			j := strings.IndexByte(code[i+1:], ']')
			if j < 0 {
				return false
			}
			inner := code[i+1 : i+1+j]
			if inner != "" && strings.Trim(inner, "hms") == "" {
				return true // elapsed time [h], [mm], [ss]
			}
			i += j + 1
		case 'y', 'm', 'd', 'h', 's':
			return true
		}
	}
	return false
}
