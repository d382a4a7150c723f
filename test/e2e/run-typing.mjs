// Typing as a user types, timed on the screen. The PACKAGED extension is installed into a VS Code server (Node host)
// and the workbench opened in headless chromium with no test payload, so VS Code runs as it runs for a user: not in
// extension-development mode, where it replaces its adaptive inlay-hint debounce (the average of the provider's last
// answer times, at least 25 ms) with a fixed 37.5 ms — the mode every figure of the latency spec
// (suite/latency.test.ts) is taken in, since VS Code runs extension tests only there. Nothing of ShapeLens is asked:
// the runner presses keys and watches the page. Per run, in a fresh server with one extension installed:
//   1. the first Python file opened (model.py) activates the extension: Enter in Quick Open → its text on screen,
//      → its first hint on screen;
//   2. the torchvision-style file with nine factories (real/tv_resnet.py), opened at its stem with Quick Open's
//      `file:line`: Enter → its text, → its first hint;
//   3. KEYS keystrokes on the stem's stride (2 ↔ 3, each typed over the selected digit, the next one TYPING_MS after
//      the hints changed): the key's own event time (keydown's timeStamp, when the browser received it) → the hints of
//      the other lines on screen changed (the editor view's DOM; VS Code holds back the edited line's own hint while
//      the cursor is on it), and → the typed digit on screen (VS Code's own echo).
// The same runs with ShapeLens and with a baseline (test/e2e/baseline: an inlay-hint provider that answers at once,
// its hints naming the document's version, so they change at every keystroke too), interleaved, ROUNDS of each: what
// the baseline measures is VS Code's own part on this machine (its debounce, the round trip between the browser, the
// server and the extension host, the rendering); the difference is ShapeLens's.
// Figures go to test-output/typing-latency.json (read by `npm run bench`). No assertion on time, as in the spec: a
// run fails only when a file never shows a hint or a keystroke's hints never change.
//
//   node test/e2e/run-typing.mjs     (after `npm run package`; `npm run test:vscode` runs it as its last stage)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, Fail, OUTPUT, ROOT, WORKSPACE, banner, chromiumPath, runCommand, runMain, seconds } from './harness.mjs';
import { installVsix, scratch, startServer } from './run-server.mjs';
import { round, summary } from './stats.mjs';
import { ensureTools } from './tools.mjs';

const KEYS = 100;
/** Pause between keystrokes, as the latency spec: a fast typist's 7 characters a second. */
const TYPING_MS = 150;
/** Keystrokes left out of the "typing on" figure: the window's first edits run VS Code's edit path for the first time. */
const WARM_UP_KEYS = 5;
const FILE = 'real/tv_resnet.py';
/** Rounds of (baseline, ShapeLens), interleaved so that a change of the machine's load falls on both. */
const ROUNDS = Number(process.env.SHAPELENS_TYPING_ROUNDS ?? 2);
const SHAPELENS = 'ShapeLens';
const INSTANT = 'instant hints';
/** The baseline: an extension whose hints answer at once (test/e2e/baseline/). */
const BASELINE = path.join(ROOT, 'test/e2e/baseline');
const STEM = 'kernel_size=7, stride=2, padding=3';

/** Where the stem's stride digit is: 1-based line and column, as Go to Line takes them. */
function stridePosition() {
  const lines = fs.readFileSync(path.join(WORKSPACE, FILE), 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes(STEM));
  if (line < 0) throw new Fail(`${FILE} has no line with ${STEM}`);
  // the edited line as the editor's view shows it, up to the digit (its text before the hint)
  const source = lines[line].slice(0, lines[line].indexOf(STEM) + STEM.indexOf('2')).replace(/ /g, '\u00a0');
  return { line: line + 1, column: lines[line].indexOf(STEM) + STEM.indexOf('2') + 1, source };
}

/**
 * Installed into the page: keydown moments (the event's own time stamp: the digits typed, and Quick Open's Enter)
 * and every change of the hints shown on lines other than `skip` (the edited line), with the moment the editor's view
 * wrote it. One observer per editor view.
 */
function installWatch(skip) {
  const w = (window.__typing = { keys: [], changes: [], echoes: [], observed: null });
  addEventListener('keydown', (e) => {
    if (e.key === '2' || e.key === '3') w.keys.push(e.timeStamp);
    else if (e.key === 'Enter') w.enter ??= e.timeStamp; // Quick Open's Enter (quickOpenOnce resets it)
  }, true);
  w.hints = () => {
    const lines = document.querySelector('.editor-instance .view-lines');
    if (!lines) return '';
    let text = '';
    for (const line of lines.children) {
      if (line.textContent.startsWith(skip)) continue;
      for (const span of line.querySelectorAll('span[class*="dyn-rule-"]')) text += `${span.textContent}\u0001`;
      text += '\n';
    }
    return text;
  };
  w.watch = () => {
    const lines = document.querySelector('.editor-instance .view-lines');
    if (!lines || w.observed === lines) return;
    w.observed = lines;
    let last = w.hints();
    const edited = () => [...lines.children].find((l) => l.textContent.startsWith(skip))?.textContent ?? '';
    let echo = edited();
    new MutationObserver(() => {
      const line = edited();
      if (line !== echo) { echo = line; w.echoes.push(performance.now()); }
      const now = w.hints();
      if (now !== last) { last = now; w.changes.push({ at: performance.now(), hints: (now.match(/\u0001/g) ?? []).length }); }
    }).observe(lines, { subtree: true, childList: true, characterData: true });
  };
}

/**
 * Quick Open, `query` (`name` or `name:line`), Enter: returns the Enter key's moment in the page. The file search
 * can be slow to answer on a busy machine: tried a second time, after Escape, before giving up.
 */
async function quickOpen(page, query, file) {
  try {
    return await quickOpenOnce(page, query, file);
  } catch {
    await page.keyboard.press('Escape');
    return quickOpenOnce(page, query, file);
  }
}

async function quickOpenOnce(page, query, file) {
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 20_000 });
  const [name, line] = query.split(':');
  await page.keyboard.type(name);
  await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${path.basename(file)}"]`, { timeout: 30_000 });
  if (line) {
    await page.keyboard.type(`:${line}`);
    await page.waitForTimeout(300);
  }
  await page.evaluate(() => { window.__typing.enter = undefined; });
  await page.keyboard.press('Enter');
  return page.evaluate(() => window.__typing.enter);
}

/**
 * Waits until the page's editor shows at least one hint. Returns its moment, and the first moment the editor showed
 * a line that starts with `line` (the file's text on screen, before any hint), both checked at every frame.
 */
async function firstHintAt(page, what, line) {
  const handle = await page.waitForFunction((start) => {
    const t = window.__typing;
    const lines = [...document.querySelectorAll('.editor-instance .view-lines .view-line')];
    if (lines.some((l) => l.textContent.replace(/\u00a0/g, ' ').trimStart().startsWith(start))) t.textAt ??= performance.now();
    const spans = document.querySelectorAll('.editor-instance .view-lines span[class*="dyn-rule-"]');
    return [...spans].some((s) => s.textContent.includes('→')) ? { hint: performance.now(), text: t.textAt ?? performance.now() } : 0;
  }, line, { timeout: 30_000, polling: 'raf' }).catch(() => { throw new Fail(`${what}: no hint on screen within 30 s`); });
  const at = await handle.jsonValue();
  await page.evaluate(() => { window.__typing.textAt = undefined; });
  return at;
}

export async function measureTyping(dirs, extension) {
  const t0 = Date.now();
  const label = `[typing, ${extension}]`;
  const at = stridePosition();
  const { authority, stop } = await startServer(dirs, {});
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(`http://${authority}/?folder=${encodeURIComponent(WORKSPACE)}`, { timeout: 120_000 });
    await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 120_000 });
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 }); // the workspace is read
    await page.evaluate(installWatch, at.source);
    // 1. the first Python file: the extension activates
    const firstEnter = await quickOpen(page, 'model.py', 'model.py');
    const firstHint = await firstHintAt(page, 'model.py', 'class SmallNet');
    await page.waitForTimeout(1_000);
    // 2. the torchvision-style file at its stem
    const enter = await quickOpen(page, `${path.basename(FILE)}:${at.line}`, FILE);
    const hint = await firstHintAt(page, FILE, 'self.conv1 = nn.Conv2d(');
    await page.waitForTimeout(1_500); // the other models' background analysis ends
    await page.keyboard.press('Control+G');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 20_000 });
    await page.keyboard.type(`${at.line}:${at.column}`);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Shift+ArrowRight'); // the digit selected: the next keystroke replaces it
    await page.evaluate(() => window.__typing.watch());
    await page.waitForTimeout(500);
    // 3. typing
    const keyToHint = [];
    const keyToEcho = [];
    const hintsShown = [];
    let missed = 0;
    for (let i = 0; i < KEYS; i++) {
      const changesBefore = await page.evaluate(() => window.__typing.changes.length);
      await page.keyboard.press(i % 2 === 0 ? '3' : '2');
      const changed = await page.waitForFunction((n) => window.__typing.changes.length > n, changesBefore, { timeout: 10_000, polling: 'raf' })
        .then(() => true, () => false);
      if (!changed) { missed++; continue; }
      const { key, change, echo } = await page.evaluate((n) => {
        const t = window.__typing;
        const k = t.keys.at(-1);
        return { key: k, change: t.changes[n], echo: t.echoes.find((e) => e >= k) };
      }, changesBefore);
      keyToHint.push(change.at - key);
      if (echo !== undefined) keyToEcho.push(echo - key);
      hintsShown.push(change.hints);
      await page.keyboard.press('Shift+ArrowLeft');
      await page.waitForTimeout(TYPING_MS);
    }
    await page.waitForTimeout(1_000);
    fs.mkdirSync(OUTPUT, { recursive: true });
    const shot = path.join(OUTPUT, `typing-${slug(extension)}.png`);
    await page.screenshot({ path: shot });
    // an even number of keystrokes: the file's text ends as it began (never saved: files.autoSave is off)
    if (missed > 0) throw new Fail(`${missed} of ${KEYS} keystrokes on ${FILE}'s stem changed no hint on screen within 10 s (${path.relative(ROOT, shot)})`);
    const figures = {
      extension, at: new Date().toISOString(), loadAverage: os.loadavg().map(round),
      firstOpenToHintMs: round(firstHint.hint - firstEnter),
      firstOpenToTextMs: round(firstHint.text - firstEnter),
      openToHintMs: round(hint.hint - enter),
      openToTextMs: round(hint.text - enter),
      keyToHintMs: summary(keyToHint),
      keyToHintAfterFirstMs: { ...summary(keyToHint.slice(WARM_UP_KEYS)), left: WARM_UP_KEYS },
      keyToEchoMs: summary(keyToEcho),
      hintsOnScreen: summary(hintsShown),
      perKey: { hint: keyToHint.map(round), echo: keyToEcho.map(round) },
    };
    console.log(`${label} first Python file opened → its text on screen ${figures.firstOpenToTextMs} ms, its first hint ${figures.firstOpenToHintMs} ms ` +
      `(the extension activating); ${FILE} opened → its text ${figures.openToTextMs} ms, its first hint ${figures.openToHintMs} ms`);
    console.log(`${label} keystroke → changed hints on screen ${JSON.stringify(figures.keyToHintMs)} (without the first ${WARM_UP_KEYS}: ` +
      `${JSON.stringify({ ...figures.keyToHintAfterFirstMs, left: undefined })}); → the typed digit on screen ${JSON.stringify(figures.keyToEchoMs)}; ` +
      `load average ${figures.loadAverage.join(', ')}; took ${seconds(t0)}`);
    return figures;
  } catch (e) {
    const shot = path.join(OUTPUT, `typing-${slug(extension)}-failed.png`);
    fs.mkdirSync(OUTPUT, { recursive: true });
    await browser.contexts()[0]?.pages()[0]?.screenshot({ path: shot }).catch(() => {});
    throw e instanceof Fail ? e : new Fail(`typing as a user: ${e.message.split('\n')[0]} (screenshot: ${path.relative(ROOT, shot)})`);
  } finally {
    await browser.close().catch(() => {});
    stop();
  }
}

const slug = (name) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/** The baseline extension packaged into a scratch .vsix (vsce, from the project's devDependencies). */
async function baselineVsix(dir) {
  const out = path.join(dir, 'instant-hints.vsix');
  const code = await runCommand(path.join(ROOT, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '-o', out],
    { cwd: BASELINE, stdio: 'ignore', timeoutMs: 120_000 });
  if (code !== 0 || !fs.existsSync(out)) throw new Fail(`packaging the latency baseline (${path.relative(ROOT, BASELINE)}) failed (${code})`);
  return out;
}

/**
 * ROUNDS rounds, each the baseline then ShapeLens, each in a fresh VS Code server with only that extension
 * installed; the figures, per run and pooled per extension, go to test-output/typing-latency.json.
 */
export async function typingFigures(vsix) {
  const scratchDir = scratch('typing-baseline').work;
  const baseline = await baselineVsix(scratchDir);
  const runs = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const [extension, file, id] of [[INSTANT, baseline, 'shapelens-tests.instant-hints'], [SHAPELENS, vsix, 'shapelens.shapelens']]) {
      const dirs = scratch(`typing-${slug(extension)}`);
      await installVsix(file, dirs, id);
      runs.push(await measureTyping(dirs, extension));
    }
  }
  const pooled = (extension) => {
    const mine = runs.filter((r) => r.extension === extension);
    return { keyToHintMs: summary(mine.flatMap((r) => r.perKey.hint)), keyToHintAfterFirstMs: summary(mine.flatMap((r) => r.perKey.hint.slice(WARM_UP_KEYS))),
      keyToEchoMs: summary(mine.flatMap((r) => r.perKey.echo)), openToHintMs: mine.map((r) => r.openToHintMs), openToTextMs: mine.map((r) => r.openToTextMs),
      firstOpenToHintMs: mine.map((r) => r.firstOpenToHintMs), firstOpenToTextMs: mine.map((r) => r.firstOpenToTextMs) };
  };
  const figures = { host: 'node', mode: 'installed .vsix (not extension-development mode: VS Code\'s adaptive inlay-hint debounce)', file: FILE,
    keys: KEYS, typingMs: TYPING_MS, rounds: ROUNDS, at: new Date().toISOString(), [SHAPELENS]: pooled(SHAPELENS), [INSTANT]: pooled(INSTANT), runs };
  const out = path.join(OUTPUT, 'typing-latency.json');
  fs.writeFileSync(out, `${JSON.stringify(figures, null, 1)}\n`);
  for (const extension of [INSTANT, SHAPELENS]) {
    console.log(`[typing] ${extension}, ${ROUNDS} runs pooled: keystroke → changed hints on screen ${JSON.stringify(figures[extension].keyToHintMs)}, ` +
      `→ the typed digit ${JSON.stringify(figures[extension].keyToEchoMs)}; ${FILE} opened → its text ${figures[extension].openToTextMs.join(' / ')} ms, ` +
      `its first hint ${figures[extension].openToHintMs.join(' / ')} ms`);
  }
  console.log(`[typing] figures: ${path.relative(ROOT, out)}`);
  return figures;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runMain(async () => {
    await ensureTools({ web: false });
    banner('Typing as a user types: the installed .vsix in a VS Code server (Node host), timed on the screen');
    const vsix = path.join(ROOT, 'shapelens.vsix');
    if (!fs.existsSync(vsix)) throw new Fail('shapelens.vsix is missing: run `npm run package` first.');
    await typingFigures(vsix);
    return 0;
  });
}
