package readers

import (
	"strconv"
	"strings"

	"github.com/aecheck/aecheck/internal/i18n"
)

// usualHeaders are, by field, the header a seller most often writes for
// it, in English; the catalogue gives the usual header in the other
// languages. TestUsualHeadersAreAccepted holds each, and each translation,
// to a header the readers accept for the field. A field without one here
// (ce, rep) is called by its first alias in every language.
var usualHeaders = map[string]string{
	"product_id":    i18n.N("Product ID"),
	"sku":           i18n.N("Seller SKU"),
	"title":         i18n.N("Title"),
	"description":   i18n.N("Product Description"),
	"category":      i18n.N("Category"),
	"brand":         i18n.N("Brand"),
	"price":         i18n.N("Price"),
	"stock":         i18n.N("Stock Quantity"),
	"images":        i18n.N("Image URL"),
	"ship_to":       i18n.N("Ship to countries"),
	"delivery_days": i18n.N("Delivery Time"),
	"created_at":    i18n.N("Date Created"),
	"shop":          i18n.N("Shop"),
	"order_id":      i18n.N("Order Number"),
}

// ColumnNames returns how a seller would name the column of field name of
// specs, for a note or message that says the column is missing: the usual
// header in the language of tr, when the readers accept it, then the
// usual English one, each quoted, joined by " / ". In French "product_id"
// gives "ID produit" / "Product ID". A field specs does not know is
// returned as it is.
func ColumnNames(tr *i18n.Printer, specs []FieldSpec, name string) string {
	aliases := DefaultAliases(specs, name)
	if len(aliases) == 0 {
		return name
	}
	en, ok := usualHeaders[name]
	if !ok {
		en = aliases[0]
	}
	names := []string{strconv.Quote(en)}
	if t := tr.T(en); t != en && acceptsHeader(aliases, t) {
		names = []string{strconv.Quote(t), names[0]}
	}
	return strings.Join(names, " / ")
}

// acceptsHeader reports whether a header cell h matches one of aliases, as
// the readers match headers.
func acceptsHeader(aliases []string, h string) bool {
	k := NormalizeHeader(h)
	for _, a := range aliases {
		if NormalizeHeader(a) == k {
			return true
		}
	}
	return false
}
