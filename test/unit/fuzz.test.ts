// editors hold broken code most of the time. 10,000 seeded mutations of the model fixtures
// (line deletions, insertions of lines from other fixtures, truncations, duplicated lines, character edits) must
// never make analyzeText throw, no single analysis may take 1 s, and a syntax error inside one class must leave
// the file's other classes analysed.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyzeText, initParsers } from '../../src/analysis';
import type { SourceLanguage } from '../../src/analysis/model';
import { ROOT } from './support/process';

const MUTATIONS = 10_000;
const SEED = 20240611;

const FIXTURES = path.join(ROOT, 'test', 'fixtures');

interface Fixture { readonly name: string; readonly language: SourceLanguage; readonly text: string }

function loadFixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const [dir, ext, language] of [['models', '.py', 'python'], ['models/bugs', '.py', 'python'], ['models-ts', '.ts', 'typescript']] as const) {
    const full = path.join(FIXTURES, dir);
    for (const f of fs.readdirSync(full).filter((n) => n.endsWith(ext)).sort()) {
      out.push({ name: `${dir}/${f}`, language, text: fs.readFileSync(path.join(full, f), 'utf8') });
    }
  }
  return out;
}

/** mulberry32: a small seeded PRNG, so a failing mutation can be replayed from its index. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Characters that matter to parsers and to the analysis: brackets, operators, digits, quotes, indentation.
const EDIT_CHARS = '()[]{}:,.=+-*/%<>!"\'#\\ \n\t0123456789xself_nNaA';

type Mutation = 'delete-line' | 'insert-line' | 'truncate' | 'duplicate-line' | 'char-edit';
const KINDS: readonly Mutation[] = ['delete-line', 'insert-line', 'truncate', 'duplicate-line', 'char-edit'];

function mutate(text: string, kind: Mutation, donors: readonly Fixture[], rand: () => number): string {
  const pick = (n: number) => Math.floor(rand() * n);
  const lines = text.split('\n');
  switch (kind) {
    case 'delete-line': {
      const start = pick(lines.length);
      lines.splice(start, 1 + pick(3)); // one to three lines
      return lines.join('\n');
    }
    case 'insert-line': {
      const donorLines = donors[pick(donors.length)].text.split('\n');
      lines.splice(pick(lines.length + 1), 0, donorLines[pick(donorLines.length)]);
      return lines.join('\n');
    }
    case 'truncate':
      return text.slice(0, pick(text.length + 1));
    case 'duplicate-line': {
      const i = pick(lines.length);
      lines.splice(i + pick(5), 0, lines[i]); // the copy lands right after it or a few lines further
      return lines.join('\n');
    }
    case 'char-edit': {
      let t = text;
      for (let k = 1 + pick(3); k > 0; k--) {
        const at = pick(t.length + 1);
        const c = EDIT_CHARS[pick(EDIT_CHARS.length)];
        const op = pick(3);
        t = op === 0 ? t.slice(0, at) + c + t.slice(at) // insert
          : op === 1 ? t.slice(0, at) + t.slice(at + 1) // delete
            : t.slice(0, at) + c + t.slice(at + 1); // replace
      }
      return t;
    }
  }
}

let fixtures: Fixture[] = [];

before(async () => {
  const wasmDir = path.join(ROOT, 'dist', 'tree-sitter');
  await initParsers(async (file) => new Uint8Array(fs.readFileSync(path.join(wasmDir, file))));
  fixtures = loadFixtures();
});

test(`${MUTATIONS.toLocaleString('en')} seeded mutations: no exception (thrown or caught as 'internal')`, () => {
  const rand = prng(SEED);
  const failures: string[] = [];
  const perKind = new Map<Mutation, { count: number; ms: number }>(KINDS.map((k) => [k, { count: 0, ms: 0 }]));
  let slowest = { ms: 0, what: '', text: '', ext: '' };
  let withModels = 0;
  const started = performance.now();
  for (let i = 0; i < MUTATIONS; i++) {
    const base = fixtures[Math.floor(rand() * fixtures.length)];
    const donors = fixtures.filter((f) => f.language === base.language);
    // Mostly one mutation, sometimes two or three stacked.
    const steps = rand() < 0.7 ? 1 : 2 + Math.floor(rand() * 2);
    let text = base.text;
    const applied: Mutation[] = [];
    for (let s = 0; s < steps; s++) {
      const kind = KINDS[Math.floor(rand() * KINDS.length)];
      text = mutate(text, kind, donors, rand);
      applied.push(kind);
    }
    const what = `#${i} ${base.name} [${applied.join(' + ')}]`;
    const t0 = performance.now();
    try {
      const result = analyzeText(text, base.language, { strict: false });
      if (result.models.length > 0) withModels++;
      // The analysis turns an exception inside one model into an 'internal' diagnostic (a safety net for users);
      // here that is a crash all the same.
      const internal = [...result.diagnostics, ...result.models.flatMap((m) => m.diagnostics)].find((d) => d.code === 'internal');
      if (internal) failures.push(`${what}: caught internally at line ${internal.range.start.line + 1}: ${internal.message}`);
    } catch (e) {
      failures.push(`${what}: ${(e as Error)?.stack?.split('\n').slice(0, 4).join(' | ') ?? String(e)}`);
    }
    const ms = performance.now() - t0;
    const k = perKind.get(applied[0])!;
    k.count++;
    k.ms += ms;
    if (ms > slowest.ms) slowest = { ms, what, text, ext: path.extname(base.name) };
  }
  const total = performance.now() - started;
  const kinds = [...perKind].map(([k, v]) => `${k} ${v.count} (mean ${(v.ms / Math.max(1, v.count)).toFixed(2)} ms)`).join(', ');
  // The numbers the lead asked for, in the test output.
  console.log(`fuzz: ${MUTATIONS} analyses in ${(total / 1000).toFixed(1)} s; slowest ${slowest.ms.toFixed(1)} ms (${slowest.what}); ` +
    `${withModels} results with models; ${kinds}`);
  assert.deepEqual(failures.slice(0, 20), [], `${failures.length} mutations crashed the analysis (replay with SEED ${SEED} and the index)`);
  // No time limit is asserted here (a loaded CI machine would make it flaky): the interpreter's step budgets bound
  // the work deterministically, and `npm run bench` measures the time. The slowest input is kept for a replay.
  fs.writeFileSync(path.join(os.tmpdir(), `shapelens-fuzz-slowest${slowest.ext}`), slowest.text);
});

// A syntax error placed inside one class, for every class of every multi-class fixture: the other classes of the
// file must still be found and analysed.
const BROKEN_LINES: Record<'python' | 'typescript', readonly string[]> = {
  python: ['x = = 1', 'self.broken = nn.Conv2d(3, 6, 5))', 'if x', 'return )'],
  typescript: ['x = = 1;', 'this.broken = new nn.Conv2d(3, 6, 5));', 'if (x) {{', 'return );'],
};

interface ClassSpan { readonly name: string; readonly first: number; readonly last: number }

/** Top-level classes and their line spans (a class ends where the next top-level statement starts). */
function classSpans(text: string, language: SourceLanguage): ClassSpan[] {
  const lines = text.split('\n');
  const head = language === 'python' ? /^class\s+(\w+)/ : /^(?:export\s+)?class\s+(\w+)/;
  const spans: ClassSpan[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = head.exec(lines[i]);
    if (!m) continue;
    let j = i + 1;
    if (language === 'python') {
      while (j < lines.length && !/^\S/.test(lines[j])) j++; // the body is indented
      spans.push({ name: m[1], first: i, last: j - 1 });
    } else {
      while (j < lines.length && !/^}/.test(lines[j])) j++; // the body ends at the closing brace in column 0
      spans.push({ name: m[1], first: i, last: j });
    }
  }
  return spans;
}

test('a syntax error inside one class leaves the other classes of the file analysed', () => {
  const problems: string[] = [];
  let cases = 0;
  for (const f of fixtures) {
    const spans = classSpans(f.text, f.language);
    if (spans.length < 2) continue;
    const intact = analyzeText(f.text, f.language, { strict: false }).models.map((m) => m.name);
    for (const broken of spans) {
      for (const bad of BROKEN_LINES[f.language === 'tsx' ? 'typescript' : f.language]) {
        const lines = f.text.split('\n');
        // Into the middle of the class body, with the body's indentation.
        const at = broken.first + 1 + Math.floor((broken.last - broken.first) / 2);
        const indent = /^\s*/.exec(lines[at])![0] || '    ';
        lines.splice(at, 0, indent + bad);
        cases++;
        let names: string[];
        try {
          const result = analyzeText(lines.join('\n'), f.language, { strict: false });
          names = result.models.map((m) => m.name);
          const internal = [...result.diagnostics, ...result.models.flatMap((m) => m.diagnostics)].find((d) => d.code === 'internal');
          if (internal) problems.push(`${f.name}: '${bad}' in ${broken.name}: ${internal.message}`);
        } catch (e) {
          problems.push(`${f.name}: '${bad}' in ${broken.name} threw ${(e as Error).message}`);
          continue;
        }
        const others = spans.filter((s) => s !== broken && intact.includes(s.name)).map((s) => s.name);
        const lost = others.filter((n) => !names.includes(n));
        if (lost.length) problems.push(`${f.name}: '${bad}' in ${broken.name} (line ${at + 1}) lost ${lost.join(', ')}`);
      }
    }
  }
  assert.ok(cases >= 20, `only ${cases} cases`);
  assert.deepEqual(problems, []);
});
