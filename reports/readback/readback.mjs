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
check('parquet findings: schema version', meta['aecheck.schema'], 'findings/v3');

// The language of message and fix, on every row as in every JSONL line,
// and in the metadata when it is not English.
check('parquet findings: lang', (await rows(`SELECT lang FROM '${fp}'`)).map(r => r.lang), findings.map(f => f.lang));
check('parquet findings: lang metadata', meta['aecheck.lang'] ?? 'en', summary.lang ?? 'en');

// The evidence as typed columns: lists of strings, null where absent, the
// same as the JSONL's evidence objects, row for row.
check('parquet findings: evidence column types',
  [types.evidence_class, types.evidence_entry, types.evidence_terms, types.evidence_groups, types.evidence_missing_column, types.evidence_assumed],
  ['VARCHAR', 'VARCHAR', 'VARCHAR[]', 'VARCHAR[]', 'VARCHAR', 'VARCHAR[]']);
const evidence = e => e === undefined ? [null, null, null, null, null, null] :
  [e.class ?? null, e.entry ?? null, e.terms ?? null, e.groups ?? null, e.missing_column ?? null, e.assumed ?? null];
const evParquet = (await rows(`SELECT evidence_class, evidence_entry, evidence_terms, evidence_groups, evidence_missing_column, evidence_assumed FROM '${fp}'`))
  .map(r => [r.evidence_class, r.evidence_entry, r.evidence_terms, r.evidence_groups, r.evidence_missing_column, r.evidence_assumed]);
check('parquet findings: evidence', evParquet, findings.map(f => evidence(f.evidence)));
check('parquet findings: rows with evidence', Number((await rows(`SELECT count(*) n FROM '${fp}' WHERE evidence_terms IS NOT NULL`))[0].n),
  findings.filter(f => f.evidence?.terms).length);
check('parquet findings: some evidence', findings.some(f => f.evidence?.terms), true);
// A query on the evidence as an integrator would write it: the findings per
// recognised product class and matched word.
const byTerm = (await rows(`SELECT class, term, count(*) AS n FROM (SELECT evidence_class AS class, unnest(evidence_terms) AS term
  FROM '${fp}' WHERE evidence_class IS NOT NULL) GROUP BY ALL ORDER BY class, term`)).map(r => [r.class, r.term, Number(r.n)]);
const byTermJSONL = {};
for (const f of findings) for (const t of (f.evidence?.class ? f.evidence.terms ?? [] : [])) {
  const k = JSON.stringify([f.evidence.class, t]); byTermJSONL[k] = (byTermJSONL[k] || 0) + 1;
}
check('parquet findings: findings by class and term', byTerm,
  Object.entries(byTermJSONL).map(([k, n]) => [...JSON.parse(k), n]).sort((a, b) => a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
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
check('arrow findings: schema version', ft.schema.metadata.get('aecheck.schema'), 'findings/v3');
check('arrow findings: lang', [...ft.getChild('lang').toArray()], findings.map(f => f.lang));
const arrowEvidence = [...Array(ft.numRows).keys()].map(i => {
  const r = ft.get(i), list = v => v == null ? null : [...v];
  return [r.evidence_class, r.evidence_entry, list(r.evidence_terms), list(r.evidence_groups), r.evidence_missing_column, list(r.evidence_assumed)];
});
check('arrow findings: evidence', arrowEvidence, findings.map(f => evidence(f.evidence)));
check('arrow findings: row is int64', String(ft.schema.fields.find(f => f.name === 'row').type), 'Int64');
const mt = tableFromIPC(readFileSync(join(dir, 'm.arrow')));
check('arrow metrics: count', mt.numRows, metrics.length);

if (failed) { console.log(`${failed} failed`); process.exit(1); }
console.log('all outputs agree');
