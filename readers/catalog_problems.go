package readers

import (
	"strings"

	"github.com/aecheck/aecheck/internal/i18n"
)

// problems collects the cell problems of one row.
type problems struct {
	r    *listingBuilder
	row  *rawRow // a pointer: problems is passed by value to each parser
	list *[]Problem
}

func (p problems) missing(name string, i int) {
	*p.list = append(*p.list, Problem{
		Check: "missing-field", Pos: p.r.cellPos(*p.row, i), Name: name,
		Msg: p.r.opt.Tr.Sprintf("%s is empty; %s", p.r.opt.Tr.T(fieldLabel(name)), p.r.opt.Tr.T(whyRequired(name))),
	})
}

func (p problems) bad(name string, i int, value, msg string) {
	*p.list = append(*p.list, Problem{
		Check: "bad-value", Pos: p.r.cellPos(*p.row, i), Name: name, Value: ClipValue(value), Msg: msg,
	})
}

// tr returns the language of the row's problems.
func (p problems) tr() *i18n.Printer { return p.r.opt.Tr }

// fieldLabel names a field in a message: "the price". The label is a text
// of the catalogue; the message translates it.
func fieldLabel(name string) string {
	switch name {
	case "product_id":
		return i18n.N("the product ID")
	case "sku":
		return i18n.N("the SKU")
	case "ship_to":
		return i18n.N("the ship-to countries")
	case "delivery_days":
		return i18n.N("the delivery time")
	case "created_at":
		return i18n.N("the date the listing went online")
	case "ce":
		return i18n.N("the CE reference")
	case "rep":
		return i18n.N("the REP identifier")
	case "order_id":
		return i18n.N("the order number")
	case "title":
		return i18n.N("the title")
	case "category":
		return i18n.N("the category")
	case "description":
		return i18n.N("the description")
	case "price":
		return i18n.N("the price")
	case "stock":
		return i18n.N("the stock")
	case "images":
		return i18n.N("the images")
	case "brand":
		return i18n.N("the brand")
	}
	return "the " + strings.ReplaceAll(name, "_", " ")
}

func whyRequired(name string) string {
	switch name {
	case "product_id":
		return i18n.N("without it AliExpress cannot tell this product from the others")
	case "title":
		return i18n.N("AliExpress cannot publish a product without a title")
	case "category":
		return i18n.N("AliExpress needs a category to publish the product and to know which rules apply")
	case "price":
		return i18n.N("AliExpress cannot publish a product without a price")
	case "order_id":
		return i18n.N("the row cannot be matched to an order")
	}
	return i18n.N("the field is required")
}

// text reads a text field: cleaned, or a problem when it is too large.
func (p problems) text(name string, s string, i int) (string, bool) {
	if len(s) > MaxCell {
		p.bad(name, i, s, p.tr().Sprintf("%s holds %d MB of text, more than any AliExpress field can take; the cell is probably damaged", p.tr().T(fieldLabel(name)), len(s)>>20))
		return "", false
	}
	return cleanText(s), true
}

func (p problems) price(s string, i int) (float64, bool) {
	v, err := parsePrice(s)
	if err == errEmpty {
		return 0, false
	}
	if err != nil {
		p.bad("price", i, s, p.tr().Sprintf("the price %q is not a number AliExpress can read; write it as 12.50", short(s)))
		return 0, false
	}
	return v, true
}

func (p problems) count(name, s string, i int) (int64, bool) {
	if n, has, ok := parseAvailability(s); ok && name == "stock" {
		return n, has // a feed's availability: "out of stock" is a stock of 0
	}
	v, err := parseCount(s)
	if err == errEmpty {
		return 0, false
	}
	if err != nil {
		p.bad(name, i, s, p.tr().Sprintf("%s %q is not a whole number", p.tr().T(fieldLabel(name)), short(s)))
		return 0, false
	}
	return v, true
}
