package checks

import (
	"fmt"
	"strings"
	"testing"
)

// readSummary is what the reading of title says, in one line: the class,
// context and what comes with the product, the accessory, power and
// battery words, the container and the classes the product words name.
func readSummary(rn *Runner, title string) string {
	var v titleView
	var tk tokens
	tk.add(title, false)
	rc := rn.rec
	rc.read(&v, &tk, title, rc.m.scan(&tk, nil))
	id := func(c int32) string {
		if c < 0 {
			return "-"
		}
		return rc.classes[c].id
	}
	var prod []string
	for _, c := range v.prod {
		prod = append(prod, id(c))
	}
	ctx, with := "-", "-"
	if v.ctx != noWord {
		ctx = fmt.Sprint(v.ctx)
	}
	if v.with != noWord {
		with = fmt.Sprint(v.with)
	}
	return fmt.Sprintf("cls=%s %q ctx=%s with=%s ctxCls=%s acc=%q pow=%q bat=%q negPower=%v cont=%d prod=%s ranges=%d",
		id(v.cls), v.clsTerm, ctx, with, id(v.ctxCls), v.accTerm, v.powTerm, v.batTerm, v.negPower, v.contS, strings.Join(prod, ","), len(v.ranges))
}

// TestReadTitles pins what the reading of a title says for titles that
// hold several words of one kind (two context words, two classes, two
// power words...), whose rules then read them in title order, and for
// each rule's exceptions ("for men", "sans pile", "Battery Operated",
// "Bracelet Watches", a tyre's load index, an oil's viscosity): the
// class and the words that named it, where the context and what comes
// with the product start, the accessory, power and battery words, the
// container and the classes the product's words name.
func TestReadTitles(t *testing.T) {
	rn := mustRunner(t, nil)
	for _, c := range []struct{ title, want string }{
		{"For OnePlus Nord CE 5G EB2101 / EB2103 SIM Card Tray + SIM Card Tray",
			"cls=- \"\" ctx=- with=- ctxCls=phone acc=\"Tray\" pow=\"\" bat=\"\" negPower=false cont=46 prod= ranges=1"},
		{"Samsung-Galaxy On7 LTE Unlocked Smartphone, Dual SIM, 5.5 \", LTE, Open Box, Unused",
			"cls=phone \"Samsung-Galaxy\" ctx=- with=- ctxCls=- acc=\"\" pow=\"\" bat=\"\" negPower=false cont=-1 prod=phone ranges=0"},
		{"Écouteurs Apple AirPods 3e génération boîtier de charge",
			"cls=audio-device \"Écouteurs\" ctx=- with=- ctxCls=- acc=\"\" pow=\"\" bat=\"boîtier de charge\" negPower=false cont=-1 prod=audio-device ranges=0"},
		{"Chargeur rapide 20W compatible iPhone 15 câble USB-C",
			"cls=cable-charger \"Chargeur\" ctx=- with=- ctxCls=- acc=\"\" pow=\"USB-C\" bat=\"\" negPower=false cont=-1 prod=cable-charger,phone ranges=0"},
		{"Bosch Akkuschrauber 12V mit zwei Akkus",
			"cls=tool-power \"Akkuschrauber\" ctx=- with=24 ctxCls=- acc=\"\" pow=\"12V\" bat=\"Akkus\" negPower=false cont=-1 prod=tool-power ranges=0"},
		{"Bit-Set 32-teilig passend für Bosch und Makita Schrauber",
			"cls=- \"\" ctx=18 with=- ctxCls=- acc=\"Bit-Set\" pow=\"\" bat=\"\" negPower=false cont=-1 prod= ranges=0"},
		{"适用于小米手环8 表带 硅胶",
			"cls=- \"\" ctx=3 with=27 ctxCls=- acc=\"\" pow=\"\" bat=\"\" negPower=false cont=-1 prod= ranges=1"},
		{"Storage Stand for Dyson Supersonic Hair Dryer Wall Mount",
			"cls=- \"\" ctx=14 with=- ctxCls=personal-care-appliance acc=\"Stand\" pow=\"\" bat=\"\" negPower=false cont=0 prod= ranges=0"},
		{"Silicone Phone Case for iPhone 15 Pro Max Shockproof Cover",
			"cls=phone-accessory \"Phone Case\" ctx=20 with=- ctxCls=phone acc=\"\" pow=\"\" bat=\"\" negPower=false cont=-1 prod=phone-accessory ranges=0"},
		{"Magnetic Car Phone Holder Air Vent Mount 360 Rotation",
			"cls=vehicle-part \"Car Phone Holder\" ctx=- with=- ctxCls=- acc=\"Mount\" pow=\"\" bat=\"\" negPower=false cont=35 prod=vehicle-part ranges=0"},
		{"Wireless Earbuds Bluetooth 5.3 Noise Cancelling 40H Playtime",
			"cls=audio-device \"Earbuds\" ctx=- with=- ctxCls=- acc=\"\" pow=\"Wireless\" bat=\"Wireless Earbuds\" negPower=false cont=-1 prod=audio-device ranges=0"},
		{"Auriculares inalámbricos Bluetooth con estuche de carga",
			"cls=audio-device \"Auriculares\" ctx=- with=35 ctxCls=- acc=\"\" pow=\"inalámbricos\" bat=\"Auriculares inalámbricos\" negPower=false cont=-1 prod=audio-device ranges=0"},
		{"Sèche-cheveux ionique 2000 W avec diffuseur",
			"cls=personal-care-appliance \"Sèche-cheveux\" ctx=- with=27 ctxCls=- acc=\"\" pow=\"2000 W\" bat=\"\" negPower=false cont=-1 prod=personal-care-appliance ranges=0"},
		{"Cat Scratching Post 80cm Sisal",
			"cls=- \"\" ctx=- with=- ctxCls=- acc=\"\" pow=\"\" bat=\"\" negPower=false cont=-1 prod= ranges=0"},
		{"Knee Support Brace for Pain Relief, Compression Sleeve for Men and Women",
			"cls=- \"\" ctx=19 with=- ctxCls=health-medical acc=\"Support\" pow=\"\" bat=\"\" negPower=false cont=-1 prod= ranges=0"},
		{"Reading Glasses for Men and Women +1.5 Blue Light Blocking Anti Glare",
			"cls=health-medical \"Reading Glasses\" ctx=- with=- ctxCls=- acc=\"\" pow=\"\" bat=\"\" negPower=false cont=-1 prod=health-medical ranges=0"},
		{"Batterie Externe 10000 mAh Charge Rapide 22,5 W avec Câble Intégré USB C",
			"cls=power-bank \"Batterie Externe\" ctx=- with=46 ctxCls=- acc=\"\" pow=\"USB\" bat=\"Batterie\" negPower=false cont=-1 prod=power-bank ranges=0"},
		{"Cache Prise Électrique Sécurité Enfant, Lot de 20",
			"cls=- \"\" ctx=- with=- ctxCls=- acc=\"\" pow=\"\" bat=\"\" negPower=false cont=-1 prod= ranges=2"},
		{"Champagne Gold Sequin Party Dress Women Long Sleeve",
			"cls=clothing \"Dress\" ctx=- with=- ctxCls=- acc=\"\" pow=\"\" bat=\"\" negPower=false cont=-1 prod=clothing ranges=2"},
		{"For iPhone 14 13 Pro Max Case Silicone Shockproof",
			"cls=- \"\" ctx=- with=- ctxCls=phone acc=\"Case\" pow=\"\" bat=\"\" negPower=false cont=25 prod= ranges=1"},
		{"Smart Watch for Men Women Smartwatch Fitness Tracker",
			"cls=watch \"Smart Watch\" ctx=12 with=- ctxCls=watch acc=\"\" pow=\"\" bat=\"Smart Watch\" negPower=false cont=-1 prod=watch ranges=0"},
		{"Car Seat Cover for Baby Car Seat",
			"cls=vehicle-part \"Car Seat Cover\" ctx=15 with=- ctxCls=baby-child acc=\"\" pow=\"\" bat=\"\" negPower=false cont=-1 prod=vehicle-part ranges=0"},
		{"Voiture télécommandée enfant sans pile",
			"cls=toy \"Voiture télécommandée\" ctx=- with=- ctxCls=- acc=\"\" pow=\"\" bat=\"\" negPower=true cont=-1 prod=toy ranges=1"},
		{"Robot Toy for Kids (Batteries Not Included)",
			"cls=toy \"Toy\" ctx=- with=- ctxCls=- acc=\"\" pow=\"\" bat=\"\" negPower=true cont=-1 prod=toy ranges=1"},
		{"Battery Operated Fairy Lights 5m",
			"cls=lighting \"Fairy Lights\" ctx=- with=- ctxCls=- acc=\"\" pow=\"Battery Operated\" bat=\"Battery\" negPower=false cont=-1 prod=lighting ranges=0"},
		{"Stand Mixer 1000W 5L Bowl",
			"cls=small-kitchen-appliance \"Stand Mixer\" ctx=- with=- ctxCls=- acc=\"\" pow=\"1000W\" bat=\"\" negPower=false cont=-1 prod=small-kitchen-appliance,kitchenware ranges=0"},
		{"Bracelet Watches for Women Quartz",
			"cls=watch \"Bracelet Watches\" ctx=- with=- ctxCls=- acc=\"\" pow=\"\" bat=\"\" negPower=false cont=-1 prod=watch ranges=0"},
		{"Watches for Women Stainless Steel Strap",
			"cls=watch \"Watches\" ctx=- with=- ctxCls=- acc=\"\" pow=\"\" bat=\"\" negPower=false cont=-1 prod=watch ranges=0"},
		{"Bluetooth Earphone Cover Silicone",
			"cls=audio-device \"Earphone\" ctx=- with=- ctxCls=- acc=\"Cover\" pow=\"\" bat=\"\" negPower=false cont=19 prod=audio-device ranges=0"},
		{"Wireless Earbuds Case for AirPods Pro",
			"cls=audio-accessory \"Earbuds Case\" ctx=22 with=- ctxCls=audio-device acc=\"\" pow=\"\" bat=\"\" negPower=false cont=-1 prod=audio-accessory ranges=0"},
		{"Massage Gun Pistol Deep Tissue",
			"cls=personal-care-appliance \"Massage Gun\" ctx=- with=- ctxCls=- acc=\"\" pow=\"\" bat=\"Massage Gun\" negPower=false cont=-1 prod=personal-care-appliance,firearm-part ranges=0"},
		{"Rechargeable AA Batteries 1.2V 2800mAh",
			"cls=battery \"AA Batteries\" ctx=- with=- ctxCls=- acc=\"\" pow=\"\" bat=\"Rechargeable\" negPower=false cont=-1 prod=battery ranges=0"},
		{"Cordless Drill Lithium Battery 20V",
			"cls=battery \"Lithium Battery\" ctx=- with=- ctxCls=- acc=\"\" pow=\"20V\" bat=\"Cordless\" negPower=false cont=-1 prod=tool-power,battery ranges=0"},
		{"205/55 R16 91V Summer Tyre",
			"cls=tyre \"Tyre\" ctx=- with=- ctxCls=- acc=\"\" pow=\"\" bat=\"\" negPower=false cont=-1 prod=tyre ranges=0"},
		{"Engine Oil 10W-40 5L",
			"cls=- \"\" ctx=- with=- ctxCls=- acc=\"\" pow=\"\" bat=\"\" negPower=false cont=-1 prod= ranges=0"},
		{"New For Xiaomi Poco X3 Charging Board",
			"cls=electronic-module \"Charging Board\" ctx=4 with=- ctxCls=phone acc=\"\" pow=\"\" bat=\"\" negPower=false cont=-1 prod= ranges=0"},
		{"Hoverboard Carrying Bag Waterproof",
			"cls=hoverboard \"Hoverboard\" ctx=- with=- ctxCls=- acc=\"Bag\" pow=\"\" bat=\"\" negPower=false cont=11 prod=hoverboard ranges=0"},
		{"Board Game with Revolver Token",
			"cls=toy \"Board Game\" ctx=- with=11 ctxCls=- acc=\"\" pow=\"\" bat=\"\" negPower=false cont=-1 prod=toy ranges=0"},
		{"Sans fil Souris Bluetooth",
			"cls=computer-accessory \"Souris\" ctx=- with=- ctxCls=- acc=\"\" pow=\"Sans fil\" bat=\"Sans fil\" negPower=false cont=-1 prod=computer-accessory ranges=0"},
	} {
		if got := readSummary(rn, c.title); got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.title, got, c.want)
		}
	}
}
