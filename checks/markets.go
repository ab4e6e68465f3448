package checks

import (
	"strings"
	"sync"
)

// market is a set of destinations: whether it reaches the EU/EEA (where CE
// applies) and France (where REP applies).
type market struct {
	eu, fr bool
	known  bool // at least one destination was recognised
}

func (m *market) addCode(code string) {
	m.known = true
	if frCodes[code] {
		m.fr, m.eu = true, true
	}
	if euCodes[code] {
		m.eu = true
	}
}

// euCodes are the EU and EEA countries (CE marking applies in the EEA).
var euCodes = setOf("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
	"LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
	"GP", "MQ", "GF", "RE", "YT", "MF")

// frCodes are France and its overseas departments.
var frCodes = setOf("FR", "GP", "MQ", "GF", "RE", "YT")

// otherCodes are countries recognised as destinations outside the EU/EEA.
var otherCodes = setOf("GB", "UK", "CH", "US", "CA", "MX", "BR", "AR", "CL", "CO", "PE", "AU", "NZ", "JP", "KR",
	"CN", "HK", "TW", "SG", "MY", "TH", "VN", "PH", "ID", "IN", "PK", "AE", "SA", "QA", "KW", "IL", "TR",
	"RU", "UA", "BY", "KZ", "RS", "BA", "ME", "MK", "AL", "MD", "GE", "AM", "AZ", "MA", "DZ", "TN", "EG",
	"ZA", "NG", "KE", "MC", "AD", "SM", "VA", "PR")

// countryNames maps folded country names (several languages) to ISO codes.
// "*" means every country; "EU" every EU/EEA country. It is built on first
// use: most runs meet ISO codes and "EU" alone.
var countryNames = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	add := func(code string, names ...string) {
		for _, n := range names {
			m[fold(n)] = code
		}
	}
	add("*", "worldwide", "world", "global", "international", "all", "all countries", "monde", "monde entier",
		"tous pays", "mundo", "todo el mundo", "todos los paises", "weltweit", "mondo", "全球", "全世界", "所有国家")
	add("EU", "eu", "eea", "europe", "european union", "union europeenne", "ue", "europa", "union europea",
		"uniao europeia", "unione europea", "eu countries", "欧洲", "欧盟")
	add("AT", "austria", "autriche", "österreich", "奥地利")
	add("BE", "belgium", "belgique", "bélgica", "belgien", "belgio", "比利时")
	add("BG", "bulgaria", "bulgarie", "bulgarien", "保加利亚")
	add("HR", "croatia", "croatie", "croacia", "kroatien", "croazia", "克罗地亚")
	add("CY", "cyprus", "chypre", "chipre", "zypern", "cipro", "塞浦路斯")
	add("CZ", "czech republic", "czechia", "republique tcheque", "tchequie", "república checa", "tschechien", "repubblica ceca", "捷克")
	add("DK", "denmark", "danemark", "dinamarca", "dänemark", "danimarca", "丹麦")
	add("EE", "estonia", "estonie", "estland", "爱沙尼亚")
	add("FI", "finland", "finlande", "finlandia", "finnland", "芬兰")
	add("FR", "france", "francia", "frankreich", "frança", "法国", "metropolitan france", "france metropolitaine")
	add("GP", "guadeloupe", "瓜德罗普")
	add("MQ", "martinique", "martinica", "马提尼克")
	add("GF", "french guiana", "guyane", "guyane francaise", "guayana francesa", "法属圭亚那")
	add("RE", "reunion", "la reunion", "réunion", "留尼汪")
	add("YT", "mayotte", "马约特")
	add("DE", "germany", "allemagne", "alemania", "deutschland", "germania", "alemanha", "德国")
	add("GR", "greece", "grece", "grecia", "griechenland", "grécia", "希腊")
	add("HU", "hungary", "hongrie", "hungria", "ungarn", "ungheria", "匈牙利")
	add("IE", "ireland", "irlande", "irlanda", "irland", "爱尔兰")
	add("IT", "italy", "italie", "italia", "italien", "itália", "意大利")
	add("LV", "latvia", "lettonie", "letonia", "lettland", "lettonia", "拉脱维亚")
	add("LT", "lithuania", "lituanie", "lituania", "litauen", "立陶宛")
	add("LU", "luxembourg", "luxemburgo", "luxemburg", "lussemburgo", "卢森堡")
	add("MT", "malta", "malte", "马耳他")
	add("NL", "netherlands", "the netherlands", "holland", "pays bas", "paises bajos", "niederlande", "paesi bassi", "holanda", "荷兰")
	add("PL", "poland", "pologne", "polonia", "polen", "polônia", "波兰")
	add("PT", "portugal", "portogallo", "葡萄牙")
	add("RO", "romania", "roumanie", "rumania", "rumänien", "罗马尼亚")
	add("SK", "slovakia", "slovaquie", "eslovaquia", "slowakei", "slovacchia", "斯洛伐克")
	add("SI", "slovenia", "slovenie", "eslovenia", "slowenien", "斯洛文尼亚")
	add("ES", "spain", "espagne", "españa", "spanien", "spagna", "espanha", "西班牙")
	add("SE", "sweden", "suede", "suecia", "schweden", "svezia", "瑞典")
	add("IS", "iceland", "islande", "islandia", "island", "冰岛")
	add("LI", "liechtenstein", "列支敦士登")
	add("NO", "norway", "norvege", "noruega", "norwegen", "norvegia", "挪威")
	add("GB", "united kingdom", "uk", "great britain", "england", "royaume uni", "reino unido", "vereinigtes königreich", "regno unito", "英国")
	add("CH", "switzerland", "suisse", "suiza", "schweiz", "svizzera", "瑞士")
	add("US", "united states", "usa", "united states of america", "etats unis", "estados unidos", "vereinigte staaten", "stati uniti", "美国")
	add("CA", "canada", "加拿大")
	add("AU", "australia", "australie", "australien", "澳大利亚")
	add("BR", "brazil", "bresil", "brasil", "brasilien", "巴西")
	add("MX", "mexico", "mexique", "méxico", "墨西哥")
	add("JP", "japan", "japon", "japón", "日本")
	add("KR", "south korea", "korea", "coree du sud", "corea del sur", "韩国")
	add("CN", "china", "chine", "中国")
	add("RU", "russia", "russie", "rusia", "russland", "俄罗斯")
	add("UA", "ukraine", "ucrania", "乌克兰")
	add("TR", "turkey", "turkiye", "turquie", "turquia", "türkei", "土耳其")
	add("IL", "israel", "以色列")
	add("MA", "morocco", "maroc", "marruecos", "marokko", "摩洛哥")
	add("SA", "saudi arabia", "arabie saoudite", "arabia saudita", "沙特阿拉伯")
	add("AE", "united arab emirates", "uae", "emirats arabes unis", "阿联酋")
	add("CL", "chile", "chili", "智利")
	add("KZ", "kazakhstan", "哈萨克斯坦")
	add("BY", "belarus", "bielorussie", "白俄罗斯")
	return m
})

// parseMarket reads one destination: an ISO code, a country name, EU or
// worldwide.
func parseMarket(s string) (market, bool) {
	var m market
	t := strings.TrimSpace(s)
	if t == "" {
		return m, false
	}
	code, ok := "", false
	if len(t) == 2 || (len(t) == 3 && strings.EqualFold(t, "EEA")) {
		up := strings.ToUpper(t)
		if euCodes[up] || otherCodes[up] {
			m.addCode(up)
			return m, true
		}
		// The default markets setting, as countryNames reads it.
		code, ok = "EU", up == "EU" || up == "EEA"
	}
	if !ok {
		if code, ok = countryNames()[fold(t)]; !ok {
			return m, false
		}
	}
	switch code {
	case "*", "EU":
		m.known, m.eu, m.fr = true, true, true
	default:
		m.addCode(code)
	}
	return m, true
}

// parseShipTo reads a ship_to cell: destinations separated by commas,
// semicolons, slashes, pipes or new lines (or spaces between ISO codes).
func parseShipTo(s string) market {
	var m market
	for _, part := range strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ';' || r == '/' || r == '|' || r == '\n' || r == '、' || r == '，' || r == '；'
	}) {
		if pm, ok := parseMarket(part); ok {
			m.merge(pm)
			continue
		}
		for _, w := range strings.Fields(part) {
			if pm, ok := parseMarket(w); ok {
				m.merge(pm)
			}
		}
	}
	return m
}

func (m *market) merge(o market) {
	m.eu = m.eu || o.eu
	m.fr = m.fr || o.fr
	m.known = m.known || o.known
}
