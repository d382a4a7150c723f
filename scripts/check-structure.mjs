#!/usr/bin/env node
// The project's structure, checked (part of `npm run lint`):
// - rooms: src/engine imports nothing outside itself (no vscode, no tree-sitter); src/analysis imports only the
//   engine; src/present imports no vscode; front ends may import the rooms below them, never each other's files
//   except through src/present;
// - no import circles in src/ (value imports; `import type` erases at build time and is not a dependency);
// - no file in src/ over MAX_LINES, except the generated tables listed below.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const SRC = path.join(ROOT, 'src');
const MAX_LINES = 500;
/** Tables of data (names, cases), not logic: long by nature. */
const LONG_ALLOWED = new Set(['engine/torchNames.ts']);

/** What each room may import (by top folder of src/); '*' any package. */
const ROOMS = {
  engine: { rooms: ['engine'], packages: [] },
  analysis: { rooms: ['engine', 'analysis'], packages: ['web-tree-sitter'] },
  present: { rooms: ['engine', 'analysis', 'present'], packages: [] },
  server: { rooms: ['engine', 'analysis', 'present', 'server'], packages: ['*'] },
  cli: { rooms: ['engine', 'analysis', 'present', 'cli'], packages: ['*'] },
  webview: { rooms: ['engine', 'present', 'webview'], packages: [] },
  extension: { rooms: ['engine', 'analysis', 'present', 'server', 'extension'], packages: ['*'] },
};

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** The value imports of a file (import type / export type excluded), resolved to files or package names. */
function importsOf(file, text) {
  const found = [];
  const re = /^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
  for (let m; (m = re.exec(text)); ) {
    if (m[1]) continue;
    const clause = m[0];
    // `import { type A, type B } from` imports only types
    const names = /\{([^}]*)\}/.exec(clause)?.[1];
    if (names && !/\*|^\s*import\s+\w/.test(clause) && names.split(',').every((n) => !n.trim() || n.trim().startsWith('type '))) continue;
    found.push(resolve(file, m[2]));
  }
  // dynamic import('…') is a dependency too
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(resolve(file, m[1]));
  return found;
}

function resolve(from, spec) {
  if (!spec.startsWith('.')) return { pkg: spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0] };
  const base = path.resolve(path.dirname(from), spec);
  for (const cand of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(cand) && fs.statSync(cand).isFile()) return { file: cand };
  }
  return { missing: spec };
}

const rel = (f) => path.relative(SRC, f).split(path.sep).join('/');
const roomOf = (f) => rel(f).split('/')[0];

const problems = [];
const files = walk(SRC);
const graph = new Map();
for (const f of files) {
  const text = fs.readFileSync(f, 'utf8');
  const lines = text.split('\n').length;
  if (lines > MAX_LINES && !LONG_ALLOWED.has(rel(f))) problems.push(`${rel(f)}: ${lines} lines (over ${MAX_LINES}; split it by idea)`);
  const room = ROOMS[roomOf(f)];
  const deps = [];
  for (const imp of importsOf(f, text)) {
    if (imp.missing) problems.push(`${rel(f)}: imports ${imp.missing}, which does not exist`);
    else if (imp.pkg) {
      if (imp.pkg.startsWith('node:') || ['fs', 'path', 'os', 'worker_threads', 'child_process', 'url', 'util'].includes(imp.pkg)) {
        if (room && !room.packages.includes('*')) problems.push(`${rel(f)}: the ${roomOf(f)} room imports Node's ${imp.pkg}`);
      } else if (room && !room.packages.includes('*') && !room.packages.includes(imp.pkg)) {
        problems.push(`${rel(f)}: the ${roomOf(f)} room imports the package ${imp.pkg}`);
      }
    } else {
      deps.push(imp.file);
      if (room && !room.rooms.includes(roomOf(imp.file))) problems.push(`${rel(f)}: the ${roomOf(f)} room imports ${rel(imp.file)} (${roomOf(imp.file)})`);
    }
  }
  graph.set(f, deps);
}

// Import circles: Tarjan's strongly connected components; every component of more than one file is a circle.
let index = 0;
const stack = [];
const info = new Map();
function connect(v) {
  info.set(v, { index, low: index, on: true });
  index++;
  stack.push(v);
  for (const w of graph.get(v) ?? []) {
    if (!info.has(w)) {
      connect(w);
      info.get(v).low = Math.min(info.get(v).low, info.get(w).low);
    } else if (info.get(w).on) info.get(v).low = Math.min(info.get(v).low, info.get(w).index);
  }
  if (info.get(v).low === info.get(v).index) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      info.get(w).on = false;
      component.push(w);
    } while (w !== v);
    if (component.length > 1) problems.push(`import circle: ${component.map(rel).sort().join(' ↔ ')}`);
  }
}
for (const f of files) if (!info.has(f)) connect(f);

if (problems.length) {
  console.error(`structure: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`structure: ${files.length} files in src/, rooms respected, no import circles, none over ${MAX_LINES} lines`);
