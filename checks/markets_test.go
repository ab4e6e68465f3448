package checks

import (
	"strings"
	"testing"
)

// TestMarketCodesAsNames: an ISO code or EU/EEA, which parseMarket reads
// without the table of names, reads as the table reads it.
func TestMarketCodesAsNames(t *testing.T) {
	for _, s := range []string{"EU", "eu", "Eu", "EEA", "eea", "UE", "ue", "FR", "de", "us", "EE", "XX", "E", "EUR"} {
		got, gotOK := parseMarket(s)
		var want market
		code, wantOK := countryNames()[fold(s)]
		switch {
		case len(s) == 2 && (euCodes[strings.ToUpper(s)] || otherCodes[strings.ToUpper(s)]):
			want.addCode(strings.ToUpper(s))
			wantOK = true
		case code == "EU" || code == "*":
			want.known, want.eu, want.fr = true, true, true
		case wantOK:
			want.addCode(code)
		}
		if got != want || gotOK != wantOK {
			t.Errorf("parseMarket(%q) = %+v, %v; want %+v, %v", s, got, gotOK, want, wantOK)
		}
	}
}
