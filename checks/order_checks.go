package checks

// orderChecks are the order findings of DOMAIN.md section 3. They are part
// of All.
var orderChecks = []*Check{}
