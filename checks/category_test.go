package checks

import (
	"testing"

	"github.com/aecheck/aecheck/readers"
)

func TestOnPath(t *testing.T) {
	for _, c := range []struct {
		path, level string
		want        bool
	}{
		{"Phones & Telecommunications > Mobile Phone Accessories > Power Bank", "Mobile Phone Accessories", true},
		{"Phones & Telecommunications > Mobile Phone Accessories > Power Bank", " mobile phone accessories ", true},
		{"Consumer Electronics > Earphones & Headphones > Earphone Accessories", "Earphones & Headphones", true},
		{"Consumer Electronics > Home Audio & Video > TV Mounts", "Televisions", false},
		{"Consumer Electronics > Home Audio & Video > TV Mounts", "Home Audio", false}, // a whole level, not a part
		{"Women's Clothing", "Women's Clothing", true},
		{"", "Toys", false},
	} {
		if got := onPath(c.path, c.level); got != c.want {
			t.Errorf("onPath(%q, %q) = %v, want %v", c.path, c.level, got, c.want)
		}
	}
}

func TestAccessoryPath(t *testing.T) {
	for _, c := range []struct {
		path string
		want bool
	}{
		{"Computer & Office > Laptop Accessories > Laptop Stand", true},
		{"Phones & Telecommunications > Mobile Phone Parts", true},
		{"Ordinateur et bureautique > Accessoires pour tablettes > Étuis pour tablettes", true},
		{"Teléfonos y telecomunicaciones > Accesorios para teléfonos móviles > Fundas", true},
		{"Telefones e Telecomunicações > Acessórios para Celular > Capas", true},
		{"Elektronik & Foto|Handys & Zubehör|Zubehör|Handyhüllen", true},
		{"Auto > Ricambi", true},
		{"手机和通讯 > 手机配件 > 手机壳", true},
		{"Phones & Telecommunications > Mobile Phones", false},
		{"Computer & Office > Tablets", false},
		{"Apparel & Accessories > Clothing", false}, // clothing and accessories: not a level of accessories alone
		{"Electronics|Mobiles&Accessories|Smartphones&BasicMobiles|Smartphones", false},
		{"Elektronik & Foto|Handys & Zubehör|Handys", false},
		{"Téléphones et accessoires > Téléphones", false},
		{"Departments > Counterparts", false}, // a whole word only
		{"", false},
	} {
		if got := accessoryPath(c.path); got != c.want {
			t.Errorf("accessoryPath(%q) = %v, want %v", c.path, got, c.want)
		}
	}
}

// TestCategoryMayFit: the cases where category-mismatch stays silent
// although the title's class and the category's disagree, each with a
// case where it still speaks.
func TestCategoryMayFit(t *testing.T) {
	rn := mustRunner(t, nil)
	for _, c := range []struct {
		title, category string
		fit             bool
		why             string
	}{
		{"Batterie externe 10000 mAh USB C", "Téléphones et télécommunications > Accessoires de téléphone portable > Batterie externe", true, "the deepest level is not mapped"},
		{"Power Bank 20000mAh PD Fast Charging", "Phones & Telecommunications > Mobile Phone Accessories", true, "a level above the power banks"},
		{"Magnetic Car Phone Holder Air Vent Mount", "Phones & Telecommunications > Mobile Phone Accessories > Phone Holders & Stands", true, "an accessory among accessories"},
		{"Laptop Stand Adjustable Aluminium", "Computer & Office > Laptop Accessories > Laptop Stand", true, "a path through accessories"},
		{"Drone Battery 2000mAh Intelligent Flight", "Consumer Electronics > Camera Drones > Drone Accessories", true, "the title names a drone"},
		{"USB-C to Lightning Cable 2m Braided", "Phones & Telecommunications > Mobile Phone Accessories > Mobile Phone Cables", true, "the level names cables too"},
		{"Silicone Phone Case for iPhone 15", "Phones & Telecommunications > Mobile Phones", false, "a case under the phones"},
		{"Electric Kettle 1.7L 2000W", "Food > Coffee", false, "an appliance under coffee"},
		{"Laptop Stand Aluminium Ventilated Riser", "Computer & Office > Laptops", false, "an accessory under its device"},
	} {
		s := rn.pool.Get().(*scratch)
		l := readers.Listing{Title: c.title, Category: c.category}
		rn.prepare(s, &l, nil, 0)
		g := &s.st.rec
		if g.title < 0 || g.cat < 0 {
			t.Fatalf("%q | %q: title class %d, category class %d; the case needs both", c.title, c.category, g.title, g.cat)
		}
		if got := rn.rec.categoryMayFit(g); got != c.fit {
			t.Errorf("%q | %q: categoryMayFit = %v, want %v (%s)", c.title, c.category, got, c.fit, c.why)
		}
		rn.pool.Put(s)
	}
}
