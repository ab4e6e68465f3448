package readers

import (
	"testing"

	"github.com/aecheck/aecheck/internal/i18n"
)

func TestColumnNames(t *testing.T) {
	for _, tc := range []struct {
		lang  string
		specs []FieldSpec
		name  string
		want  string
	}{
		{"en", ListingFields, "product_id", `"Product ID"`},
		{"fr", ListingFields, "product_id", `"ID produit" / "Product ID"`},
		{"zh", ListingFields, "category", `"类目" / "Category"`},
		{"es", ListingFields, "ship_to", `"Países de envío" / "Ship to countries"`},
		{"fr", OrderFields, "order_id", `"Numéro de commande" / "Order Number"`},
		// No usual header: the first alias, the same in every language.
		{"zh", ListingFields, "ce", `"CE"`},
		{"fr", ListingFields, "rep", `"REP"`},
		// A field the specs do not know stays as it is.
		{"fr", ListingFields, "order_id", "order_id"},
		{"fr", OrderFields, "no_such_field", "no_such_field"},
		// A partial language without the header falls back to English.
		{"de", ListingFields, "price", `"Price"`},
	} {
		if got := ColumnNames(i18n.For(tc.lang), tc.specs, tc.name); got != tc.want {
			t.Errorf("ColumnNames(%s, %s) = %s, want %s", tc.lang, tc.name, got, tc.want)
		}
	}
}

// TestUsualHeadersAreAccepted: the usual header of each field, in English
// and in each complete language, is a header the readers take for that
// field, so that a seller who adds the column named as the note says gets
// it read.
func TestUsualHeadersAreAccepted(t *testing.T) {
	for name, en := range usualHeaders {
		aliases := append(DefaultAliases(ListingFields, name), DefaultAliases(OrderFields, name)...)
		if !acceptsHeader(aliases, en) {
			t.Errorf("%s: the usual header %q is not an alias of the field", name, en)
		}
		for _, l := range i18n.Languages() {
			tr := i18n.For(l.Code)
			if tr.IsEnglish() || !l.Complete {
				continue
			}
			if got := tr.T(en); got == en || !acceptsHeader(aliases, got) {
				t.Errorf("%s in %s: the usual header %q is not an alias of the field (or not translated)", name, l.Code, got)
			}
		}
	}
}
