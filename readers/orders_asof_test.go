package readers

import (
	"testing"
	"time"
)

func TestLatestTimestamp(t *testing.T) {
	d := func(s string) time.Time {
		v, err := time.Parse(time.DateTime, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name string
		o    Order
		want time.Time
	}{
		{"empty", Order{}, time.Time{}},
		{"created only", Order{CreatedAt: d("2024-05-01 10:00:00")}, d("2024-05-01 10:00:00")},
		{"delivered latest", Order{CreatedAt: d("2024-05-01 10:00:00"), PaidAt: d("2024-05-01 11:00:00"), ShippedAt: d("2024-05-03 09:00:00"), DeliveredAt: d("2024-05-20 18:00:00")}, d("2024-05-20 18:00:00")},
		{"dispute latest", Order{CreatedAt: d("2024-05-01 10:00:00"), DisputeOpenedAt: d("2024-06-02 08:00:00")}, d("2024-06-02 08:00:00")},
		{"promises ignored", Order{CreatedAt: d("2024-05-01 10:00:00"), Deadline: d("2024-05-04 10:00:00"), PromisedBy: d("2024-06-30 00:00:00")}, d("2024-05-01 10:00:00")},
	}
	for _, tc := range tests {
		if got := LatestTimestamp(&tc.o); !got.Equal(tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
	all := []Order{tests[1].o, tests[2].o, tests[3].o}
	if got := LatestOf(time.Time{}, all); !got.Equal(d("2024-06-02 08:00:00")) {
		t.Errorf("LatestOf = %v", got)
	}
	if got := LatestOf(d("2025-01-01 00:00:00"), all); !got.Equal(d("2025-01-01 00:00:00")) {
		t.Errorf("LatestOf keeps a later start: %v", got)
	}
}
