// The "ShapeLens: Gradient Checker" page. The same bundle is the page and, started again from a blob: URL,
// the worker that runs the checks (so the panel stays responsive during a long finite-difference sweep).
//
// Left: the check — preset, the program, one field per tensor (numpy lists, LaTeX bmatrix or plain rows), an
// optional hand-derived gradient, SGD and step settings; a chain builder; the raw JSON.
// Right: the results — verdict, loss, forward values, analytic vs numeric gradients with a relative-error
// heatmap, the SGD step, and "show working" for any element. Bad input marks its own field; the last good
// result stays on screen, marked as such.
//
// The shape: store.ts holds the state and its actions, controller.ts the commands the views call (runs, the host),
// views/ draws the page from the state.
import './gradientChecker.css';
import { Controller } from './controller';
import { clear, h } from './dom';
import type { HostMessage, VsCodeApi } from './messages';
import { CheckRunner, serveWorker } from './runner';
import { Store, type Rebuild } from './store';
import { header } from './views/header';
import { isCtrlEnter } from './views/keys';
import { leftPanel } from './views/leftPanel';
import { resultsView } from './views/resultsView';

declare function acquireVsCodeApi(): VsCodeApi;

if (typeof document === 'undefined') {
  serveWorker(self as unknown as Parameters<typeof serveWorker>[0]);
} else {
  const script = document.currentScript as HTMLScriptElement | null;
  const start = () => startPage(document.getElementById('app')!, acquireVsCodeApi(), new CheckRunner(script?.src));
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}

function startPage(root: HTMLElement, vscode: VsCodeApi, runner: CheckRunner): void {
  const store = new Store(vscode);
  const ctl = new Controller(store, runner, (m) => vscode.postMessage(m));
  const top = header(ctl);
  const left = leftPanel(ctl);
  const right = resultsView(ctl);
  // Redraw what the change asks for, then let every view sync its small parts (messages, status) in place.
  const draw = (rebuild: ReadonlySet<Rebuild>) => {
    if (rebuild.has('left')) left.render();
    if (rebuild.has('right')) right.render();
    top.sync();
    left.sync();
    right.sync();
  };
  store.subscribe(draw);
  clear(root);
  root.append(top.el, h('main', { class: 'gc-main' }, left.el, right.el));
  draw(new Set(['left', 'right']));

  window.addEventListener('message', (e: MessageEvent) => ctl.onHostMessage(e.data as HostMessage));
  document.addEventListener('keydown', (e) => {
    if (!isCtrlEnter(e)) return;
    e.preventDefault();
    void ctl.run();
  });
  root.setAttribute('aria-busy', 'false');
  vscode.postMessage({ type: 'ready' });
  const { result, stale } = store.state.page;
  if (!result || stale) void ctl.run();
}
