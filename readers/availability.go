package readers

import "strings"

// parseAvailability reads a product feed's availability instead of a stock
// count (Google Merchant Center's availability, schema.org's ItemAvailability,
// and the same words in French, Spanish and Chinese): out of stock is a stock
// of 0 (has set); in stock, preorder and backorder say nothing about the
// count (has unset). ok is false when s is not an availability word, such as
// a number.
func parseAvailability(s string) (n int64, has, ok bool) {
	k := strings.ToLower(strings.TrimSpace(s))
	if k == "" || k[0] >= '0' && k[0] <= '9' {
		return 0, false, false
	}
	for _, p := range []string{"https://schema.org/", "http://schema.org/", "schema.org/"} {
		k = strings.TrimPrefix(k, p)
	}
	k = strings.NewReplacer(" ", "", "_", "", "-", "").Replace(k)
	switch k {
	case "outofstock", "soldout", "discontinued", "unavailable", "notavailable", "ruptureenstock", "rupturedestock", "epuise", "épuisé", "agotado", "sinstock", "sinexistencias", "缺货", "无货", "售罄":
		return 0, true, true
	case "instock", "available", "preorder", "backorder", "limitedavailability", "instoreonly", "onlineonly", "enstock", "disponible", "enexistencia", "有货", "现货":
		return 0, false, true
	}
	return 0, false, false
}
