// Runs products.sql on an order export with DuckDB's node binding, for the
// many-products case of samples/bench:
//
//	cd samples/bench/duckdb && npm ci && cd ../../..
//	node samples/bench/duckdb/run.mjs bench/data/orders-products-1000000.csv
//
// DuckDB uses every core and its default memory limit, as a user running
// the script would.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";

const path = process.argv[2];
if (!path) {
  console.error("usage: node run.mjs ORDERS.csv");
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const sql = readFileSync(join(here, "products.sql"), "utf8").replaceAll("$1", `'${resolve(path).replaceAll("'", "''")}'`);
const db = await DuckDBInstance.create(":memory:");
const con = await db.connect();
for (const stmt of sql.replace(/--.*$/gm, "").split(";").map((s) => s.trim()).filter(Boolean)) {
  await con.run(stmt);
}
