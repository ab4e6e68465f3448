// Reads aecheck's machine outputs with readers that are not aecheck's own
// code: DuckDB for Parquet, Apache Arrow's JavaScript implementation for
// Arrow IPC, and compares what they see with the JSONL of the same run.
//
//   node readback.mjs DIR
//
// DIR holds f.jsonl, f.parquet, f.arrow, m.parquet and m.arrow from one
// aecheck run (run.sh makes them). Exits 1 on any difference.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';

const dir = process.argv[2];
let failed = 0;
const check = (what, got, want) => {
  const g = JSON.stringify(got), w = JSON.stringify(want);
  if (g !== w) { console.log(`FAIL ${what}: got ${g}, want ${w}`); failed++; }
  else console.log(`ok   ${what}`);
};

// The reference: the JSONL lines.
const lines = readFileSync(join(dir, 'f.jsonl'), 'utf8').trim().split('\n').map(JSON.parse);
const findings = lines.filter(l => l.kind === 'finding');
const metrics = lines.filter(l => l.kind === 'metric');
const summary = lines.find(l => l.kind === 'summary');
const countBy = (xs, key) => Object.fromEntries(
  Object.entries(xs.reduce((m, x) => (m[x[key]] = (m[x[key]] || 0) + 1, m), {})).sort());

const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
const rows = async q => (await c.runAndReadAll(q)).getRowObjectsJson();

// Parquet through DuckDB.
const fp = join(dir, 'f.parquet'), mp = join(dir, 'm.parquet');
check('parquet findings: count', Number((await rows(`SELECT count(*) n FROM '${fp}'`))[0].n), summary.findings);
const bySev = Object.fromEntries((await rows(`SELECT severity, count(*) n FROM '${fp}' GROUP BY ALL ORDER BY 1`)).map(r => [r.severity, Number(r.n)]));
check('parquet findings: by severity', bySev, Object.fromEntries(Object.entries(summary.by_severity).filter(([, n]) => n > 0).sort()));
const byCheck = Object.fromEntries((await rows(`SELECT "check", count(*) n FROM '${fp}' GROUP BY ALL ORDER BY 1`)).map(r => [r.check, Number(r.n)]));
check('parquet findings: by check', byCheck, countBy(findings, 'check'));
const types = Object.fromEntries((await rows(`DESCRIBE SELECT * FROM '${fp}'`)).map(r => [r.column_name, r.column_type]));
check('parquet findings: column types', [types.row, types.col, types.line, types.severity, types.check], ['BIGINT', 'INTEGER', 'BIGINT', 'VARCHAR', 'VARCHAR']);
const firstRows = (await rows(`SELECT "check", file, "row", entity, message FROM '${fp}' LIMIT 5`));
check('parquet findings: first rows', firstRows.map(r => [r.check, r.file, Number(r.row), r.entity, r.message]),
  findings.slice(0, 5).map(f => [f.check, f.file, f.row, f.entity, f.message]));
const meta = Object.fromEntries((await rows(`SELECT decode(key) k, decode(value) v FROM parquet_kv_metadata('${fp}')`)).map(r => [r.k, r.v]));
check('parquet findings: schema version', meta['aecheck.schema'], 'findings/v1');
check('parquet metrics: count', Number((await rows(`SELECT count(*) n FROM '${mp}'`))[0].n), metrics.length);
const mtypes = Object.fromEntries((await rows(`DESCRIBE SELECT * FROM '${mp}'`)).map(r => [r.column_name, r.column_type]));
check('parquet metrics: column types', [mtypes.window_days, mtypes.value, mtypes.as_of], ['INTEGER', 'DOUBLE', 'TIMESTAMP WITH TIME ZONE']);
const shopParquet = (await rows(`SELECT metric, window_days, numerator, denominator, status FROM '${mp}' WHERE scope = 'shop' ORDER BY metric, window_days`))
  .map(r => [r.metric, r.window_days, Number(r.numerator), Number(r.denominator), r.status]);
const shopJSONL = metrics.filter(m => m.scope === 'shop')
  .sort((a, b) => a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : a.window_days - b.window_days)
  .map(m => [m.metric, m.window_days, m.numerator, m.denominator, m.status]);
check('parquet metrics: shop metrics', shopParquet, shopJSONL);

// Arrow IPC through Apache Arrow JS.
const ft = tableFromIPC(readFileSync(join(dir, 'f.arrow')));
check('arrow findings: count', ft.numRows, summary.findings);
const sev = ft.getChild('severity').toArray();
check('arrow findings: by severity', countBy([...sev].map(s => ({ s })), 's'), Object.fromEntries(Object.entries(summary.by_severity).filter(([, n]) => n > 0).sort()));
const arrowRows = [...Array(Math.min(5, ft.numRows)).keys()].map(i => {
  const r = ft.get(i);
  return [r.check, r.file, Number(r.row), r.entity, r.message];
});
check('arrow findings: first rows', arrowRows, findings.slice(0, 5).map(f => [f.check, f.file, f.row, f.entity, f.message]));
check('arrow findings: schema version', ft.schema.metadata.get('aecheck.schema'), 'findings/v1');
check('arrow findings: row is int64', String(ft.schema.fields.find(f => f.name === 'row').type), 'Int64');
const mt = tableFromIPC(readFileSync(join(dir, 'm.arrow')));
check('arrow metrics: count', mt.numRows, metrics.length);

if (failed) { console.log(`${failed} failed`); process.exit(1); }
console.log('all outputs agree');
