-- Per-product order metrics over a large shop's order export, the work
-- "aecheck orders" is compared with in the many-products bench case: per
-- product, the orders of the last 90 days, the "not received" and "not as
-- described" disputes opened in them, the ratings of the orders delivered in
-- them, and the orders whose shipping deadline passed unshipped. The file
-- is read by DuckDB's CSV reader; $1 is its path, as_of the latest payment.
CREATE TEMP TABLE o AS
SELECT * FROM read_csv($1, header = true, all_varchar = true);

CREATE TEMP TABLE anchor AS
SELECT max(strptime("Payment Time", '%Y-%m-%d %H:%M:%S')) AS t FROM o;

COPY (
  SELECT "Product ID" AS product_id,
         count(*) FILTER (WHERE p > a.t - INTERVAL 90 DAY) AS orders,
         count(*) FILTER (WHERE "Dispute Type" = 'Not received' AND d > a.t - INTERVAL 90 DAY) AS nr,
         count(*) FILTER (WHERE "Dispute Type" = 'Not as described' AND d > a.t - INTERVAL 90 DAY) AS snad,
         count(r) FILTER (WHERE dl > a.t - INTERVAL 90 DAY) AS rating_count,
         avg(r) FILTER (WHERE dl > a.t - INTERVAL 90 DAY) AS rating,
         count(*) FILTER (WHERE "Shipping Time" IS NULL AND dd <= a.t) AS unsent
  FROM (
    SELECT *,
           strptime("Payment Time", '%Y-%m-%d %H:%M:%S') AS p,
           strptime("Dispute Time", '%Y-%m-%d %H:%M:%S') AS d,
           strptime("Delivered At", '%Y-%m-%d %H:%M:%S') AS dl,
           strptime("Shipping Deadline", '%Y-%m-%d %H:%M:%S') AS dd,
           TRY_CAST("Item as Described" AS INTEGER) AS r
    FROM o
  ), anchor a
  GROUP BY "Product ID"
  ORDER BY "Product ID"
) TO '/dev/null' (FORMAT csv);
