// Runs the DuckDB queries of a documentation page as written: every
// ```sql block of the page, statement by statement, in the current
// folder, which holds the files the page names (run.sh makes them). A
// query that fails, or that returns no row where the page says it
// returns some (a "-- rows: some" line before it), fails the run.
//
//   node docs.mjs PAGE.md
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const page = readFileSync(process.argv[2], 'utf8');
const blocks = [...page.matchAll(/```sql\n([\s\S]*?)```/g)].map(m => m[1]);
if (blocks.length === 0) { console.log(`FAIL ${process.argv[2]}: no sql block`); process.exit(1); }
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
let failed = 0, ran = 0;
for (const block of blocks) {
  for (const stmt of block.split(/;\s*(?:\n|$)/)) {
    const lines = stmt.split('\n');
    const sql = lines.filter(l => !l.trim().startsWith('--')).join('\n').trim();
    if (!sql) continue;
    const wantRows = lines.some(l => /^\s*--\s*rows:\s*some/.test(l));
    ran++;
    try {
      const rows = (await c.runAndReadAll(sql)).getRowObjectsJson();
      if (wantRows && rows.length === 0) { console.log(`FAIL no rows: ${sql}`); failed++; }
      else console.log(`ok   ${rows.length} rows: ${sql.split('\n')[0]}`);
    } catch (e) {
      console.log(`FAIL ${e.message}\n  in: ${sql}`); failed++;
    }
  }
}
console.log(`${ran} queries of ${process.argv[2]}, ${failed} failed`);
process.exit(failed ? 1 : 0);
