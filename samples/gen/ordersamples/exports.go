package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// How each export writes the orders: the English CSV (one row per line
// item), the AliExpress Chinese workbook and Shopify's orders export.

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02 15:04:05")
}

func money(v float64) string {
	if v == 0 {
		return ""
	}
	return "US $" + strconv.FormatFloat(v, 'f', 2, 64)
}

func rating(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

var englishStatus = map[string]string{
	"awaiting_payment": "Awaiting payment", "awaiting_shipment": "Awaiting shipment", "shipped": "Shipped",
	"completed": "Completed", "in_dispute": "In dispute", "cancelled": "Cancelled",
}

var chineseStatus = map[string]string{
	"awaiting_payment": "等待买家付款", "awaiting_shipment": "等待您发货", "shipped": "等待买家收货",
	"completed": "订单结束", "in_dispute": "纠纷中", "cancelled": "订单关闭",
}

var englishDispute = map[string]string{"NR": "Not received", "SNAD": "Not as described"}

var chineseDispute = map[string]string{"NR": "未收到货", "SNAD": "货不对版"}

var chineseDisputeStatus = map[string]string{"open": "纠纷中", "responded": "已回应", "closed": "已结束"}

var englishHeader = []string{"Order ID", "Order Status", "Product ID", "Lineitem sku", "Lineitem name", "Lineitem quantity", "Order Amount",
	"Order Time", "Payment Time", "Shipping Time", "Carrier", "Tracking Number", "Delivered at", "Promised Days",
	"Dispute Type", "Dispute Time", "Dispute Status", "Refund Amount", "Cancel Reason",
	"Item as Described", "Communication", "Shipping Speed", "Ship Country", "Buyer Name", "Buyer Email", "Shipping Address", "Phone"}

// EnglishCSV returns orders.csv: one row per line item; the order columns
// are repeated on every row of an order, as Shopify does.
func EnglishCSV() ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write(englishHeader); err != nil {
		return nil, err
	}
	for _, o := range Orders() {
		paid := stamp(o.paid)
		if o.paidText != "" {
			paid = o.paidText
		}
		for _, it := range o.items {
			row := []string{o.id, englishStatus[o.status], it.productID, it.sku, it.title, strconv.Itoa(it.qty), money(o.total()),
				stamp(o.created), paid, stamp(o.shipped), o.carrier, o.tracking, stamp(o.delivered), days(o.promisedDays),
				englishDispute[o.dispute], stamp(o.disputeAt), o.disputeStatus, money(o.refund), o.cancelReason,
				rating(o.rDesc), rating(o.rComm), rating(o.rShip), o.country,
				fmt.Sprintf("Sample Buyer %02d", o.buyer), fmt.Sprintf("buyer%02d@example.invalid", o.buyer),
				fmt.Sprintf("%d Sample Street, Testville", o.buyer), fmt.Sprintf("+00 000 000 %03d", o.buyer)}
			if err := w.Write(row); err != nil {
				return nil, err
			}
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

func days(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

var chineseHeader = []string{"订单号", "订单状态", "产品信息", "订单金额", "下单时间", "付款时间", "发货期限", "发货时间", "实际发货物流:运单号",
	"确认收货时间", "纠纷类型", "纠纷时间", "纠纷状态", "退款金额", "取消原因", "商品描述评分", "卖家沟通评分", "物流评分", "收货国家",
	"买家名称", "收货人", "联系电话", "收货地址"}

// ChineseRows returns the cells of orders_aliexpress.xlsx: a title row, the
// header, then one row per order.
func ChineseRows() [][]string {
	rows := [][]string{{"订单列表 (导出时间 " + stamp(AsOf) + ")"}, chineseHeader}
	for _, o := range Orders() {
		var cell []string
		for i, it := range o.items {
			cell = append(cell, fmt.Sprintf("【%d】%s (产品数量:%d) (商家编码:%s)", i+1, it.title, it.qty, it.sku))
		}
		paid := stamp(o.paid)
		if o.paidText != "" {
			paid = o.paidText
		}
		logistics := ""
		if o.carrier != "" {
			logistics = o.carrier + ":" + o.tracking
		}
		rows = append(rows, []string{o.id, chineseStatus[o.status], strings.Join(cell, "\n"), money(o.total()),
			stamp(o.created), paid, stamp(o.deadline()), stamp(o.shipped), logistics, stamp(o.delivered),
			chineseDispute[o.dispute], stamp(o.disputeAt), chineseDisputeStatus[o.disputeStatus], money(o.refund), o.cancelReason,
			rating(o.rDesc), rating(o.rComm), rating(o.rShip), o.country,
			fmt.Sprintf("买家%02d", o.buyer), fmt.Sprintf("收货人%02d", o.buyer), fmt.Sprintf("000-0000-%04d", o.buyer), fmt.Sprintf("测试路%d号", o.buyer)})
	}
	return rows
}

// ChineseXLSX writes orders_aliexpress.xlsx to path.
func ChineseXLSX(path string) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "订单"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	for i, row := range ChineseRows() {
		cells := make([]any, len(row))
		for j, c := range row {
			cells[j] = c
		}
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			return err
		}
		if err := f.SetSheetRow(sheet, cell, &cells); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(sheet, "C", "C", 60); err != nil {
		return err
	}
	return f.SaveAs(path)
}

// shopifyHeader is the header of Shopify's orders export (Orders > Export).
var shopifyHeader = []string{"Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at", "Accepts Marketing",
	"Currency", "Subtotal", "Shipping", "Taxes", "Total", "Discount Code", "Discount Amount", "Shipping Method", "Created at",
	"Lineitem quantity", "Lineitem name", "Lineitem price", "Lineitem compare at price", "Lineitem sku", "Lineitem requires shipping",
	"Lineitem taxable", "Lineitem fulfillment status", "Billing Name", "Billing Street", "Billing Address1", "Billing Address2",
	"Billing Company", "Billing City", "Billing Zip", "Billing Province", "Billing Country", "Billing Phone", "Shipping Name",
	"Shipping Street", "Shipping Address1", "Shipping Address2", "Shipping Company", "Shipping City", "Shipping Zip",
	"Shipping Province", "Shipping Country", "Shipping Phone", "Notes", "Note Attributes", "Cancelled at", "Payment Method",
	"Payment Reference", "Refunded Amount", "Vendor", "Outstanding Balance", "Employee", "Location", "Device ID", "Id", "Tags",
	"Risk Level", "Source", "Lineitem discount", "Tax 1 Name", "Tax 1 Value", "Phone", "Receipt Number", "Duties",
	"Billing Province Name", "Shipping Province Name", "Payment ID", "Payment Terms Name", "Next Payment Due At", "Payment References"}

// paris is the shop's time zone in the Shopify export (winter time): the
// same instants as the other samples, written as Shopify writes them.
var paris = time.FixedZone("CET", 3600)

func shopifyStamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(paris).Format("2006-01-02 15:04:05 -0700")
}

// ShopifyCSV returns orders_shopify.csv: the same orders as Shopify exports
// them, one row per line item, the order's values on its first row only
// (continuation rows repeat the name, e-mail and line-item columns).
// Shopify has no carrier, delivery, dispute or rating columns, and splits
// the status in Financial Status and Fulfillment Status; a cancelled order
// has a Cancelled at time. Every personal column holds an invented value.
func ShopifyCSV() ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write(shopifyHeader); err != nil {
		return nil, err
	}
	col := map[string]int{}
	for i, h := range shopifyHeader {
		col[h] = i
	}
	for _, o := range Orders() {
		name := ""
		if o.id != "" {
			name = "#" + o.id
		}
		email := fmt.Sprintf("buyer%02d@example.invalid", o.buyer)
		financial, fulfillment := "paid", "unfulfilled"
		switch o.status {
		case "awaiting_payment":
			financial = "pending"
		case "cancelled":
			financial = "voided"
			if !o.paid.IsZero() {
				financial = "refunded"
			}
		}
		if o.refund > 0 {
			financial = "partially_refunded"
			if o.refund >= o.total()-0.005 {
				financial = "refunded"
			}
		}
		if !o.shipped.IsZero() {
			fulfillment = "fulfilled"
		}
		paid := shopifyStamp(o.paid)
		if o.paidText != "" {
			paid = o.paidText
		}
		for n, it := range o.items {
			row := make([]string, len(shopifyHeader))
			set := func(h, v string) { row[col[h]] = v }
			set("Name", name)
			set("Email", email)
			set("Lineitem quantity", strconv.Itoa(it.qty))
			set("Lineitem name", it.title)
			set("Lineitem price", strconv.FormatFloat(it.price, 'f', 2, 64))
			set("Lineitem sku", it.sku)
			set("Lineitem requires shipping", "true")
			set("Lineitem taxable", "true")
			set("Lineitem fulfillment status", map[bool]string{true: "fulfilled", false: "pending"}[fulfillment == "fulfilled"])
			set("Lineitem discount", "0.00")
			set("Vendor", "Trailmate")
			if n == 0 {
				total := strconv.FormatFloat(o.total(), 'f', 2, 64)
				set("Financial Status", financial)
				set("Paid at", paid)
				set("Fulfillment Status", fulfillment)
				set("Fulfilled at", shopifyStamp(o.shipped))
				set("Accepts Marketing", "no")
				set("Currency", "USD")
				set("Subtotal", total)
				set("Shipping", "0.00")
				set("Taxes", "0.00")
				set("Total", total)
				set("Discount Amount", "0.00")
				set("Shipping Method", "Standard")
				set("Created at", shopifyStamp(o.created))
				set("Billing Name", fmt.Sprintf("Sample Buyer %02d", o.buyer))
				set("Billing Street", fmt.Sprintf("%d Sample Street", o.buyer))
				set("Billing Address1", fmt.Sprintf("%d Sample Street", o.buyer))
				set("Billing Company", fmt.Sprintf("Buyer Company %02d", o.buyer))
				set("Billing City", "Testville")
				set("Billing Zip", fmt.Sprintf("000%02d", o.buyer))
				set("Billing Country", o.country)
				set("Billing Phone", fmt.Sprintf("+00 000 000 %03d", o.buyer))
				set("Shipping Name", fmt.Sprintf("Sample Receiver %02d", o.buyer))
				set("Shipping Street", fmt.Sprintf("%d Sample Street", o.buyer))
				set("Shipping Address1", fmt.Sprintf("%d Sample Street", o.buyer))
				set("Shipping Address2", fmt.Sprintf("Flat %d", o.buyer))
				set("Shipping City", "Testville")
				set("Shipping Zip", fmt.Sprintf("000%02d", o.buyer))
				set("Shipping Country", o.country)
				set("Shipping Phone", fmt.Sprintf("+00 000 000 %03d", o.buyer))
				if o.id == "812345672009" {
					set("Notes", fmt.Sprintf("Please call +00 000 000 %03d before delivery", o.buyer))
				}
				set("Cancelled at", shopifyStamp(o.cancelled))
				set("Payment Method", "Shopify Payments")
				set("Refunded Amount", strconv.FormatFloat(o.refund, 'f', 2, 64))
				set("Outstanding Balance", "0.00")
				set("Id", strconv.Itoa(5800000000000+o.buyer))
				set("Risk Level", "Low")
				set("Source", "web")
				set("Phone", fmt.Sprintf("+00 000 000 %03d", o.buyer))
			}
			if err := w.Write(row); err != nil {
				return nil, err
			}
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}
