// The left column: the Check / Builder / JSON tabs and the panel of the selected one.
import type { Controller } from '../controller';
import { clear, h } from '../dom';
import type { Tab } from '../store';
import { renderBuilderView } from './builderView';
import { renderCheckView } from './checkView';
import { renderJsonView } from './jsonView';

const TABS: [Tab, string][] = [['check', 'Check'], ['builder', 'Builder'], ['json', 'JSON']];
const PANELS: Record<Tab, (panel: HTMLElement, ctl: Controller) => () => void> = { check: renderCheckView, builder: renderBuilderView, json: renderJsonView };

export interface LeftPanel {
  readonly el: HTMLElement;
  render(): void;
  sync(): void;
}

export function leftPanel(ctl: Controller): LeftPanel {
  const el = h('section', { class: 'gc-left', 'aria-label': 'Check' });
  let syncPanel = (): void => undefined;
  return {
    el,
    render: () => {
      clear(el);
      const tab = ctl.state.page.tab;
      const panel = h('div', { class: 'gc-panel', role: 'tabpanel', id: `gc-panel-${tab}`, 'aria-labelledby': `gc-tab-${tab}` });
      syncPanel = PANELS[tab](panel, ctl);
      el.append(tabList(ctl, tab), panel);
    },
    sync: () => syncPanel(),
  };
}

/** Tabs as WAI-ARIA tabs: only the selected one is in the Tab order, the arrow keys move between them. */
function tabList(ctl: Controller, selected: Tab): HTMLElement {
  const buttons = TABS.map(([id, label], i) => h('button', {
    type: 'button', role: 'tab', id: `gc-tab-${id}`, class: 'gc-tab', 'aria-selected': String(selected === id),
    'aria-controls': `gc-panel-${id}`, tabindex: selected === id ? '0' : '-1', text: label,
    onclick: () => ctl.switchTab(id),
    onkeydown: (e) => {
      const k = (e as KeyboardEvent).key;
      if (k !== 'ArrowRight' && k !== 'ArrowLeft') return;
      const next = TABS[(i + (k === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length][0];
      ctl.switchTab(next);
      document.getElementById(`gc-tab-${next}`)?.focus(); // the tabs were redrawn
    },
  }));
  return h('div', { class: 'gc-tabs', role: 'tablist', 'aria-label': 'Edit the check' }, ...buttons);
}
