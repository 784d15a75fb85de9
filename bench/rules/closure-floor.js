'use strict';
// The plain JavaScript closure floor of the shared rule benchmark, measured on the same fixture:
// make-fixture.js's reference evaluator (ruleset.json compiled into closures, every rule tested
// against one fact object) plus a timer.
//   node bench/rules/closure-floor.js --fixture DIR [--rounds 5]
// Prints one line per pass over all facts and a final machine-readable line:
//   closure-floor evaluations/s min MIN median MEDIAN max MAX
// It checks its own firings against DIR/expected.txt first (exit 1 on a difference).
const fs = require('fs');
const path = require('path');
const arg = (k, d) => { const i = process.argv.indexOf('--' + k); return i > 0 ? process.argv[i + 1] : d; };
const fixture = arg('fixture', null);
const rounds = Number(arg('rounds', 5));
if (!fixture) { console.error('usage: closure-floor.js --fixture DIR [--rounds 5]'); process.exit(2); }
const rs = JSON.parse(fs.readFileSync(path.join(__dirname, 'shared', 'ruleset.json'), 'utf8'));
// The same compiler as make-fixture.js (copied: that file is a verbatim copy of the shared one).
const compile = (node) => {
  if (node.all) { const xs = node.all.map(compile); return (f) => xs.every((x) => x(f)); }
  if (node.any) { const xs = node.any.map(compile); return (f) => xs.some((x) => x(f)); }
  const p = node.fact.split('.');
  const get = p.length === 1 ? (f) => f[p[0]] : (f) => f[p[0]][p[1]];
  const v = node.value;
  switch (node.op) {
    case 'eq': return (f) => get(f) === v;
    case 'ne': return (f) => get(f) !== v;
    case 'gt': return (f) => get(f) > v;
    case 'gte': return (f) => get(f) >= v;
    case 'lt': return (f) => get(f) < v;
    case 'lte': return (f) => get(f) <= v;
    case 'in': { const s = new Set(v); return (f) => s.has(get(f)); }
    case 'nin': { const s = new Set(v); return (f) => !s.has(get(f)); }
    case 'contains': return (f) => get(f).includes(v);
    case 'contains_any': { const s = new Set(v); return (f) => get(f).some((x) => s.has(x)); }
  }
  throw new Error('unknown operator ' + node.op);
};
const rules = rs.rules.map((r) => ({ id: r.id, test: compile(r.when) }));
const facts = fs.readFileSync(path.join(fixture, 'facts.jsonl'), 'utf8').split('\n').filter((l) => l).map((l) => JSON.parse(l));
const expected = fs.readFileSync(path.join(fixture, 'expected.txt'), 'utf8').split('\n').slice(0, facts.length);
// One evaluation: the fired rule ids of one fact (what the engines of the README return).
const evaluate = (f) => { const ids = []; for (const r of rules) if (r.test(f)) ids.push(r.id); return ids; };
for (let i = 0; i < facts.length; i++) {
  if (evaluate(facts[i]).sort().join(',') !== expected[i]) { console.error(`fact ${i} differs from expected.txt`); process.exit(1); }
}
let sink = 0;
const rates = [];
for (let round = 0; round < rounds; round++) {
  const start = process.hrtime.bigint();
  for (const f of facts) sink += evaluate(f).length;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  rates.push(facts.length / seconds);
  console.log(`pass ${round + 1}: ${Math.round(facts.length / seconds)} evaluations/s`);
}
rates.sort((a, b) => a - b);
console.log(`closure-floor evaluations/s min ${Math.round(rates[0])} median ${Math.round(rates[rates.length >> 1])} max ${Math.round(rates[rates.length - 1])} (sink ${sink})`);
