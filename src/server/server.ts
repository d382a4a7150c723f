// The analysis server: everything the editor shows is computed here, off the editor's thread (a worker thread in
// the Node host, a nested web worker in VS Code for the Web; see worker.ts). The editor sends its documents and
// changes, and asks for what it shows (hints, hovers, the status bar, the model quick pick, the summary); the server
// answers in plain data and pushes diagnostics. Work is done in small steps between messages: the notes first (an
// edit makes every older answer stale), then the requests, then one background model at a time — the screen's
// models first, the others once the text has been quiet for a moment after an edit or after it opened (scheduling.ts).
import type { WasmFile } from '../analysis/parsers';
import type { AnalysisOptions } from '../analysis/model';
import { contextsAnswer, hoverAnswer, inputTargetAnswer, statusAnswer, summaryAnswer, type Asked } from './answers';
import { contextFor, servedStale } from './contexts';
import { AnalysedText } from './documents';
import { Grammars } from './grammars';
import { hintsOf, tooltipOf, type RegionResolver } from './hintRequests';
import { Importers } from './importers';
import { changesText, QUIET_MS, type ClientMessage, type ClientNote, type Method, type Requests, type ServerConfig, type ServerMessage,
  type Slice, type Surface, type WireDiagnostic } from './protocol';
import { lensesChanged, lensesOf } from './lenses';
import { ProjectFiles } from './projects';
import { diagnosticsOf } from './diagnostics';
import { BackgroundInterrupts, IdleCollector, later, nextBackgroundModel, shownModels } from './scheduling';
import { internalError } from './unbuilt';
import { WARM_UP_DOC, warmedUp, warmUp } from './warmUp';

/** Where an open document sits in the project, and the model the user chose for it. */
interface DocInfo {
  readonly path?: string;
  readonly root?: string;
  chosen?: string;
  /** Project files its analysis read: an edit of one of them analyses it again. */
  reads: Set<string>;
}

type Request = Extract<ClientMessage, { kind: 'request' }>;

export class EditorServer {
  private config?: ServerConfig;
  private parsers: 'loading' | 'ok' | string = 'loading';
  private readonly grammars = new Grammars(() => this.schedule());
  private readonly texts = new Map<string, AnalysedText>();
  private readonly info = new Map<string, DocInfo>();
  private readonly projects = new Map<string, ProjectFiles>();
  private readonly inbox: ClientMessage[] = [];
  private scheduled = false;
  /** Documents with models still to analyse, or diagnostics still to send. */
  private readonly background = new Set<string>();
  private readonly sentDiagnostics = new Map<string, string>();
  private readonly askedFiles = new Set<string>();
  /** When each document was last edited (performance.now()): the background waits for a quiet moment after. */
  private readonly lastEdit = new Map<string, number>();
  private quietTimer?: ReturnType<typeof setTimeout>;
  private readonly interrupts: BackgroundInterrupts;
  private readonly idle: IdleCollector;
  readonly importers = new Importers((path) => this.textAt(path), (root) => this.projects.get(root), (path) => this.openAt(path));

  /**
   * `peek`: a message that arrived while the server works, taken synchronously (Node's receiveMessageOnPort), so a
   * background analysis stops for an edit instead of finishing a model nobody waits for. Without it, a browser worker
   * given a shared counter of messages on their way (the init message) stops when one comes; with neither (no shared
   * memory, the extension host fallback), background models run in time slices (scheduling.ts). `collect`: a
   * young-generation collection, run when the server is idle (the Node worker's; IdleCollector).
   */
  constructor(private readonly post: (m: ServerMessage) => void, peek?: () => ClientMessage | undefined, collect?: () => void) {
    this.idle = new IdleCollector(collect);
    this.interrupts = new BackgroundInterrupts(peek && ((forScreen) => {
      for (let m = peek(); m; m = peek()) {
        this.idle.received(m);
        this.inbox.push(m);
        if (!forScreen || changesText(m)) return true;
      }
      return false;
    }));
    this.importers.reconfigure((path, root) => this.options({ path, root, reads: new Set() }));
  }

  receive(m: ClientMessage): void {
    if (m.kind === 'init') {
      if (m.waiting) this.interrupts.useCounter(m.waiting);
      return void this.init(m.wasm, m.config);
    }
    this.interrupts.received(m);
    this.idle.received(m);
    this.inbox.push(m);
    this.schedule();
  }

  private async init(wasm: Partial<Record<WasmFile, Uint8Array>>, config: ServerConfig): Promise<void> {
    this.config = config;
    try {
      await this.grammars.start(wasm);
      this.parsers = 'ok';
    } catch (e) {
      this.parsers = e instanceof Error ? e.message : String(e);
    }
    this.post({ kind: 'ready', treeSitter: this.parsers === 'ok' ? 'ok' : `error: ${this.parsers}`, interrupts: this.interrupts.kind });
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.parsers === 'loading') return;
    if (this.grammars.waiting(this.inbox)) return;
    this.scheduled = true;
    later(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  /** One step: every note, then every request, then (when nothing waits) one piece of background work. */
  private pump(): void {
    const batch = this.inbox.splice(0);
    const cancelled = new Set(batch.flatMap((m) => (m.kind === 'cancel' ? [m.id] : [])));
    for (const m of batch) if (m.kind !== 'request' && m.kind !== 'cancel') this.note(m);
    for (const m of batch) {
      if (m.kind !== 'request') continue;
      if (cancelled.has(m.id)) this.post({ kind: 'response', id: m.id, cancelled: true });
      else this.answer(m);
      this.idle.answered();
    }
    const coming = this.interrupts.coming();
    const waiting = this.inbox.length === 0 && !coming ? this.backgroundStep() : false;
    this.askForFiles();
    if (this.inbox.length > 0 || (this.background.size > 0 && !waiting && !coming)) {
      this.schedule();
      return;
    }
    if (waiting) this.wakeWhenQuiet();
    if (!coming) this.idle.idle(); // nothing to do until a message comes, or the quiet timer
  }

  /** Background work left only for documents being typed in: done once they are quiet (or at the next message). */
  private wakeWhenQuiet(): void {
    if (this.quietTimer) return;
    const first = Math.min(...[...this.background].map((doc) => this.lastEdit.get(doc) ?? 0));
    this.quietTimer = setTimeout(() => {
      this.quietTimer = undefined;
      this.schedule();
    }, Math.max(1, first + QUIET_MS - performance.now()));
  }

  // ── notes ─────────────────────────────────────────────────────────────────────────────────────────────────────
  private note(m: ClientNote): void {
    switch (m.kind) {
      case 'init': return;
      case 'config': {
        this.config = m.config;
        for (const p of this.projects.values()) p.setOptions(this.baseOptions());
        for (const [doc, t] of this.texts) t.invalidate(this.options(this.info.get(doc)));
        this.importers.reconfigure((path, root) => this.options({ path, root, reads: new Set() }));
        this.everythingChanged();
        return;
      }
      case 'open': {
        const seen = m.path === undefined ? undefined : this.seenText(m.path);
        this.texts.get(m.doc)?.dispose();
        const info: DocInfo = { path: m.path, root: m.root, chosen: m.chosen, reads: new Set() };
        this.info.set(m.doc, info);
        this.texts.set(m.doc, new AnalysedText(m.doc, m.language, m.text, m.version, this.options(info)));
        // a file just opened is about to be shown: its first hints request analyses the screen's model, and the other
        // models wait as after an edit, so they do not take the CPU from the editor opening it (two cores are common)
        this.lastEdit.set(m.doc, performance.now());
        this.background.add(m.doc);
        // opened with the text the project saw (on disk, or as it closed): nothing changes for the others
        if (m.path && seen !== m.text) this.fileEdited(m.path, m.doc);
        return;
      }
      case 'change': {
        const t = this.texts.get(m.doc);
        if (!t) return;
        t.change(m.version, m.changes, m.text);
        this.lastEdit.set(m.doc, performance.now());
        this.background.add(m.doc);
        const path = this.info.get(m.doc)?.path;
        if (path) this.fileEdited(path, m.doc);
        return;
      }
      case 'close': {
        const text = this.texts.get(m.doc)?.text;
        this.texts.get(m.doc)?.dispose();
        this.texts.delete(m.doc);
        const path = this.info.get(m.doc)?.path;
        this.info.delete(m.doc);
        this.background.delete(m.doc);
        this.lastEdit.delete(m.doc);
        this.interrupts.forget(`${m.doc}\n`);
        this.sentDiagnostics.delete(m.doc);
        if (path) this.closed(path, m.doc, m.saved ? text : undefined);
        return;
      }
      case 'projectFiles': {
        this.project(m.root).setListing(m.paths);
        this.importers.forget();
        this.projectChanged(m.root);
        return;
      }
      case 'files': {
        // what read a file (or searched for its importers) is analysed again, as after an edit of it; an open
        // document's text wins over the disk's. The others only resume, if they waited for one of these files.
        const changed: string[] = [];
        for (const f of m.files) {
          this.askedFiles.delete(f.path);
          let differs = false;
          for (const p of this.projects.values()) if (p.contains(f.path) && p.setText(f.path, f.text)) differs = true;
          if (differs && this.openText(f.path) === undefined) changed.push(f.path);
        }
        for (const path of changed) this.fileEdited(path, '');
        for (const doc of this.texts.keys()) this.background.add(doc);
        return;
      }
      case 'choose': {
        const info = this.info.get(m.doc);
        if (!info) return;
        info.chosen = m.model ?? undefined;
        this.texts.get(m.doc)?.invalidate();
        this.background.add(m.doc);
        this.post({ kind: 'changed', docs: [m.doc] });
        return;
      }
    }
  }

  private baseOptions(): AnalysisOptions {
    return { strict: this.config?.strict ?? false, defaultInputShape: this.config?.defaultInputShape };
  }

  private options(info: DocInfo | undefined): AnalysisOptions {
    const base = this.baseOptions();
    if (!info?.path || !info.root) return base;
    return { ...base, path: info.path, project: this.project(info.root).project };
  }

  private project(root: string): ProjectFiles {
    let p = this.projects.get(root);
    if (!p) {
      p = new ProjectFiles(root, (path) => this.openText(path), this.baseOptions());
      this.projects.set(root, p);
    }
    return p;
  }

  /** The open document at a path. */
  private openAt(path: string): AnalysedText | undefined {
    for (const [doc, info] of this.info) if (info.path === path) return this.texts.get(doc);
    return undefined;
  }

  private openText(path: string): string | undefined {
    return this.openAt(path)?.text;
  }

  private textAt(path: string): string | undefined {
    const open = this.openText(path);
    if (open !== undefined) return open;
    for (const p of this.projects.values()) if (p.contains(path)) return p.read(path);
    return undefined;
  }

  /** What the projects see of a file now (undefined: not known), without counting it as read. */
  private seenText(path: string): string | undefined {
    return this.openText(path) ?? [...this.projects.values()].map((p) => p.contains(path) ? p.peek(path) : undefined).find((t) => t !== undefined);
  }

  /** A project file's text changed (typed in its editor, or closed): the documents that read it, or whose importers
   *  it may change, are analysed again (Importers.fileChanged); any other edit costs the other documents nothing. */
  private fileEdited(path: string, except: string): void {
    const readers = [...this.info].filter(([doc, info]) => doc !== except && info.reads.has(path)).map(([doc]) => doc);
    const project = [...this.projects.values()].filter((p) => p.contains(path));
    const text = this.seenText(path);
    const searched = this.importers.fileChanged(path, text, readers.length > 0);
    const held = project.filter((p) => p.holds(path));
    if (readers.length === 0 && searched.length === 0 && held.length === 0) return;
    for (const p of project) p.changed();
    for (const doc of readers) {
      this.texts.get(doc)?.invalidate();
      this.background.add(doc);
    }
    const shown = new Set(searched);
    for (const [doc, info] of this.info) {
      if (doc === except || !info.path || !shown.has(info.path) || readers.includes(doc)) continue;
      this.texts.get(doc)?.invalidate();
      this.background.add(doc);
      readers.push(doc);
    }
    this.tell(readers);
  }

  /**
   * An open document closed. Saved, the file holds the text the project saw, and nothing changes for the others;
   * with its changes discarded, the file is read again and what read it is analysed again.
   */
  private closed(path: string, doc: string, saved: string | undefined): void {
    const project = [...this.projects.values()].filter((p) => p.contains(path));
    if (saved !== undefined) {
      for (const p of project) p.setText(path, saved, true);
      return;
    }
    for (const p of project) p.forget(path);
    this.fileEdited(path, doc);
  }

  private projectChanged(root: string): void {
    const docs = [...this.info].filter(([, info]) => info.root === root).map(([doc]) => doc);
    for (const doc of docs) {
      this.texts.get(doc)?.invalidate();
      this.background.add(doc);
    }
    this.tell(docs);
  }

  /** Tells the editor to ask again about these documents' results, those it was given an answer about. */
  private tell(docs: readonly string[]): void {
    const told = docs.filter((doc) => this.texts.get(doc)?.answered);
    for (const doc of told) this.texts.get(doc)!.answered = false;
    if (told.length) this.post({ kind: 'changed', docs: told });
  }

  private everythingChanged(): void {
    for (const doc of this.texts.keys()) this.background.add(doc);
    this.post({ kind: 'changed', docs: [...this.texts.keys()] });
  }

  /** Files the analysis wanted and the editor was not asked for yet. */
  private askForFiles(): void {
    const paths: string[] = [];
    for (const p of this.projects.values()) {
      for (const path of p.wanted) if (!this.askedFiles.has(path)) paths.push(path);
    }
    for (const path of this.importers.wanted()) if (!this.askedFiles.has(path)) paths.push(path);
    if (paths.length === 0) return;
    paths.forEach((p) => this.askedFiles.add(p));
    this.post({ kind: 'readFiles', paths });
  }

  /** Notes which project files a document's analysis read (after each piece of analysis). */
  private noteReads(doc: string): void {
    const info = this.info.get(doc);
    if (!info?.root) return;
    for (const path of this.project(info.root).takeReads()) if (path !== info.path) info.reads.add(path);
  }

  // ── requests ──────────────────────────────────────────────────────────────────────────────────────────────────
  private answer(m: Request): void {
    try {
      const result = this.handle(m.method, m.params as Requests[Method]['params']);
      this.post({ kind: 'response', id: m.id, result });
    } catch (e) {
      this.post({ kind: 'response', id: m.id, error: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
    }
  }

  private handle(method: Method, params: Requests[Method]['params']): unknown {
    const slice = params as Slice;
    const t = this.texts.get(slice.doc);
    if (!t || !this.config) return null;
    try {
      switch (method) {
        case 'hints': {
          const p = params as Requests['hints']['params'];
          return hintsOf(this.resolver(t, { unseen: 1 }), t, p, this.config);
        }
        case 'hintTooltip': return tooltipOf(t, (params as Requests['hintTooltip']['params']).key);
        case 'hover': return hoverAnswer(this.asked(t), params as Requests['hover']['params']);
        case 'status': return statusAnswer(this.asked(t), params as Requests['status']['params']);
        case 'contexts': return contextsAnswer(this.asked(t), params as Requests['contexts']['params']);
        case 'summary': return summaryAnswer(this.asked(t), params as Requests['summary']['params']);
        case 'inputTarget': return inputTargetAnswer(this.asked(t), params as Requests['inputTarget']['params']);
        case 'lenses': return lensesOf(t, params as Requests['lenses']['params'], this.config);
      }
    } finally {
      t.answered = true;
      this.noteReads(slice.doc);
    }
    return null;
  }

  private resolver(t: AnalysedText, budget?: { unseen: number }): RegionResolver {
    const info = this.info.get(t.doc);
    return (region, full = false) => contextFor(t, region, { chosen: info?.chosen, full, importers: this.importers, path: info?.path, budget });
  }

  private asked(t: AnalysedText): Asked {
    return { t, config: this.config!, resolver: this.resolver(t) };
  }

  // ── background ────────────────────────────────────────────────────────────────────────────────────────────────
  /**
   * One model of one document analysed, or one document's diagnostics sent; the screen's models first (see
   * scheduling.ts). True when every document left waits for its text to be quiet.
   */
  private backgroundStep(): boolean {
    for (const doc of this.background) {
      const t = this.texts.get(doc);
      if (!t || !this.config) {
        this.background.delete(doc);
        return false;
      }
      if (this.backgroundOf(doc, t) !== 'wait') return false;
    }
    if (this.background.size === 0) this.warmUpStep();
    return this.background.size > 0;
  }

  /**
   * The warm-up (warmUp.ts), once per process, when nothing else is left to do — and only where a message stops it
   * at once: with time slices, a request could wait a whole slice behind work nobody asked for.
   */
  private warmUpStep(): void {
    if (warmedUp() || !this.config || this.parsers !== 'ok' || this.interrupts.kind === 'time slices') return;
    const config = this.config;
    try {
      this.interrupts.run(WARM_UP_DOC, () => warmUp(this.baseOptions(), config, (t) => this.resolver(t)));
    } catch {
      // a warm-up that fails costs nothing but its time: the files the user opens say what is wrong with them
    }
  }

  private backgroundOf(doc: string, t: AnalysedText): 'wait' | 'did' {
    try {
      const quiet = performance.now() - (this.lastEdit.get(doc) ?? -Infinity) >= QUIET_MS;
      const shown = shownModels(t.served, this.info.get(doc)?.chosen);
      const next = nextBackgroundModel(t.roots, (s) => t.isAnalysed(s), shown, quiet);
      if (next === 'wait') return 'wait';
      if (next) {
        this.interrupts.run(`${doc}\n${next.name}`, () => t.model(next), shown.has(next.name));
        // a region the screen showed without a context may have one now
        if (t.isAnalysed(next) && [...t.served].some(([region, model]) => model === null && t.covers.get(next.name)?.has(region))) {
          this.post({ kind: 'changed', docs: [doc], what: ['hints', 'status'] });
        }
        return 'did';
      }
      let step: 'more' | 'waiting' | 'done' = 'more';
      this.interrupts.run(`${doc}\n`, () => (step = this.importers.step(t, this.info.get(doc)?.path)));
      if (this.inbox.length || step === 'more') return 'did';
      this.background.delete(doc);
      // files are being read for the importers' search: their arrival brings the document back here
      this.publish(t, step === 'done');
    } catch (e) {
      this.background.delete(doc);
      this.post({ kind: 'diagnostics', doc, version: t.version, items: [internalError(e)] });
    } finally {
      this.noteReads(doc);
    }
    return 'did';
  }

  private publish(t: AnalysedText, settled: boolean): void {
    const items: WireDiagnostic[] = diagnosticsOf(t, this.resolver(t));
    const key = JSON.stringify(items);
    if (this.sentDiagnostics.get(t.doc) !== key) {
      this.sentDiagnostics.set(t.doc, key);
      this.post({ kind: 'diagnostics', doc: t.doc, version: t.version, items });
    }
    if (!settled) return;
    t.settled = true;
    // hints answered before every model was known may now have another context; a class no model builds says so now
    // (told only when that differs from the last time: the hints kept saying so meanwhile)
    const exact = this.resolver(t);
    const stale = servedStale(t, (region) => exact(region, true));
    const unbuiltNow = t.prepared.needsArguments.filter((c) => !exact(t.regions.find((r) => r.name === c.name)!, true)).map((c) => c.name);
    const unbuilt = unbuiltNow.length !== t.unbuilt.size || unbuiltNow.some((name) => !t.unbuilt.has(name));
    t.unbuilt.clear();
    for (const name of unbuiltNow) t.unbuilt.add(name);
    const what: Surface[] = [];
    if (stale || unbuilt) what.push('hints');
    if (stale) what.push('status');
    if ((this.config && lensesChanged(t, this.config)) || unbuilt) what.push('lenses');
    if (what.length) this.post({ kind: 'changed', docs: [t.doc], what });
  }
}
