// Checks the packaged extension: lists what the .vsix holds and fails when it is 3 MB or more, when a file the
// extension needs at run time is missing (the tree-sitter .wasm grammars above all), or when something that must
// not ship is inside (sources, tests, node_modules, source maps).
//   node scripts/check-vsix.mjs [shapelens.vsix]
// A .vsix is a zip file; its central directory (at the end of the file) lists every entry with its sizes.
import fs from 'node:fs';
import path from 'node:path';

const LIMIT = 3_000_000; // bytes: "under 3 MB"
const REQUIRED = [
  'extension/package.json',
  'extension/readme.md',
  'extension/LICENSE.txt',
  'extension/media/icon.png',
  'extension/dist/node/extension.js',
  'extension/dist/web/extension.js',
  'extension/dist/cli/shapelens.js',
  'extension/dist/tree-sitter/web-tree-sitter.wasm',
  'extension/dist/tree-sitter/tree-sitter-python.wasm',
  'extension/dist/tree-sitter/tree-sitter-typescript.wasm',
  'extension/dist/tree-sitter/tree-sitter-tsx.wasm',
  'extension/syntaxes/shapelens-comments.tmLanguage.json',
];
const FORBIDDEN = [
  [/\/node_modules\//, 'node_modules (the bundles are self-contained)'],
  [/^extension\/(src|test|scripts|bench|examples|docs)\//, 'sources, tests or scripts'],
  [/\.map$/, 'source maps'],
  [/(?<!\.d)\.ts$/, 'TypeScript sources'],
  [/\.vsix$/, 'a nested .vsix'],
];

function fail(message) {
  console.error(`check-vsix: FAILED: ${message}`);
  process.exit(1);
}

/** Entries of a zip file from its central directory: { name, size (uncompressed), packed (compressed) }. */
function zipEntries(buf) {
  const EOCD = 0x06054b50, CENTRAL = 0x02014b50;
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) { end = i; break; }
  }
  if (end < 0) fail('not a zip file (no end-of-central-directory record)');
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(at) !== CENTRAL) fail(`corrupt central directory at entry ${n}`);
    const packed = buf.readUInt32LE(at + 20), size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28), extra = buf.readUInt16LE(at + 30), comment = buf.readUInt16LE(at + 32);
    entries.push({ name: buf.toString('utf8', at + 46, at + 46 + nameLength), size, packed });
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

const file = path.resolve(process.argv[2] ?? 'shapelens.vsix');
if (!fs.existsSync(file)) fail(`${file} does not exist: run \`npm run package\` first`);
const buf = fs.readFileSync(file);
const entries = zipEntries(buf);
const kb = (n) => `${(n / 1024).toFixed(1).padStart(8)} KB`;

console.log(`${path.basename(file)}: ${entries.length} files, ${kb(buf.length).trim()} (${buf.length} bytes) on disk`);
for (const e of [...entries].sort((a, b) => a.name.localeCompare(b.name))) console.log(`  ${kb(e.size)} ${kb(e.packed)} packed  ${e.name}`);

const names = new Set(entries.map((e) => e.name));
const missing = REQUIRED.filter((r) => !names.has(r));
if (missing.length) fail(`missing from the .vsix: ${missing.join(', ')}`);
const unwanted = entries.flatMap((e) => FORBIDDEN.filter(([re]) => re.test(e.name)).map(([, why]) => `${e.name} (${why})`));
if (unwanted.length) fail(`must not ship: ${unwanted.join(', ')}`);
if (buf.length >= LIMIT) fail(`${buf.length} bytes: the .vsix must stay under ${LIMIT} bytes (3 MB)`);
console.log(`check-vsix: OK (${buf.length} bytes < ${LIMIT}; ${REQUIRED.length} required files present, nothing unwanted)`);
