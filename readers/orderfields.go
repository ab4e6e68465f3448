package readers

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

// OrderFields are the order fields (docs/inputs.md), with their header
// aliases in English, Chinese, French and Spanish and those of the Shopify,
// AliExpress and Olist exports. product_info is the AliExpress product cell
// ("【1】title (产品数量:2) (商家编码:SKU)"), carrier_tracking its
// "carrier:number" logistics cell.
//
// The fields named personal_* are personal data (buyer name, e-mail, phone,
// address, customer ids): they are recognised only so that the header row is
// found and the seller is told they were dropped; their cells are never read
// into an Order, so they never reach a report.
var OrderFields = []FieldSpec{
	{Name: "order_id", Required: true, Aliases: []string{"Order ID", "Order No.", "Order No", "Order Number", "Name", "订单号", "订单编号", "Numéro de commande", "Número de pedido", "N° de commande"}},
	{Name: "status", Aliases: []string{"Order Status", "order_status", "Financial Status", "Status", "订单状态", "Statut", "Statut de la commande", "Estado", "Estado del pedido"}},
	{Name: "fulfillment_status", Aliases: []string{"Fulfillment Status", "Fulfilment Status", "Shipment Status", "发货状态", "Statut d'expédition", "Statut de traitement", "Estado del envío", "Estado de preparación"}},
	{Name: "cancelled_at", Aliases: []string{"Cancelled at", "Canceled at", "Cancellation Date", "Cancellation Time", "Cancel Time", "取消时间", "订单关闭时间", "Date d'annulation", "Annulée le", "Fecha de cancelación"}},
	{Name: "product_id", Aliases: []string{"Product ID", "商品ID", "产品ID", "Item ID", "ID produit", "ID del producto"}},
	{Name: "sku", Aliases: []string{"Lineitem sku", "SKU", "Seller SKU", "Variant SKU", "商家编码", "SKU编码"}},
	{Name: "quantity", Aliases: []string{"Quantity", "Lineitem quantity", "Qty", "数量", "产品数量", "Quantité", "Cantidad"}},
	{Name: "item_title", Aliases: []string{"Lineitem name", "Product Name", "Product Title", "商品名称", "产品名称", "Nom du produit", "Nombre del producto"}},
	{Name: "product_info", Aliases: []string{"产品信息", "商品信息", "Product Information", "Product Info", "Product Details"}},
	{Name: "order_total", Aliases: []string{"Order Amount", "Total", "Order Total", "订单金额", "实付金额", "Montant", "Montant de la commande", "Importe", "Importe del pedido"}},
	{Name: "created_at", Aliases: []string{"Order Time", "Created at", "order_purchase_timestamp", "下单时间", "创建时间", "Order Date", "Date de commande", "Fecha del pedido"}},
	{Name: "paid_at", Aliases: []string{"Payment Time", "Paid at", "order_approved_at", "付款时间", "支付时间", "Payment Date", "Date de paiement", "Fecha de pago"}},
	{Name: "ship_deadline", Aliases: []string{"Shipping Deadline", "shipping_limit_date", "发货期限", "发货截止时间", "Ship By", "Date limite d'expédition"}},
	{Name: "shipped_at", Aliases: []string{"Shipping Time", "Fulfilled at", "Shipped at", "order_delivered_carrier_date", "发货时间", "Date d'expédition", "Fecha de envío"}},
	{Name: "carrier_tracking", Aliases: []string{"实际发货物流:运单号", "实际发货物流：运单号", "物流:运单号", "Logistics:Tracking Number"}},
	{Name: "carrier", Aliases: []string{"Carrier", "Logistics", "Shipping Carrier", "Logistics Company", "Tracking Company", "物流公司", "物流方式", "Transporteur", "Transportista"}},
	{Name: "tracking", Aliases: []string{"Tracking Number", "Tracking No.", "Tracking", "运单号", "物流单号", "Numéro de suivi", "Número de seguimiento"}},
	{Name: "delivered_at", Aliases: []string{"Delivered at", "order_delivered_customer_date", "确认收货时间", "Delivery Date", "Date de livraison", "Fecha de entrega"}},
	{Name: "promised_days", Aliases: []string{"Promised Days", "Delivery Days", "Promised Delivery Days", "承诺运达时间"}},
	{Name: "promised_by", Aliases: []string{"Promised By", "order_estimated_delivery_date", "Estimated Delivery Date", "预计送达时间"}},
	{Name: "dispute_type", Aliases: []string{"Dispute Type", "Dispute Reason", "纠纷类型", "纠纷原因", "Type de litige", "Motivo de la disputa"}},
	{Name: "dispute_opened_at", Aliases: []string{"Dispute Time", "Dispute Opened At", "Dispute Date", "纠纷时间", "纠纷发起时间", "Date du litige"}},
	{Name: "dispute_status", Aliases: []string{"Dispute Status", "纠纷状态", "Statut du litige", "Estado de la disputa"}},
	{Name: "refund_amount", Aliases: []string{"Refund Amount", "Refund", "Refunded Amount", "退款金额", "Montant remboursé", "Importe reembolsado"}},
	{Name: "cancel_reason", Aliases: []string{"Cancel Reason", "Cancellation Reason", "取消原因", "关闭原因", "Motif d'annulation", "Motivo de cancelación"}},
	{Name: "rating_description", Aliases: []string{"Item as Described", "review_score", "Rating", "Product Rating", "商品描述评分"}},
	{Name: "rating_communication", Aliases: []string{"Communication", "Seller Communication", "卖家沟通评分"}},
	{Name: "rating_shipping", Aliases: []string{"Shipping Speed", "Delivery Rating", "物流评分"}},
	{Name: "buyer_country", Aliases: []string{"Ship Country", "Shipping Country", "Buyer Country", "Shipping Country Code", "收货国家", "Pays", "País"}},

	// Personal data: recognised, never read.
	{Name: "personal_name", Multi: true, Aliases: []string{"Buyer Name", "Buyer", "Customer Name", "Customer", "Billing Name", "Shipping Name", "Billing Company", "Shipping Company", "Buyer Login ID", "买家账号", "Receiver", "Recipient", "Contact Name", "买家名称", "买家姓名", "收货人", "收件人", "customer_id", "customer_unique_id", "Nom du client", "Nombre del cliente"}},
	{Name: "personal_email", Multi: true, Aliases: []string{"Email", "E-mail", "Buyer Email", "Customer Email", "邮箱", "买家邮箱", "Courriel"}},
	{Name: "personal_phone", Multi: true, Aliases: []string{"Phone", "Buyer Phone", "Billing Phone", "Shipping Phone", "Mobile", "Telephone", "联系电话", "手机", "电话", "手机号码", "Téléphone", "Teléfono"}},
	{Name: "personal_note", Multi: true, Aliases: []string{"Notes", "Note", "Note Attributes", "Order Note", "Buyer Message", "Buyer Note", "Remark", "买家留言", "备注", "订单备注"}},
	{Name: "personal_address", Multi: true, Aliases: []string{"Address", "Shipping Address", "Billing Address", "Shipping Address1", "Shipping Address2", "Billing Address1", "Billing Address2", "Shipping Street", "Billing Street", "Shipping City", "Billing City", "Shipping Zip", "Billing Zip", "Shipping Province", "Billing Province", "Shipping Province Name", "Billing Province Name", "收货地址", "详细地址", "地址", "邮编", "customer_zip_code_prefix", "customer_city", "customer_state", "Adresse", "Dirección"}},
}

// isPersonalField reports whether a canonical order field is personal data.
func isPersonalField(name string) bool { return strings.HasPrefix(name, "personal_") }

// wordKey normalises a status or dispute word: lower case, without white
// space, '_', '-' and a trailing period.
func wordKey(s string) string {
	s = strings.TrimRight(strings.TrimSpace(s), ".。")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsSpace(r), r == '_', r == '-':
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// orderStatusWords maps status words (by wordKey) to statuses: the English
// and Chinese words of AliExpress, French and Spanish, Shopify's financial
// statuses and Olist's statuses. Built when the first order is read.
var orderStatusWords = sync.OnceValue(func() map[string]Status {
	words := map[string]Status{}
	add := func(s Status, ws ...string) {
		for _, w := range ws {
			words[wordKey(w)] = s
		}
	}
	add(StatusAwaitingPayment, "awaiting payment", "awaiting_payment", "waiting for payment", "wait buyer pay", "unpaid", "pending", "created", "place order success", "expired",
		"等待买家付款", "en attente de paiement", "pendiente de pago")
	add(StatusCancelRequested, "cancel requested", "cancel_requested", "cancellation requested", "buyer requests cancellation", "in cancel",
		"买家申请取消", "annulation demandée", "cancelación solicitada")
	add(StatusAwaitingShipment, "awaiting shipment", "awaiting_shipment", "waiting for shipment", "wait seller send goods", "to ship", "paid", "authorized",
		"approved", "invoiced", "processing", "unfulfilled", "partially paid", "partially refunded",
		"等待您发货", "等待卖家发货", "en attente d'expédition", "en attente d'envoi", "pendiente de envío")
	add(StatusShipped, "shipped", "awaiting receipt", "waiting for receipt", "wait buyer accept goods", "seller part send goods", "in transit", "fulfilled", "partially shipped",
		"等待买家收货", "已发货", "expédié", "expédiée", "enviado")
	add(StatusCompleted, "completed", "finished", "finish", "delivered", "complete",
		"订单结束", "交易完成", "已完成", "terminé", "terminée", "livré", "livrée", "completado", "entregado")
	add(StatusInDispute, "in dispute", "in_dispute", "in issue", "dispute", "disputed", "纠纷中", "en litige", "en disputa")
	add(StatusCancelled, "cancelled", "canceled", "closed", "voided", "refunded", "unavailable",
		"已取消", "订单关闭", "交易关闭", "annulé", "annulée", "cancelado", "cancelada")
	add(StatusPaymentProcessing, "payment processing", "payment_processing", "fund processing", "资金处理中")
	return words
})

// fulfillmentWords are the words of a fulfilment status column (Shopify's
// Fulfillment Status) and whether they say the order left the warehouse.
// Built when the first order is read.
var fulfillmentWords = sync.OnceValue(func() map[string]bool {
	words := map[string]bool{}
	for _, w := range []string{"fulfilled", "partial", "partially fulfilled", "partially shipped", "shipped", "in transit", "delivered",
		"已发货", "部分发货", "expédié", "expédiée", "partiellement expédié", "enviado", "parcialmente enviado"} {
		words[wordKey(w)] = true
	}
	for _, w := range []string{"unfulfilled", "not fulfilled", "pending", "scheduled", "on hold", "restocked", "open", "not shipped", "in progress",
		"未发货", "待发货", "non expédié", "no enviado", "pendiente"} {
		words[wordKey(w)] = false
	}
	return words
})

// parseFulfillment reads a fulfilment status: shipped is true when the
// word says at least part of the order was sent; ok is false for a word
// aecheck does not know.
func parseFulfillment(s string) (shipped, ok bool) {
	shipped, ok = fulfillmentWords()[wordKey(s)]
	return shipped, ok
}

// ParseStatus maps an order status word to a Status; ok is false for a word
// aecheck does not know.
func ParseStatus(s string) (Status, bool) {
	st, ok := orderStatusWords()[wordKey(s)]
	return st, ok
}

// ParseDispute maps a dispute type or reason to a Dispute: NR for "not
// received" (未收到货), SNAD for "not as described" (货不对版), Other for any
// other reason, None for an empty cell or "none".
func ParseDispute(s string) Dispute {
	if IsEmptyValue(s) {
		return DisputeNone
	}
	k := wordKey(s)
	has := func(ws ...string) bool {
		for _, w := range ws {
			if strings.Contains(k, w) {
				return true
			}
		}
		return false
	}
	switch {
	case k == "no" || k == "无" || k == "没有" || k == "aucun":
		return DisputeNone
	case k == "nr" || has("notreceived", "notyetreceived", "未收到", "没收到", "nonreçu", "nonrecu", "norecibido", "packagenotreceived"):
		return DisputeNR
	case k == "snad" || has("notasdescribed", "货不对版", "与描述不符", "描述不符", "nonconforme", "nocoincide", "notasdescrib", "quality", "质量"):
		return DisputeSNAD
	}
	return DisputeOther
}

// parseDisputeStatus maps a dispute status to open, responded or closed; an
// unknown word is kept, in lower case.
func parseDisputeStatus(s string) string {
	if IsEmptyValue(s) {
		return ""
	}
	switch k := wordKey(s); k {
	case "open", "opened", "ongoing", "pending", "waitingforsellerresponse", "awaitingresponse", "纠纷中", "待处理", "待回应", "ouvert", "abierto", "abierta":
		return "open"
	case "responded", "answered", "sellerresponded", "已回应", "已响应", "répondu", "respondido":
		return "responded"
	case "closed", "finished", "resolved", "已结束", "已关闭", "已解决", "fermé", "cerrado", "cerrada":
		return "closed"
	default:
		return k
	}
}

// productItem holds the patterns of the product cell, compiled when the
// first one is read.
var productItem = sync.OnceValue(func() (re struct{ start, qty, sku, attr *regexp.Regexp }) {
	re.start = regexp.MustCompile(`【\d+】`)
	re.qty = regexp.MustCompile(`(?:产品数量|数量|[Qq]uantity|[Qq]ty)\s*[:：]\s*(\d+)`)
	re.sku = regexp.MustCompile(`(?:商家编码|[Ss]eller SKU|SKU)\s*[:：]\s*([^)）\n]+)`)
	re.attr = regexp.MustCompile(`\s*[(（][^()（）]*[:：][^()（）]*[)）]`)
	return re
})

// ParseProductCell reads the AliExpress order export's product cell, which
// lists each item as "【1】title (产品数量:2) (商家编码:SKU)", one per line
// (or one after the other). A cell without 【n】 markers is one item. An item
// without a quantity has quantity 1.
func ParseProductCell(s string) []Item {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	re := productItem()
	var parts []string
	locs := re.start.FindAllStringIndex(s, -1)
	if len(locs) == 0 {
		parts = []string{s}
	} else {
		for i, loc := range locs {
			end := len(s)
			if i+1 < len(locs) {
				end = locs[i+1][0]
			}
			parts = append(parts, s[loc[1]:end])
		}
	}
	items := make([]Item, 0, len(parts))
	for _, p := range parts {
		it := Item{Quantity: 1}
		if m := re.qty.FindStringSubmatch(p); m != nil {
			if n, err := strconv.Atoi(m[1]); err == nil && n > 0 {
				it.Quantity = n
			}
		}
		if m := re.sku.FindStringSubmatch(p); m != nil {
			it.SKU = strings.TrimSpace(m[1])
		}
		it.Title = strings.TrimSpace(re.attr.ReplaceAllString(p, ""))
		items = append(items, it)
	}
	return items
}

// splitCarrierTracking splits the AliExpress logistics cell
// "carrier:number" (the first line when several parcels are listed).
func splitCarrierTracking(s string) (carrier, tracking string) {
	first, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	first = strings.ReplaceAll(first, "：", ":")
	c, t, ok := strings.Cut(first, ":")
	if !ok {
		return strings.TrimSpace(first), ""
	}
	return strings.TrimSpace(c), strings.TrimSpace(t)
}
