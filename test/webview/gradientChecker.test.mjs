// UI tests of the Gradient Checker page in headless Chromium, served standalone under the extension's own CSP
// with a stub of the VS Code webview API (see ./harness.mjs). Run: npm run test:webview (builds first).
// Screenshots go to test-output/webview-*.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, screenshot, startServer } from './harness.mjs';

let server;
let url;
let browser;

before(async () => {
  ({ server, url } = await startServer());
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
});

const ascii = (s) => s.replace(/−/g, '-').trim();

/** A matrix on screen as rows of cell texts (ASCII minus). */
async function matrix(page, testId) {
  return page.locator(`figure[data-testid="${testId}"] table`).first().evaluate((table) =>
    Array.from(table.querySelectorAll('tr')).map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent.replace(/−/g, '-').trim())));
}

async function loss(page) {
  return ascii(await page.locator('[data-testid="loss"]').textContent());
}

/** Waits until the shown loss is `expected` (runs are asynchronous: a worker does them). */
async function expectLoss(page, expected) {
  await page.waitForFunction((want) => document.querySelector('[data-testid="loss"]')?.textContent.replace(/−/g, '-') === want && !document.querySelector('.gc-status-busy'), expected, { timeout: 10000 });
}

const field = (page, key) => page.locator(`textarea[data-field="${key}"]`);
const fieldError = (page, key) => page.locator(`.gc-field[data-key="${key}"] .gc-error`);

/** Types into a tensor field and runs with Ctrl+Enter (the keyboard path). */
async function typeAndRun(page, key, text) {
  await field(page, key).fill(text);
  await field(page, key).press('Control+Enter');
}

async function posted(page) {
  return page.evaluate(() => window.__vscode.posted);
}

async function sendHost(page, message) {
  await page.evaluate((m) => window.postMessage(m, '*'), message);
}

async function freshPage(options) {
  const opened = await openPage(browser, url, options);
  await opened.page.waitForSelector('[data-testid="loss"]', { timeout: 15000 });
  return opened;
}

describe('Gradient Checker page', () => {
  test('preset y = Ax (seed 000): L = 2.5, dL/dA = [[-2,-4],[4,8]], A\' = [[5,6],[-2,-7]]', async () => {
    const { page, problems, context } = await freshPage();
    await page.selectOption('#gc-preset', 'seed000-linear-sgd');
    await expectLoss(page, '2.5');
    assert.deepEqual(await matrix(page, 'forward-y'), [['14'], ['8']]);
    assert.deepEqual(await matrix(page, 'grad-A'), [['-2', '-4'], ['4', '8']]);
    assert.deepEqual(await matrix(page, 'numeric-A'), [['-2', '-4'], ['4', '8']]);
    assert.deepEqual(await matrix(page, 'sgd-A'), [['5', '6'], ['-2', '-7']]);
    assert.match(await page.locator('[data-testid="verdict"]').textContent(), /Passed/);
    // Every relative-error cell is in the 'good' band.
    const bands = await page.locator('figure[data-testid="error-A"] td').evaluateAll((tds) => tds.map((td) => td.className));
    assert.equal(bands.length, 4);
    assert.ok(bands.every((c) => c.includes('gc-band-good')), bands.join());
    // The check ran in the worker (started from a blob: URL under the CSP), not on the UI thread.
    assert.match(await page.locator('.gc-stat', { has: page.locator('[data-testid="time"]') }).getAttribute('title'), /worker/);
    assert.deepEqual(problems, [], 'no console errors or CSP violations');
    await screenshot(page, 'yax');
    await context.close();
  });

  test('a matrix typed as numpy lists, LaTeX bmatrix and plain rows gives the same check', async () => {
    const { page, context } = await freshPage();
    await page.selectOption('#gc-preset', 'seed000-linear-sgd');
    await expectLoss(page, '2.5');
    // A = I: y = x = [2, 4], L = ½((2−15)² + (4−6)²) = 86.5, dL/dA = (y − t)xᵀ = [[-26, -52], [-4, -8]].
    const identity = {
      numpy: ['[[1, 0], [0, 1]]', 'list · (2, 2)'],
      latex: [String.raw`\begin{bmatrix} 1 & 0 \\ 0 & 1 \end{bmatrix}`, 'LaTeX · (2, 2)'],
      rows: ['1 0\n0 1', 'rows · (2, 2)'],
    };
    for (const [format, [text, chip]] of Object.entries(identity)) {
      await typeAndRun(page, 'in:A', '[[3, 2], [2, 1]]');
      await expectLoss(page, '2.5');
      await typeAndRun(page, 'in:A', text);
      await expectLoss(page, '86.5');
      assert.deepEqual(await matrix(page, 'grad-A'), [['-26', '-52'], ['-4', '-8']], format);
      assert.equal(await page.locator('.gc-field[data-key="in:A"] .gc-chip').textContent(), chip, format);
    }
    // A LaTeX column vector typed for the 1-d x takes x's shape; numpy's own print format reads too.
    await typeAndRun(page, 'in:x', String.raw`\begin{bmatrix} 2 \\ 4 \end{bmatrix}`);
    await expectLoss(page, '86.5');
    assert.equal(await page.locator('.gc-field[data-key="in:x"] .gc-chip').textContent(), 'LaTeX · (2,)');
    await typeAndRun(page, 'in:A', 'np.array([[3. 2.]\n [2. 1.]])');
    await expectLoss(page, '2.5');
    await context.close();
  });

  test('bad input: the message sits at the field, the last good result stays, nothing crashes', async () => {
    const { page, problems, context } = await freshPage();
    await page.selectOption('#gc-preset', 'seed000-linear-sgd');
    await expectLoss(page, '2.5');
    const cases = [
      ['[[1, 2], [3]]', 'Ragged rows: row 2 has 1 entries, but row 1 has 2 entries.'],
      ['[[1, NaN], [0, 1]]', 'NaN at row 1, column 2 is not a finite number; a gradient check needs finite values.'],
      ['1 2\nInfinity 4', 'Infinity in row 2, column 1 is not a finite number; a gradient check needs finite values.'],
      [String.raw`\begin{bmatrix} 1 & 2 \\ 3 & 4`, String.raw`\begin{bmatrix} has no matching \end{bmatrix}.`],
      [Array.from({ length: 101 }, () => Array(100).fill('1').join(' ')).join('\n'), 'Too large: 10,100 elements; the cap is 10,000.'],
    ];
    for (const [text, message] of cases) {
      await typeAndRun(page, 'in:A', text);
      await page.waitForFunction(() => document.querySelector('.gc-status')?.className.includes('gc-status-error'));
      assert.equal(await fieldError(page, 'in:A').textContent(), message);
      assert.equal(await field(page, 'in:A').getAttribute('aria-invalid'), 'true');
      assert.equal(await loss(page), '2.5', 'the last good loss stays');
      assert.deepEqual(await matrix(page, 'grad-A'), [['-2', '-4'], ['4', '8']]);
      assert.equal(await page.locator('#gc-stale').isVisible(), true);
    }
    await typeAndRun(page, 'in:A', '[[1, NaN], [0, 1]]');
    await page.waitForFunction(() => document.querySelector('.gc-status')?.className.includes('gc-status-error'));
    await screenshot(page, 'bad-input');
    // A shape the program cannot take: the engine's message is shown, the result stays.
    await typeAndRun(page, 'in:A', '1 2 3\n4 5 6\n7 8 9');
    await page.waitForFunction(() => document.querySelector('.gc-status')?.textContent.includes('did not run'));
    assert.match(await page.locator('#gc-program-error').textContent(), /step 1 \(y = torch\.matmul\).*3 ≠ 2/);
    assert.equal(await page.locator('.gc-program li').first().evaluate((li) => li.classList.contains('gc-step-bad')), true);
    assert.equal(await loss(page), '2.5');
    // Fixing the field runs again and clears the message.
    await typeAndRun(page, 'in:A', '3 2\n2 1');
    await expectLoss(page, '2.5');
    assert.equal(await fieldError(page, 'in:A').textContent(), '');
    assert.equal(await page.locator('#gc-stale').isVisible(), false);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('show working: an output element as its sum, a gradient element as its chain-rule sum', async () => {
    const { page, context } = await freshPage();
    await page.selectOption('#gc-preset', 'seed000-linear-sgd');
    await expectLoss(page, '2.5');
    await page.locator('figure[data-testid="forward-y"] td[data-flat="0"] button').click();
    const forward = ascii(await page.locator('[data-testid="working"]').textContent());
    assert.match(forward, /3·2 \+ 2·4 = 14/);
    await page.locator('figure[data-testid="grad-A"] td[data-flat="1"] button').click();
    const grad = ascii(await page.locator('[data-testid="working"]').textContent());
    assert.match(grad, /-4/);
    assert.match(grad, /4/);
    // Keyboard: the focused cell stays focused after the re-render, Enter on another cell switches.
    assert.equal(await page.evaluate(() => document.activeElement?.closest('td')?.dataset.flat), '1');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    assert.match(await page.locator('.gc-working-what').textContent(), /∂L\/∂A\[0, 0\]/);
    await screenshot(page, 'working');
    await context.close();
  });

  test('a hand-derived gradient is compared element by element; the JSON tab shows the check file', async () => {
    const { page, context } = await freshPage();
    await page.selectOption('#gc-preset', 'seed000-linear-sgd');
    await expectLoss(page, '2.5');
    await page.locator('.gc-hand summary').first().click();
    await field(page, 'hand:A').fill('-2 -4\n4 9');
    await field(page, 'hand:A').press('Control+Enter');
    await page.waitForSelector('figure[data-testid="hand-A"]');
    assert.equal(await page.locator('figure[data-testid="hand-A"] .gc-mat-note').textContent(), '1 of 4 differ');
    assert.deepEqual(await page.locator('figure[data-testid="hand-A"] td.gc-marked').evaluateAll((tds) => tds.map((td) => td.dataset.flat)), ['3']);
    assert.equal(ascii(await page.locator('[data-testid="hand-verdict-A"]').textContent()), '✗ yours differs at [1, 1]: 9, not 8');
    await screenshot(page, 'hand-gradient');
    await page.click('#gc-tab-json');
    const json = JSON.parse(await field(page, 'json').inputValue());
    assert.deepEqual(json.program[0], { out: 'y', fn: 'torch.matmul', args: ['A', 'x'] });
    // A malformed program is refused with the engine's message, in place.
    json.program[0].fn = 'torch.nope';
    await field(page, 'json').fill(JSON.stringify(json));
    await field(page, 'json').press('Control+Enter');
    assert.match(await page.locator('#gc-panel-json .gc-error').textContent(), /torch\.nope/);
    assert.equal(await loss(page), '2.5');
    await context.close();
  });

  test('copy as PyTorch, LaTeX and Markdown go to the host clipboard', async () => {
    const { page, context } = await freshPage();
    await page.selectOption('#gc-preset', 'seed000-linear-sgd');
    await expectLoss(page, '2.5');
    await page.click('#gc-copy-pytorch');
    await page.click('#gc-copy-latex');
    await page.click('#gc-copy-markdown');
    await page.locator('figure[data-testid="sgd-A"] button', { hasText: 'TeX' }).click();
    const copies = (await posted(page)).filter((m) => m.type === 'copy');
    assert.equal(copies.length, 4);
    assert.match(copies[0].text, /^A = torch\.tensor\(\[\[3\., 2\.\], \[2\., 1\.\]\], requires_grad=True\)$/m);
    assert.match(copies[0].text, /^ {4}y = torch\.matmul\(A, x\)$/m);
    assert.match(copies[0].text, /torch\.autograd\.gradcheck/);
    assert.ok(copies[1].text.includes(String.raw`\frac{\partial L}{\partial A} &= \begin{bmatrix} -2 & -4 \\ 4 & 8 \end{bmatrix}`), copies[1].text);
    assert.ok(copies[1].text.includes('L &= 2.5'));
    assert.ok(copies[2].text.includes('| **1** | -2 | -4 |'), copies[2].text);
    assert.equal(copies[3].text, String.raw`\begin{bmatrix} 5 & 6 \\ -2 & -7 \end{bmatrix}`);
    await sendHost(page, { type: 'copied', label: 'the check as a PyTorch script' });
    await page.waitForSelector('.gc-toast-show');
    assert.match(await page.locator('.gc-toast').textContent(), /Copied the check as a PyTorch script/);
    await context.close();
  });

  test('Save and Open go through the host; a bad file leaves the check as it was', async () => {
    const { page, context } = await freshPage();
    await page.selectOption('#gc-preset', 'seed000-linear-sgd');
    await expectLoss(page, '2.5');
    await page.click('#gc-save');
    const save = (await posted(page)).find((m) => m.type === 'save');
    assert.equal(save.suggestedName, 'seed000-linear-sgd.check.json');
    const saved = JSON.parse(save.json);
    assert.deepEqual(saved.inputs.A.values, [[3, 2], [2, 1]]);
    assert.deepEqual(saved.sgd, { lr: 1 });

    await page.click('#gc-open');
    assert.ok((await posted(page)).some((m) => m.type === 'open'));
    await sendHost(page, { type: 'opened', fileName: 'broken.json', json: '{ "inputs": ' });
    await page.waitForSelector('.gc-toast-error');
    assert.match(await page.locator('.gc-toast').textContent(), /broken\.json: Not valid JSON/);
    assert.equal(await loss(page), '2.5');

    // A saved file comes back with a different learning rate.
    saved.sgd.lr = 0.5;
    await sendHost(page, { type: 'opened', fileName: 'mine.check.json', json: JSON.stringify(saved) });
    await page.waitForFunction(() => document.querySelector('.gc-source-kind')?.textContent === 'File · mine.check.json');
    await page.waitForSelector('figure[data-testid="sgd-A"]');
    await page.waitForFunction(() => document.querySelector('#gc-sec-sgd h2')?.textContent.includes('0.5'));
    assert.deepEqual(await matrix(page, 'sgd-A'), [['4', '4'], ['0', '-3']]);
    await context.close();
  });

  test('pre-filled from a Conv2d in code: capped channels and sizes, random integers, the check passes', async () => {
    const { page, context } = await freshPage({ width: 1500, height: 1200 });
    await sendHost(page, { type: 'prefill', prefill: { layerType: 'Conv2d', args: { in_channels: 64, out_channels: 128, kernel_size: 3, stride: 1, padding: 1 }, inputShape: [1, 64, 56, 56] } });
    await page.waitForFunction(() => document.querySelector('.gc-source-kind')?.textContent === 'From your code');
    await page.waitForSelector('[data-testid="verdict"]');
    await page.waitForFunction(() => !document.querySelector('.gc-status-busy') && document.querySelector('[data-testid="verdict"]'));
    assert.equal(await page.locator('.gc-check-title').textContent(), 'Conv2d(3, 3, 3, padding=1)');
    assert.match(await page.locator('.gc-note').first().textContent(), /Kept small: in_channels 64 → 3, out_channels 128 → 3, input 56×56 → 6×6/);
    assert.equal(await page.locator('.gc-field[data-key="in:W1"] .gc-chip').textContent(), 'list · (3, 3, 3, 3)');
    assert.equal(await page.locator('.gc-field[data-key="in:x"] .gc-chip').textContent(), 'rows · (1, 3, 6, 6)');
    assert.match(await page.locator('[data-testid="verdict"]').textContent(), /Passed/);
    assert.ok((await posted(page)).some((m) => m.type === 'prefillApplied'));
    // The program is the layer as F.conv2d with the hyperparameters, and an upstream gradient.
    assert.match(await page.locator('.gc-program').textContent(), /h1 = F\.conv2d\(x, W1, b1, padding=1\)/);
    await context.close();
  });

  test('pre-filled as the editor’s CodeLens does for Conv2d(1, 2, 3, stride=1, padding=1)', async () => {
    const { page, context } = await freshPage({ width: 1440, height: 1000 });
    await sendHost(page, { type: 'prefill', prefill: { layerType: 'Conv2d', args: { in_channels: 1, out_channels: 2, kernel_size: 3, stride: 1, padding: 1 } } });
    await page.waitForFunction(() => document.querySelector('.gc-source-kind')?.textContent === 'From your code');
    await page.waitForFunction(() => !document.querySelector('.gc-status-busy') && document.querySelector('[data-testid="verdict"]'));
    assert.equal(await page.locator('.gc-check-title').textContent(), 'Conv2d(1, 2, 3, padding=1)');
    assert.equal(await page.locator('.gc-note').count(), 0, 'nothing needed capping');
    assert.equal(await page.locator('.gc-field[data-key="in:x"] .gc-chip').textContent(), 'rows · (1, 1, 4, 4)');
    assert.equal(await page.locator('.gc-field[data-key="in:W1"] .gc-chip').textContent(), 'rows · (2, 1, 3, 3)');
    assert.match(await page.locator('[data-testid="verdict"]').textContent(), /Passed/);
    await page.locator('figure[data-testid="forward-h1"] td[data-flat="5"] button').click();
    assert.match(ascii(await page.locator('[data-testid="working"]').textContent()), /=/);
    await screenshot(page, 'conv-prefill');
    await context.close();
  });

  test('builder: a mistake is shown at its layer; Build & run makes and checks the chain', async () => {
    const { page, context } = await freshPage({ width: 1400, height: 1100 });
    await page.click('#gc-tab-builder');
    const linearIn = page.locator('input[data-layer="4"][data-param="in_features"]');
    await linearIn.fill('9');
    assert.match(await page.locator('.gc-layer').nth(4).locator('.gc-error').textContent(), /in_features is 9, but the input \(1, 8\) has 8 features/);
    assert.equal(await linearIn.evaluate((el) => el.classList.contains('gc-invalid')), true);
    await linearIn.fill('8');
    assert.equal(await page.locator('.gc-layer').nth(4).locator('.gc-error').textContent(), '');
    assert.equal(ascii(await page.locator('.gc-layer').nth(0).locator('.gc-b-shape').textContent()), '→ (1, 2, 5, 5)');
    await screenshot(page, 'builder');
    await page.click('#gc-build');
    await page.waitForSelector('#gc-tab-check[aria-selected="true"]');
    await page.waitForFunction(() => !document.querySelector('.gc-status-busy') && document.querySelector('[data-testid="verdict"]') && document.querySelector('.gc-source-kind')?.textContent === 'Builder');
    assert.match(await page.locator('.gc-program').textContent(), /h1 = F\.conv2d\(x, W1, b1, padding=1\).*a2 = torch\.relu\(h1\).*h3 = F\.max_pool2d\(a2, kernel_size=2\).*L = F\.cross_entropy\(h5, target\)/s);
    assert.ok(await page.locator('figure[data-testid="grad-W1"]').isVisible());
    await context.close();
  });

  test('builder: the new ops are offered in groups; a reduction added to the chain is built, run and passes', async () => {
    const { page, context } = await freshPage({ width: 1400, height: 1100 });
    await page.click('#gc-tab-builder');
    const add = page.locator('select[aria-label="Layer to add"]');
    assert.deepEqual(await add.locator('optgroup').evaluateAll((gs) => gs.map((g) => g.label)),
      ['Layers', 'Activations', 'Normalisation', 'Element-wise', 'Reductions']);
    const reductions = await add.locator('optgroup[label="Reductions"] option').evaluateAll((os) => os.map((o) => o.value));
    for (const op of ['torch.sum', 'torch.mean', 'torch.var', 'torch.std', 'torch.amax']) assert.ok(reductions.includes(op), op);
    const elementwise = await add.locator('optgroup[label="Element-wise"] option').evaluateAll((os) => os.map((o) => o.textContent));
    for (const op of ['exp', 'log', 'sqrt', 'pow', 'sin', 'cos', 'tanh']) assert.ok(elementwise.includes(op), op);
    await add.selectOption('GELU');
    await page.click('text=Add layer');
    await add.selectOption('torch.var');
    await page.click('text=Add layer');
    await page.locator('input[data-layer="6"][data-param="dim"]').fill('1');
    await page.selectOption('[data-param="loss"]', 'mean');
    assert.equal(ascii(await page.locator('.gc-layer').nth(6).locator('.gc-b-shape').textContent()), '→ (1,)');
    await page.locator('input[data-layer="6"][data-param="dim"]').fill('3');
    assert.match(await page.locator('.gc-layer').nth(6).locator('.gc-error').textContent(), /range/i);
    await page.locator('input[data-layer="6"][data-param="dim"]').fill('1');
    await screenshot(page, 'builder-new-ops');
    await page.click('#gc-build');
    await page.waitForFunction(() => !document.querySelector('.gc-status-busy') && document.querySelector('[data-testid="verdict"]') && document.querySelector('.gc-source-kind')?.textContent === 'Builder');
    assert.match(await page.locator('.gc-program').textContent(), /a6 = F\.gelu\(h5\).*h7 = torch\.var\(a6, dim=1\).*L = torch\.mean\(h7\)/s);
    assert.match(await page.locator('[data-testid="verdict"]').textContent(), /Passed/);
    await context.close();
  });

  test('state survives the panel being hidden (setState/getState) and the keyboard reaches everything', async () => {
    const { page, context } = await freshPage();
    await page.selectOption('#gc-preset', 'seed000-linear-sgd');
    await expectLoss(page, '2.5');
    await typeAndRun(page, 'in:t', '13 8'); // y − t = [1, 0] → L = 0.5
    await expectLoss(page, '0.5');
    await page.waitForFunction(() => window.__vscode.state?.fields?.['in:t'] === '13 8' && window.__vscode.state?.stale === false);
    // VS Code drops a hidden webview (retainContextWhenHidden: false) and reloads it with the saved state.
    await page.reload();
    await page.waitForSelector('[data-testid="loss"]');
    assert.equal(await loss(page), '0.5');
    assert.equal(await field(page, 'in:t').inputValue(), '13 8');
    assert.deepEqual(await matrix(page, 'grad-A'), [['2', '4'], ['0', '0']]);

    // Focus order: toolbar, tabs, the tensor fields, the settings, Run; arrows move between tabs.
    await page.focus('#gc-preset');
    const order = [];
    for (let i = 0; i < 16; i++) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate(() => document.activeElement?.dataset.field || document.activeElement?.id || document.activeElement?.tagName));
    }
    const at = (id) => order.indexOf(id);
    for (const id of ['gc-open', 'gc-save', 'gc-copy-pytorch', 'gc-tab-check', 'in:A', 'in:x', 'in:t'])
      assert.ok(at(id) >= 0, `${id} is reachable by Tab: ${order.join(' → ')}`);
    assert.ok(at('gc-open') < at('gc-tab-check') && at('gc-tab-check') < at('in:A') && at('in:A') < at('in:t'), order.join(' → '));
    await page.focus('#gc-run');
    await page.keyboard.press('Enter');
    await expectLoss(page, '0.5');
    await page.focus('#gc-tab-check');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'gc-tab-builder');
    assert.equal(await page.locator('#gc-tab-builder').getAttribute('aria-selected'), 'true');
    await context.close();
  });
});
