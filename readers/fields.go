package readers

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// FieldSpec is one canonical field of a table and its default aliases: the
// header texts that name it in English, Chinese, French, Spanish and in the
// exports of Shopify, WooCommerce, Google Merchant Center and AliExpress.
type FieldSpec struct {
	Name     string
	Aliases  []string
	Required bool // the table cannot be read without this column
	Multi    bool // several columns may hold it (image links)
}

// ListingFields are the listing fields (docs/inputs.md). Only the
// title column is required: a catalog without product id, category or price
// columns is still checked, with a note (the corpus scrapes have none).
var ListingFields = []FieldSpec{
	{Name: "product_id", Required: false, Multi: false, Aliases: []string{"Product ID", "Item ID", "id", "Handle", "SPU", "SPU ID", "Product Code", "商品ID", "产品ID", "商品编号", "产品编号", "ID produit", "Identifiant produit", "ID del producto", "ID producto", "ID do produto"}},
	{Name: "sku", Required: false, Multi: false, Aliases: []string{"SKU", "Seller SKU", "Variant SKU", "sku_code", "SKU Code", "SKU ID", "商家编码", "SKU编码", "Référence", "Reference", "Referencia", "Ref"}},
	{Name: "title", Required: true, Multi: false, Aliases: []string{"Title", "Product Name", "Product Title", "name", "productName", "subject", "Item Name", "Item Title", "商品标题", "产品标题", "标题", "商品名称", "产品名称", "Titre", "Nom", "Nom du produit", "Titre du produit", "Título", "Nombre", "Nombre del producto", "Título del producto", "Titolo", "Nome", "Titel"}},
	{Name: "description", Required: false, Multi: false, Aliases: []string{"Description", "Body (HTML)", "Body HTML", "Body", "Product Description", "Long Description", "描述", "详细描述", "商品描述", "产品描述", "Descripción", "Descrição", "Descrizione", "Beschreibung"}},
	{Name: "category", Required: false, Multi: false, Aliases: []string{"Category", "Category Path", "Categories", "product_type", "Product Category", "google_product_category", "Category ID", "product_category_name", "类目", "分类", "商品类目", "产品类目", "Catégorie", "Categoría", "Categoria", "Kategorie"}},
	{Name: "brand", Required: false, Multi: false, Aliases: []string{"Brand", "Brand Name", "brandName", "Vendor", "Manufacturer", "品牌", "Marque", "Marca", "Marke"}},
	{Name: "price", Required: false, Multi: false, Aliases: []string{"Price", "Variant Price", "Sale Price", "Regular Price", "Unit Price", "Retail Price", "价格", "零售价", "售价", "Prix", "Prix de vente", "Precio", "Precio de venta", "Preço", "Prezzo", "Preis"}},
	{Name: "stock", Required: false, Multi: false, Aliases: []string{"Stock", "Quantity", "Inventory", "Variant Inventory Qty", "Stock Quantity", "Inventory Quantity", "Qty", "Available", "availability", "Disponibilité", "Disponibilidad", "库存", "库存数量", "Existencias", "Cantidad", "Quantité", "Stock disponible"}},
	{Name: "images", Required: false, Multi: true, Aliases: []string{"Images", "Image", "Image Src", "Image URL", "Image URLs", "image_link", "additional_image_link", "image_url", "image_url_list_01", "image_url_list_02", "image_url_list_03", "image_url_list_04", "image_url_list_05", "image_url_list_06", "productImage", "product_photos_qty", "Photos", "图片", "主图", "商品图片", "Imágenes", "Imagen"}},
	{Name: "ce", Required: false, Multi: false, Aliases: []string{"CE", "CE Certificate", "CE Marking", "CE Mark", "CE认证", "Certificat CE", "Certificado CE", "Marquage CE"}},
	{Name: "rep", Required: false, Multi: false, Aliases: []string{"REP", "EPR", "IDU", "UIN", "REP number", "EPR number", "Numéro IDU", "Identifiant unique"}},
	{Name: "ship_to", Required: false, Multi: false, Aliases: []string{"Ship To", "Ship to countries", "Countries", "Shipping Countries", "Destination Countries", "shipping_country", "Shipping Country", "发货国家", "Pays de livraison", "Países de envío"}},
	{Name: "delivery_days", Required: false, Multi: false, Aliases: []string{"Delivery Days", "Delivery Time", "承诺运达时间", "Délai de livraison", "Plazo de entrega"}},
	{Name: "created_at", Required: false, Multi: false, Aliases: []string{"Created", "Created At", "Published At", "Date Created", "上架时间", "创建时间", "Date de création", "Fecha de creación"}},
	{Name: "shop", Aliases: []string{"Shop", "Shop Name", "Store", "Store Name", "Seller", "店铺", "店铺名称", "Boutique", "Tienda"}},
}

// requiredValues are the listing fields whose cell must not be empty on a
// row (missing-field), when their column exists.
var requiredValues = []string{"product_id", "title", "category", "price"}

// Fields returns the names of specs, in order, for --map and the rules
// file's aliases section.
func Fields(specs []FieldSpec) []string {
	out := make([]string, len(specs))
	for i, f := range specs {
		out[i] = f.Name
	}
	return out
}

// DefaultAliases returns the built-in header names of field name in specs,
// or nil for an unknown field.
func DefaultAliases(specs []FieldSpec, name string) []string {
	for _, f := range specs {
		if f.Name == name {
			return slices.Clone(f.Aliases)
		}
	}
	return nil
}

var stripMarks = runes.Remove(runes.In(unicode.Mn))

// stripAccents returns s without its accents: decomposed (NFD), marks
// removed, composed again (NFC); s itself when that changes nothing.
func stripAccents(s string) string {
	if unaccented(s) {
		return s
	}
	// A chain holds buffers of kilobytes: one per call made most of the
	// garbage of a run's start, which normalises every alias.
	c := accentStrippers.Get().(transform.Transformer)
	defer accentStrippers.Put(c)
	if t, _, err := transform.String(c, s); err == nil {
		return t
	}
	return s
}

// accentStrippers hold transformers that remove the accents of a text:
// decomposed (NFD), marks removed, composed again (NFC). A transformer is
// for one goroutine at a time; transform.String resets it.
var accentStrippers = sync.Pool{New: func() any { return transform.Chain(norm.NFD, stripMarks, norm.NFC) }}

// unaccented reports whether stripping the accents leaves s as it is: s
// is in both normal forms (so decomposing and composing change nothing)
// and holds no mark to remove, nor a byte that is not UTF-8. Chinese text
// is.
func unaccented(s string) bool {
	if !norm.NFD.IsNormalString(s) || !norm.NFC.IsNormalString(s) {
		return false
	}
	for _, r := range s {
		// The transformers also write a bad byte as U+FFFD.
		if r == utf8.RuneError || unicode.Is(unicode.Mn, r) {
			return false
		}
	}
	return true
}

// NormalizeHeader normalises a header cell for matching: lower case, accents
// removed, and white space (including newlines), '_', '*', '-', a BOM and
// zero-width characters dropped, and a trailing colon removed. "Product_ID *",
// "product id" and "productId" all give "productid".
func NormalizeHeader(s string) string {
	s = strings.TrimRight(strings.TrimSpace(s), ":：")
	if !isASCII(s) {
		s = stripAccents(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsSpace(r), r == '_', r == '*', r == '-', r == '\ufeff', r == '\u200b', r == '\u200c', r == '\u200d', r == '\u00a0':
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// aliasIndex maps normalised headers to canonical fields for one table.
type aliasIndex struct {
	specs  []FieldSpec
	byKey  map[string]string // normalised header -> field
	fields map[string]FieldSpec
}

// newAliasIndex builds the alias index: --map entries first (they win), then
// the rules file's aliases, then the defaults. An unknown field in --map is
// an error; rules-file aliases for fields of other tables (orders) are
// ignored.
func newAliasIndex(specs []FieldSpec, mapping map[string]string, extra map[string][]string) (*aliasIndex, error) {
	ix := &aliasIndex{specs: specs, byKey: map[string]string{}, fields: map[string]FieldSpec{}}
	for _, f := range specs {
		ix.fields[f.Name] = f
	}
	for _, name := range slices.Sorted(maps.Keys(mapping)) {
		if _, ok := ix.fields[name]; !ok {
			return nil, fmt.Errorf("--map: unknown field %q (known fields: %s)", name, strings.Join(Fields(specs), ", "))
		}
		if key := NormalizeHeader(mapping[name]); key != "" {
			ix.byKey[key] = name
		}
	}
	for _, name := range slices.Sorted(maps.Keys(extra)) {
		if _, ok := ix.fields[name]; !ok {
			continue
		}
		for _, h := range extra[name] {
			if key := NormalizeHeader(h); key != "" {
				if _, ok := ix.byKey[key]; !ok {
					ix.byKey[key] = name
				}
			}
		}
	}
	for _, f := range specs {
		for _, a := range f.Aliases {
			key := NormalizeHeader(a)
			if _, ok := ix.byKey[key]; !ok {
				ix.byKey[key] = f.Name
			}
		}
	}
	return ix, nil
}

// match returns the field a header cell names, or "".
func (ix *aliasIndex) match(cell string) string {
	return ix.byKey[NormalizeHeader(cell)]
}

// matches counts the cells of row that name a distinct field.
func (ix *aliasIndex) matches(row []string) int {
	seen := map[string]bool{}
	for _, c := range row {
		if f := ix.match(c); f != "" {
			seen[f] = true
		}
	}
	return len(seen)
}

// closest returns the header of row closest to one of the aliases of field
// name, and that alias, when they are near enough to be a likely typo or
// variant.
func (ix *aliasIndex) closest(name string, row []string) (header, alias string) {
	f := ix.fields[name]
	best := 1 << 30
	for _, h := range row {
		hk := NormalizeHeader(h)
		if hk == "" || ix.byKey[hk] != "" {
			continue
		}
		for _, a := range f.Aliases {
			ak := NormalizeHeader(a)
			d := EditDistance(hk, ak)
			if strings.Contains(hk, ak) && len(ak) >= 3 && !measureOf(hk, ak) {
				d = min(d, 1)
			}
			if d < best && d <= max(2, len([]rune(ak))/3) && d < min(len([]rune(hk)), len([]rune(ak))) {
				best, header, alias = d, h, a
			}
		}
	}
	return header, alias
}

// measureOf reports whether header hk is a measure of the field alias ak
// rather than the field itself: "product_name_lenght" holds the length of the
// name (Olist), "photos_qty" a count.
func measureOf(hk, ak string) bool {
	rest := strings.Replace(hk, ak, "", 1)
	for _, w := range []string{"length", "lenght", "qty", "count", "size", "number", "chars", "width", "height", "weight"} {
		if strings.Contains(rest, w) {
			return true
		}
	}
	for _, w := range []string{"len", "num", "nb"} {
		if strings.HasSuffix(rest, w) || strings.HasPrefix(rest, w) {
			return true
		}
	}
	return false
}

// EditDistance is the Levenshtein distance between a and b, in characters,
// for "did you mean" suggestions; strings over 64 characters are never close.
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		return 1 << 20
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
