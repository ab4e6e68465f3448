package readers

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aecheck/aecheck/internal/i18n"
)

// ViolationFields are the columns of a violations export (one row per
// violation or penalty), with their header aliases in English, Chinese,
// French and Spanish. Personal data columns (an operator's name, a buyer's
// contact) are recognised only to be dropped, as in order exports.
var ViolationFields = withPersonal([]FieldSpec{
	{Name: "violation_id", Required: true, Aliases: []string{"Violation ID", "Violation No.", "Penalty ID", "Penalty No.", "Case ID", "Record ID", "违规编号", "违规ID", "处罚编号", "处罚单号", "违规单号", "ID de l'infraction", "N° de sanction", "ID de la infracción", "N.º de sanción"}},
	{Name: "date", Required: true, Aliases: []string{"Date", "Penalty Date", "Penalty Time", "Violation Date", "Violation Time", "Deduction Time", "Punish Time", "处罚时间", "违规时间", "扣分时间", "处罚日期", "Date de la sanction", "Date de l'infraction", "Fecha de la sanción", "Fecha de la infracción", "Fecha"}},
	{Name: "type", Aliases: []string{"Type", "Violation Type", "Penalty Type", "Violation Reason", "Reason", "违规类型", "处罚类型", "违规原因", "Type d'infraction", "Motif", "Tipo de infracción", "Motivo"}},
	{Name: "points", Required: true, Aliases: []string{"Points", "Penalty Points", "Points Deducted", "Deducted Points", "Score", "扣分", "扣分分值", "处罚分值", "扣除分数", "Points de pénalité", "Points retirés", "Puntos", "Puntos de penalización"}},
	{Name: "serious_ip", Aliases: []string{"Serious IP", "Serious IP Violation", "Serious Infringement", "严重知识产权侵权", "严重侵权", "是否严重侵权", "Atteinte grave PI", "Infraction grave PI", "Infracción grave PI"}},
	{Name: "status", Aliases: []string{"Status", "Appeal Status", "Penalty Status", "Violation Status", "状态", "申诉状态", "处罚状态", "Statut", "Statut de l'appel", "Estado", "Estado de la apelación"}},
	{Name: "shop", Aliases: DefaultAliases(ListingFields, "shop")},
})

// ActivityFields are the columns of a marketing activities export (one row
// per registration, optionally per product registered).
var ActivityFields = withPersonal([]FieldSpec{
	{Name: "activity_id", Required: true, Aliases: []string{"Activity ID", "Campaign ID", "Promotion ID", "Event ID", "活动ID", "活动编号", "活动 ID", "ID de l'activité", "ID de la campagne", "ID de la actividad", "ID de la campaña"}},
	{Name: "activity_name", Aliases: []string{"Activity Name", "Campaign Name", "Promotion Name", "Event Name", "Activity", "活动名称", "活动", "Nom de l'activité", "Nom de la campagne", "Nombre de la actividad", "Nombre de la campaña"}},
	{Name: "level", Aliases: []string{"Level", "Activity Level", "Campaign Level", "Grade", "活动等级", "活动级别", "等级", "Niveau", "Niveau de l'activité", "Nivel", "Nivel de la actividad"}},
	{Name: "warmup_at", Aliases: []string{"Warm-up", "Warm-up Start", "Warm-up Time", "Warmup Start", "Preheat Time", "Preheat Start", "预热时间", "预热开始时间", "Début du préchauffage", "Préchauffage", "Inicio del precalentamiento", "Precalentamiento"}},
	{Name: "start_at", Required: true, Aliases: []string{"Start", "Start Time", "Start Date", "Activity Start", "Campaign Start", "开始时间", "活动开始时间", "Début", "Date de début", "Inicio", "Fecha de inicio"}},
	{Name: "end_at", Aliases: []string{"End", "End Time", "End Date", "Activity End", "Campaign End", "结束时间", "活动结束时间", "Fin", "Date de fin", "Fecha de fin"}},
	{Name: "cancelled_at", Aliases: []string{"Cancelled at", "Canceled at", "Withdrawn at", "Withdrawal Time", "Cancellation Time", "Quit Time", "退出时间", "取消时间", "撤销报名时间", "退出活动时间", "Date de retrait", "Date d'annulation", "Fecha de retirada", "Fecha de cancelación"}},
	{Name: "product_id", Aliases: DefaultAliases(ListingFields, "product_id")},
	{Name: "shop", Aliases: DefaultAliases(ListingFields, "shop")},
})

// LockedFields are the catalog columns a product may not change while it is
// registered in a marketing activity, read from two versions of a catalog.
var LockedFields = withPersonal([]FieldSpec{
	{Name: "product_id", Required: true, Aliases: DefaultAliases(ListingFields, "product_id")},
	{Name: "sku", Aliases: DefaultAliases(ListingFields, "sku")},
	{Name: "category", Aliases: DefaultAliases(ListingFields, "category")},
	{Name: "unit", Aliases: []string{"Unit", "Unit Type", "Product Unit", "Measurement Unit", "单位", "计量单位", "最小计量单元", "Unité", "Unité de mesure", "Unidad", "Unidad de medida"}},
	{Name: "sales_unit", Aliases: []string{"Sales Unit", "Sales Method", "Selling Unit", "Sold In", "Sold As", "销售方式", "销售单位", "Unité de vente", "Mode de vente", "Unidad de venta", "Forma de venta"}},
	{Name: "colour", Aliases: []string{"Colour", "Color", "Variant Colour", "Variant Color", "颜色", "Couleur", "Color de la variante"}},
	{Name: "ship_from", Aliases: []string{"Ship From", "Ships From", "Shipping From", "Ship From Country", "发货地", "发货地区", "Expédié de", "Pays d'expédition", "Envío desde", "Enviado desde"}},
	{Name: "price", Aliases: DefaultAliases(ListingFields, "price")},
	{Name: "prices_by_country", Aliases: []string{"Prices by Country", "Price by Country", "Country Prices", "Regional Prices", "区域定价", "分国家定价", "国家定价", "Prix par pays", "Precios por país"}},
	{Name: "package_size", Aliases: []string{"Package Size", "Package Dimensions", "Parcel Size", "包装尺寸", "包裹尺寸", "Dimensions du colis", "Taille du colis", "Tamaño del paquete", "Dimensiones del paquete"}},
	{Name: "shipping_template", Aliases: []string{"Shipping Template", "Freight Template", "Shipping Template Name", "运费模板", "运费模版", "Modèle d'expédition", "Modèle de livraison", "Plantilla de envío", "Plantilla de flete"}},
	{Name: "shop", Aliases: DefaultAliases(ListingFields, "shop")},
})

// LockedFieldNames are the fields of LockedFields a registered product may
// not change, in the order a report lists them.
var LockedFieldNames = []string{"category", "unit", "sales_unit", "colour", "ship_from", "price", "prices_by_country", "package_size", "shipping_template"}

// withPersonal appends the personal data fields of OrderFields to specs.
func withPersonal(specs []FieldSpec) []FieldSpec {
	for _, f := range OrderFields {
		if isPersonalField(f.Name) {
			specs = append(specs, f)
		}
	}
	return specs
}

// Violation is one row of a violations export.
type Violation struct {
	Pos  Pos
	Cols *Columns
	Shop string

	ID        string
	Date      time.Time // when the penalty was given
	Type      string
	Points    float64 // points deducted, never negative
	SeriousIP bool    // a serious intellectual-property violation
	// Void is true when the violation counts for nothing: its appeal
	// succeeded, or it was revoked or cancelled.
	Void   bool
	Status string // the status cell as written

	Problems []Problem
}

// Activity is one row of an activities export: a registration in a
// marketing activity, of one product when ProductID is set.
type Activity struct {
	Pos  Pos
	Cols *Columns
	Shop string

	ID          string
	Name        string
	Level       string    // S, A+, A, B... upper case; "" when unknown
	WarmupAt    time.Time // zero when the activity has no warm-up
	StartAt     time.Time
	EndAt       time.Time // zero when the export gives no end
	CancelledAt time.Time // zero when not withdrawn
	ProductID   string

	Problems []Problem
}

// Locked is one row of a catalog read for its promotion-locked fields.
type Locked struct {
	Pos       Pos
	Cols      *Columns
	Shop      string
	ProductID string
	SKU       string
	Values    map[string]string // locked field -> cell text, for the columns the table has
}

// AccountFile is an account export read whole: violations, activities or
// the locked fields of a catalog (a few thousand rows at most). Every data
// row is in exactly one of the slices or counted in Blank.
type AccountFile struct {
	Tables     []*Columns
	Violations []Violation
	Activities []Activity
	Locked     []Locked
	Rows       int // data rows read
	Blank      int // rows with no value at all
	Notes      []string
}

// ReadViolations reads a violations export. A file, sheet or header that
// cannot be read is an *InputError; a cell that cannot be read is a
// bad-value or missing-field Problem on its row.
func ReadViolations(path string, in io.Reader, opt Options) (*AccountFile, error) {
	return readAccount(path, in, ViolationFields, opt, func(f *AccountFile, w *cellRow) {
		v := Violation{Pos: w.pos, Cols: w.cols, Shop: w.shop(opt.Shop)}
		w.problems(&v.Problems)
		v.ID = w.id("violation_id", i18n.N("the violation ID"))
		v.Date = w.time("date", i18n.N("the penalty date"), true)
		v.Type = w.text("type")
		v.Points = w.points()
		v.Status = w.text("status")
		if s, i := w.cell("status"); i >= 0 && !isEmpty(s) {
			void, ok := violationStatus(s)
			if !ok {
				w.bad("status", i, s, w.tr.Sprintf("the status %q is not one aecheck knows; write active, appeal rejected, appeal succeeded, revoked or cancelled", short(s)))
			}
			v.Void = void
		}
		v.SeriousIP = seriousIPType(v.Type)
		if s, i := w.cell("serious_ip"); i >= 0 && !isEmpty(s) {
			b, ok := yesNo(s)
			if !ok {
				w.bad("serious_ip", i, s, w.tr.Sprintf("the serious IP cell %q is neither yes nor no", short(s)))
			}
			v.SeriousIP = b || v.SeriousIP
		}
		f.Violations = append(f.Violations, v)
	})
}

// ReadActivities reads a marketing activities export.
func ReadActivities(path string, in io.Reader, opt Options) (*AccountFile, error) {
	return readAccount(path, in, ActivityFields, opt, func(f *AccountFile, w *cellRow) {
		a := Activity{Pos: w.pos, Cols: w.cols, Shop: w.shop(opt.Shop)}
		w.problems(&a.Problems)
		a.ID = w.id("activity_id", i18n.N("the activity ID"))
		a.Name = w.text("activity_name")
		a.Level = activityLevel(w.text("level"))
		a.WarmupAt = w.time("warmup_at", i18n.N("the warm-up time"), false)
		a.StartAt = w.time("start_at", i18n.N("the start time"), true)
		a.EndAt = w.time("end_at", i18n.N("the end time"), false)
		a.CancelledAt = w.time("cancelled_at", i18n.N("the withdrawal time"), false)
		a.ProductID = NormalizeID(w.text("product_id"))
		if !a.EndAt.IsZero() && !a.StartAt.IsZero() && a.EndAt.Before(a.StartAt) {
			s, i := w.cell("end_at")
			w.bad("end_at", i, s, w.tr.T("the activity ends before it starts; check the start and end times"))
		}
		if !a.WarmupAt.IsZero() && !a.StartAt.IsZero() && a.WarmupAt.After(a.StartAt) {
			s, i := w.cell("warmup_at")
			w.bad("warmup_at", i, s, w.tr.T("the warm-up begins after the activity starts; check the warm-up and start times"))
		}
		f.Activities = append(f.Activities, a)
	})
}

// ReadLocked reads the promotion-locked fields of a catalog, keeping only
// the rows whose product keep accepts (the products registered in an
// activity); keep nil keeps every row. Rows without a product ID are
// counted, not kept: they cannot be matched to a registration.
func ReadLocked(path string, in io.Reader, opt Options, keep func(shop, productID string) bool) (*AccountFile, error) {
	return readAccount(path, in, LockedFields, opt, func(f *AccountFile, w *cellRow) {
		id := NormalizeID(w.text("product_id"))
		shop := w.shop(opt.Shop)
		if id == "" || keep != nil && !keep(shop, id) {
			return
		}
		l := Locked{Pos: w.pos, Cols: w.cols, Shop: shop, ProductID: id, SKU: w.text("sku"), Values: map[string]string{}}
		for _, name := range LockedFieldNames {
			if s, i := w.cell(name); i >= 0 {
				l.Values[name] = strings.Clone(cleanText(s))
			}
		}
		f.Locked = append(f.Locked, l)
	})
}

// accountMap keeps the --map entries that name a field of specs: the
// command's --map serves every input, and a field of another table is not
// an error here.
func accountMap(specs []FieldSpec, m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := map[string]string{}
	for _, f := range specs {
		if h, ok := m[f.Name]; ok {
			out[f.Name] = h
		}
	}
	return out
}

// readAccount reads every row of one account export, handing each
// non-blank data row to add.
func readAccount(path string, in io.Reader, specs []FieldSpec, opt Options, add func(*AccountFile, *cellRow)) (*AccountFile, error) {
	opt.Map = accountMap(specs, opt.Map)
	opt.ReuseMemory = false
	t, err := OpenTable(path, in, specs, opt)
	if err != nil {
		return nil, err
	}
	defer t.Close()
	f := &AccountFile{}
	var last *Columns
	for t.Next() {
		if c := t.Columns(); c != last {
			last = c
			if note := personalNote(specs, c, opt.Tr); note != "" {
				f.Notes = append(f.Notes, note)
			}
		}
		f.Rows++
		if t.Blank() {
			f.Blank++
			continue
		}
		add(f, &cellRow{cols: t.Columns(), cells: t.Cells(), pos: t.Pos(), badUTF8: t.cur.badUTF8, tr: opt.Tr})
	}
	if err := t.Err(); err != nil {
		return nil, err
	}
	f.Tables = t.Tables()
	f.Notes = append(t.Notes(), f.Notes...)
	return f, nil
}

// cellRow is one non-blank row of an account export being read.
type cellRow struct {
	cols    *Columns
	cells   []string
	pos     Pos
	list    *[]Problem
	badUTF8 []int         // cells of a UTF-8 file holding bytes that are not UTF-8
	tr      *i18n.Printer // the language of the problems
}

// problems directs the row's problems to list, starting with a bad-value
// for each read cell whose bytes are not UTF-8 like the rest of the file.
func (w *cellRow) problems(list *[]Problem) {
	w.list = list
	for _, i := range w.badUTF8 {
		if name := readField(w.cols, i); name != "" {
			w.bad(name, i, strings.ToValidUTF8(w.cells[i], "\uFFFD"), w.tr.T(InvalidUTF8Msg))
		}
	}
}

// cell returns the cell of field name and its 0-based column (-1 when the
// table has no such column; "" past the end of a short row).
func (w *cellRow) cell(name string) (string, int) {
	i := w.cols.Index(name)
	if i < 0 || i >= len(w.cells) {
		return "", i
	}
	return w.cells[i], i
}

func (w *cellRow) at(i int) Pos { return w.cols.CellAt(w.pos, i) }

func (w *cellRow) bad(name string, i int, value, msg string) {
	*w.list = append(*w.list, Problem{Check: "bad-value", Pos: w.at(i), Name: name, Value: ClipValue(strings.Clone(value)), Msg: msg})
}

func (w *cellRow) missing(name string, i int, msg string) {
	*w.list = append(*w.list, Problem{Check: "missing-field", Pos: w.at(i), Name: name, Msg: msg})
}

// text returns the cleaned text of field name, "" when absent.
func (w *cellRow) text(name string) string {
	s, _ := w.cell(name)
	if isEmpty(s) {
		return ""
	}
	return strings.Clone(cleanText(s))
}

// shop returns the row's shop cell, or def.
func (w *cellRow) shop(def string) string {
	if s := w.text("shop"); s != "" {
		return s
	}
	return def
}

// id reads a required identifier.
func (w *cellRow) id(name, label string) string {
	s, i := w.cell(name)
	if isEmpty(s) {
		w.missing(name, i, w.tr.Sprintf("%s is empty; every row needs one", w.tr.T(label)))
		return ""
	}
	return NormalizeID(strings.Clone(s))
}

// time reads a date or time cell; an empty required one is missing-field,
// text that is not a date is bad-value.
func (w *cellRow) time(name, label string, required bool) time.Time {
	s, i := w.cell(name)
	if i < 0 || isEmpty(s) {
		if required {
			w.missing(name, i, w.tr.Sprintf("%s is empty; without it the row cannot be placed in time", w.tr.T(label)))
		}
		return time.Time{}
	}
	t, ok := ParseTime(s)
	if !ok {
		w.bad(name, i, s, w.tr.Sprintf("%s %q cannot be read as a date; write it as 2026-05-31 14:00", w.tr.T(label), short(s)))
	}
	return t
}

// points reads the points deducted: a number, written with or without a
// minus sign (exports show a deduction either way).
func (w *cellRow) points() float64 {
	s, i := w.cell("points")
	if isEmpty(s) {
		w.missing("points", i, w.tr.T("the points deducted are empty; write 0 for a penalty without points"))
		return 0
	}
	v, err := strconv.ParseFloat(strings.Replace(Trim(s), ",", ".", 1), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1000 {
		w.bad("points", i, s, w.tr.Sprintf("the points %q are not a number of points such as 2 or 12", short(s)))
		return 0
	}
	return math.Abs(v)
}

// voidStatuses and liveStatuses are the status words of a violation, as
// NormalizeHeader writes them: a void one counts for nothing. Built when
// the first violation is read.
var (
	voidStatuses = sync.OnceValue(func() map[string]bool {
		return setOfKeys("appeal succeeded", "appeal successful", "appeal approved", "appeal accepted", "successful appeal", "revoked", "cancelled", "canceled", "withdrawn", "invalid", "void",
			"申诉成功", "已撤销", "撤销", "已取消", "取消", "已失效", "无效",
			"appel accepté", "recours accepté", "annulé", "annulée", "révoqué", "révoquée",
			"apelación aceptada", "recurso aceptado", "anulado", "anulada", "revocado", "revocada", "cancelado", "cancelada")
	})
	liveStatuses = sync.OnceValue(func() map[string]bool {
		return setOfKeys("active", "valid", "effective", "in effect", "penalised", "penalized", "appeal rejected", "appeal failed", "appeal pending", "appealing", "pending", "confirmed",
			"生效", "已生效", "有效", "处罚中", "申诉失败", "申诉中", "待申诉", "已处罚",
			"en vigueur", "actif", "active", "appel rejeté", "recours rejeté", "en cours d'appel",
			"vigente", "activo", "activa", "apelación rechazada", "en apelación")
	})
)

func setOfKeys(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[NormalizeHeader(w)] = true
	}
	return m
}

// violationStatus tells whether a status cell voids a violation; ok is
// false for a word aecheck does not know.
func violationStatus(s string) (void, ok bool) {
	k := NormalizeHeader(s)
	switch {
	case voidStatuses()[k]:
		return true, true
	case liveStatuses()[k]:
		return false, true
	}
	return false, false
}

// seriousIPWords mark a violation type as a serious intellectual-property
// violation, as NormalizeHeader writes them.
var seriousIPWords = []string{"seriousip", "seriousintellectualproperty", "seriousinfringement", "严重知识产权", "严重侵犯知识产权", "严重侵权",
	"atteintegravepi", "infractiongravepi", "infractiongravedeproprieteintellectuelle", "infracciongravepi", "infracciongravedepropiedadintelectual"}

func seriousIPType(t string) bool {
	k := NormalizeHeader(t)
	for _, w := range seriousIPWords {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

// yesNo reads a yes/no cell in the four languages.
func yesNo(s string) (v, ok bool) {
	switch NormalizeHeader(s) {
	case "yes", "y", "true", "1", "x", "是", "oui", "si", "sí":
		return true, true
	case "no", "n", "false", "0", "否", "non":
		return false, true
	}
	return false, false
}

// activityLevel normalises a level: upper case, without "level" or 级.
func activityLevel(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	for _, w := range []string{"LEVEL", "级", "NIVEAU", "NIVEL"} {
		s = strings.TrimSpace(strings.ReplaceAll(s, w, ""))
	}
	return strings.ReplaceAll(s, " ", "")
}

// personalNote says which personal data columns of a table are dropped,
// or "" when it has none.
func personalNote(specs []FieldSpec, c *Columns, tr *i18n.Printer) string {
	var dropped []string
	for _, f := range specs {
		if !isPersonalField(f.Name) {
			continue
		}
		for _, i := range c.Fields[f.Name] {
			if i < len(c.Header) {
				dropped = append(dropped, fmt.Sprintf("%q", c.Header[i]))
			}
		}
	}
	if len(dropped) == 0 {
		return ""
	}
	slices.Sort(dropped)
	where := c.File
	if c.Sheet != "" {
		where += " [" + c.Sheet + "]"
	}
	return tr.Sprintf("%s: personal data columns ignored, never copied to any report: %s", where, strings.Join(dropped, ", "))
}
