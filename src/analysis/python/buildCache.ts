// Building a user block is a pure function of its class's code (and everything that code reaches) and of the
// arguments it is built with, when the build reads no mutable module state and says nothing: then the module tree it
// made is kept, and the same block built again — the next identical block of a stage, the same block in another
// factory's model, the blocks an edit elsewhere in the file did not touch — is a copy of it instead of a run of its
// __init__. What the run cost in steps is spent again, so budgets stop where they stopped.
import type { Syntax, Unit } from '../syntax';
import { copyModuleState } from './modules';
import { ClassValue, FunctionValue, ModuleInstance, QualName, sequenceKind, type PyValue, type Scope } from './values';

/** A build kept: the module tree as it was when its __init__ returned, and the steps that took. */
export interface BuildSnapshot {
  readonly module: ModuleInstance;
  readonly steps: number;
}

/** What the interpreter asks around a user class's build (PyFile.builds). */
export interface BuildMemo {
  /**
   * The build's key; undefined when it cannot be kept (a class of another file, an argument that is not plain). The
   * call's place is not part of it: it only becomes the copy's declaration (take).
   */
  keyOf(cls: ClassValue, args: readonly PyValue[], kwargs: ReadonlyMap<string, PyValue>): string | undefined;
  /** A copy of the kept build declared at `node`, undefined when there is none (or its classes are not this version's). */
  take(key: string, node: Syntax | undefined): BuildSnapshot | undefined;
  /** Keeps a build that said nothing and read no mutable module state (the caller checked). */
  keep(key: string, module: ModuleInstance, steps: number): void;
}

/** How often a kept build was used and how many were kept, over the process (what the tests look at). */
export const buildCacheStats = { taken: 0, kept: 0 };

/**
 * Kept builds of one document, across its versions (keys name units by identity: an edited unit is a new one). A
 * build neither used nor kept while the current or the previous version was analysed is dropped: its key names code
 * that is gone, and whole models kept for nothing would only grow the heap the collector walks.
 */
export class BuildStore {
  private readonly kept = new Map<string, { snapshot: BuildSnapshot; used: number }>();
  private version = 0;
  /** A new version of the document is analysed. */
  begin(): void {
    this.version++;
    for (const [key, entry] of this.kept) if (entry.used < this.version - 1) this.kept.delete(key);
  }
  get(key: string): BuildSnapshot | undefined {
    const entry = this.kept.get(key);
    if (entry) entry.used = this.version;
    return entry?.snapshot;
  }
  set(key: string, snapshot: BuildSnapshot): void {
    this.kept.set(key, { snapshot, used: this.version });
  }
}

/**
 * The memo of one version of a file: a class is keyed by the units its code may read (its definition, base classes,
 * helpers, the module statements sharing a name with them — modelKeys.ts) and the options; an argument that is a
 * class or function of the file by that one's units too.
 */
export function buildMemo(store: BuildStore, globals: Scope, defUnits: ReadonlyMap<string, Unit>, readBy: (u: Unit) => Unit[],
  idOf: (u: Unit) => number, optionsKey: string): BuildMemo {
  store.begin();
  const fingerprints = new Map<string, string | null>();
  /** A top-level class or function of this file, by what its code may read; null for anything else. */
  const fingerprint = (v: ClassValue | FunctionValue): string | null => {
    if (v instanceof FunctionValue && v.self !== undefined) return null;
    if (globals.vars.get(v.name) !== v || v.node.unit.source) return null;
    let f = fingerprints.get(v.name);
    if (f === undefined) {
      const unit = defUnits.get(v.name);
      f = unit ? `${v.name}#${readBy(unit).map(idOf).join(',')}` : null;
      fingerprints.set(v.name, f);
    }
    return f;
  };
  const argKey = (v: PyValue): string | null => {
    if (v === null || typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (typeof v === 'string') return JSON.stringify(v);
    if (v instanceof QualName) return `Q:${v.name}`;
    if (v instanceof ClassValue || v instanceof FunctionValue) {
      const f = fingerprint(v);
      return f === null ? null : `D:${f}`;
    }
    // a tuple cannot be changed by the build; a list could be
    if (Array.isArray(v) && sequenceKind(v) === 'tuple') {
      let out = '(';
      for (const x of v) {
        const k = argKey(x);
        if (k === null) return null;
        out += `${k},`;
      }
      return `${out})`;
    }
    return null;
  };
  return {
    // The call's place is not in the key: it only becomes the built module's declaration (take), so a block keeps its
    // build when only the code that builds it changed (an edit in the parent's __init__ or a factory's arguments).
    keyOf(cls, args, kwargs) {
      const own = fingerprint(cls);
      if (own === null) return undefined;
      let key = `${optionsKey}|${own}|`;
      for (const a of args) {
        const k = argKey(a);
        if (k === null) return undefined;
        key += `${k},`;
      }
      for (const [name, v] of kwargs) {
        const k = argKey(v);
        if (k === null) return undefined;
        key += `${name}=${k},`;
      }
      return key;
    },
    take(key, node) {
      const kept = store.get(key);
      if (!kept) return undefined;
      const module = copyTree(kept.module, (old) => {
        const now = globals.vars.get(old.name);
        return now instanceof ClassValue && now.node === old.node ? now : undefined;
      });
      if (!module) return undefined;
      module.declNode = node;
      buildCacheStats.taken++;
      return { module, steps: kept.steps };
    },
    keep(key, module, steps) {
      // a layer subclass without __init__ takes its argument nodes from the call, which the key does not name
      if (module.args) return;
      const copy = copyTree(module, (old) => (globals.vars.get(old.name) === old ? old : undefined), true);
      if (!copy) return;
      store.set(key, { module: copy, steps });
      buildCacheStats.kept++;
    },
  };
}

/** An attribute value a kept build may hold: one that is never changed in place nor compared by identity. */
const plainAttr = (v: PyValue): boolean => v === null || typeof v !== 'object' || v instanceof QualName;

/**
 * A copy of a module tree as built, each user class taken through `classOf` (this version's class of the same
 * code); undefined when a class is not one of the file's, or (`strict`, when keeping) when the tree holds what a
 * copy could not keep apart: attribute values that are objects, tied or listed parameters, a path already given.
 */
function copyTree(m: ModuleInstance, classOf: (old: ClassValue) => ClassValue | undefined, strict = false,
  seen = new Map<ModuleInstance, ModuleInstance>()): ModuleInstance | undefined {
  const done = seen.get(m);
  if (done) return done;
  const cls = m.cls ? classOf(m.cls) : undefined;
  if (m.cls && !cls) return undefined;
  if (strict && (m.tiedParams.size > 0 || m.paramItems || m.path !== undefined || m.callStatus !== undefined || (m.buildSkips?.length ?? 0) > 0)) return undefined;
  const copy = new ModuleInstance(m.kind, m.type, cls);
  seen.set(m, copy);
  copyModuleState(m, copy);
  // the same build, so the same statement made it an attribute and the same code created it
  copy.siteNode = m.siteNode;
  copy.createdBy = m.createdBy;
  copy.statedInputSize = m.statedInputSize;
  for (const [k, v] of m.attrs) {
    if (strict && !plainAttr(v)) return undefined;
    copy.attrs.set(k, v);
  }
  for (const [k, c] of m.children) {
    const child = copyTree(c, classOf, strict, seen);
    if (!child) return undefined;
    copy.children.set(k, child);
  }
  return copy;
}

/** A memo made when first asked (the file's definitions and keys are known by then). */
export function lazyMemo(make: () => BuildMemo): BuildMemo {
  let memo: BuildMemo | undefined;
  const get = () => (memo ??= make());
  return { keyOf: (...a) => get().keyOf(...a), take: (k, n) => get().take(k, n), keep: (k, m, s) => get().keep(k, m, s) };
}
