package readers

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

var update = flag.Bool("update", false, "rewrite the fixture files under testdata/shapes")

// The same three-product catalog in every encoding and shape a seller's
// export comes in. Each must read to the same listings as the UTF-8 comma
// twin.
var twinRows = [][]string{
	{"00123", "SKU-1", "Ceramic teapot 1 L", "Home > Kitchen", "Acme", "12.50", "10", "3", "FR, DE", "5", "2024-05-01"},
	{"00124", "SKU-2", `Lamp, "warm" white`, "Home > Lighting", "Acme", "1234.56", "0", "5", "FR", "7", "2024-05-31"},
	{"00125", "SKU-3", "Thé vert 100 g – 茶", "Food", "", "0.99", "100", "1", "ES", "3", "2024-05-01"},
}

var twinHeaders = map[string][]string{
	"en": {"Product ID", "SKU", "Title", "Category", "Brand", "Price", "Stock", "Images", "Ship To", "Delivery Days", "Created"},
	"fr": {"ID produit", "Référence", "Titre", "Catégorie", "Marque", "Prix", "Stock", "Images", "Pays de livraison", "Délai de livraison", "Date de création"},
	"es": {"ID del producto", "Referencia", "Título", "Categoría", "Marca", "Precio", "Existencias", "Imágenes", "Países de envío", "Plazo de entrega", "Fecha de creación"},
	"zh": {"商品ID", "商家编码", "商品标题", "类目", "品牌", "价格", "库存", "图片", "发货国家", "承诺运达时间", "上架时间"},
}

// europeanRow writes prices with decimal commas and dates as dd/mm/yyyy.
func europeanRow(r []string) []string {
	out := append([]string(nil), r...)
	out[5] = strings.ReplaceAll(out[5], ".", ",")
	if out[5] == "1234,56" {
		out[5] = "1 234,56"
	}
	t, _ := time.Parse("2006-01-02", out[10])
	out[10] = t.Format("02/01/2006")
	return out
}

func delimited(header []string, rows [][]string, comma string, conv func([]string) []string) string {
	var b strings.Builder
	line := func(cells []string) {
		for i, c := range cells {
			if i > 0 {
				b.WriteString(comma)
			}
			if strings.ContainsAny(c, comma+"\"\n") {
				c = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
			b.WriteString(c)
		}
		b.WriteString("\r\n")
	}
	line(header)
	for _, r := range rows {
		if conv != nil {
			r = conv(r)
		}
		line(r)
	}
	return b.String()
}

func encode(e encoding.Encoding, s string) string {
	out, err := e.NewEncoder().String(s)
	if err != nil {
		panic(err)
	}
	return out
}

// shapeFixtures returns the fixture files, name -> content.
func shapeFixtures() map[string]string {
	en, fr, es, zh := twinHeaders["en"], twinHeaders["fr"], twinHeaders["es"], twinHeaders["zh"]
	// Windows-1252 has no Chinese: the third title loses its last word there.
	latin := [][]string{twinRows[0], twinRows[1], append([]string(nil), twinRows[2]...)}
	latin[2][2] = "Thé vert 100 g"
	return map[string]string{
		"utf8-comma.csv":            delimited(en, twinRows, ",", nil),
		"utf8-bom-semicolon-fr.csv": "\ufeff" + delimited(fr, twinRows, ";", europeanRow),
		"utf16le-tab.txt":           encode(unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), delimited(en, twinRows, "\t", nil)),
		"utf16be-tab.tsv":           encode(unicode.UTF16(unicode.BigEndian, unicode.UseBOM), delimited(en, twinRows, "\t", nil)),
		"gb18030-zh.csv":            encode(simplifiedchinese.GB18030, delimited(zh, twinRows, ",", nil)),
		"windows1252-es.csv":        encode(charmap.Windows1252, delimited(es, latin, ";", europeanRow)),
		"pipe.csv":                  delimited(en, twinRows, "|", nil),
		"title-rows.csv":            "Catalogue export,,\r\nShop: Acme,,\r\n\r\n" + delimited(en, twinRows, ",", nil),
		"utf8-comma-latin.csv":      delimited(en, latin, ",", nil),
	}
}

// writeXLSX writes the catalog as Excel would: title rows, numbers stored as
// numbers, dates as date serials, ids as text with leading zeros.
func writeXLSX(t testing.TB, path string, header []string, rows [][]string) {
	f := excelize.NewFile()
	defer f.Close()
	sh := "Products"
	f.SetSheetName("Sheet1", sh)
	f.NewSheet("Notes")
	f.SetCellValue("Notes", "A1", "Fill in one product per row")
	f.SetCellValue(sh, "A1", "Acme catalog")
	f.SetCellValue(sh, "A2", "Generated for AliExpress")
	for i, h := range header {
		c, _ := excelize.CoordinatesToCellName(i+1, 4)
		f.SetCellValue(sh, c, h)
	}
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	for r, row := range rows {
		for i, v := range row {
			c, _ := excelize.CoordinatesToCellName(i+1, r+5)
			switch i {
			case 5:
				var p float64
				p, _ = parsePrice(v)
				f.SetCellValue(sh, c, p)
			case 6, 7, 9:
				n, _ := parseCount(v)
				f.SetCellValue(sh, c, n)
			case 10:
				d, _ := time.Parse("2006-01-02", v)
				f.SetCellValue(sh, c, d)
				f.SetCellStyle(sh, c, c, dateStyle)
			default:
				f.SetCellStr(sh, c, v)
			}
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

func TestWriteFixtures(t *testing.T) {
	dir := filepath.Join("testdata", "shapes")
	if !*update {
		if _, err := os.Stat(dir); err != nil {
			t.Skip("fixtures absent; run go test ./readers -run TestWriteFixtures -update")
		}
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, content := range shapeFixtures() {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeXLSX(t, filepath.Join(dir, "numbers-title-rows.xlsx"), twinHeaders["en"], twinRows)
}

func newXLSXForTest() *excelize.File { return excelize.NewFile() }
