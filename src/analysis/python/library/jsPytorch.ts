// js-pytorch, as a TypeScript file that imports it sees it (the translation binds the package to `js_pytorch`):
// its own classes (nn.Linear, nn.Embedding, nn.Block, nn.MultiHeadSelfAttention, …) are the engine's
// `js-pytorch.X` layers, built with js-pytorch's positional arguments; every other name is PyTorch's
// (js_pytorch.nn.Module is torch.nn.Module, js_pytorch.randint is torch.randint). A js-pytorch class called with an
// options object is PyTorch-style TypeScript (js-pytorch takes none): PyTorch's class of that name is built.
import { findLayer, JS_PYTORCH_CLASSES } from '../../../engine';
import { buildLayer } from '../modules';
import { QualName, type PyValue } from '../values';
import type { Handler } from './index';
import { torchPrefixes } from './torch';

const ROOT = 'js_pytorch';

/** An attribute of js_pytorch or js_pytorch.nn: js-pytorch's own class, else PyTorch's name. */
export function jsPytorchAttribute(q: QualName, name: string): PyValue | undefined {
  if (q.name === ROOT && name === 'nn') return new QualName(`${ROOT}.nn`);
  if (q.name === `${ROOT}.nn` && JS_PYTORCH_CLASSES.includes(name)) return new QualName(`${ROOT}.nn.${name}`);
  if (q.name === ROOT || q.name === `${ROOT}.nn`) return new QualName(`torch${q.name.slice(ROOT.length)}.${name}`);
  return undefined;
}

const jsClass = (cls: string): Handler => (ev, c) => {
  if (c.kwargs.size > 0 && findLayer(cls)) return torchPrefixes['torch.nn.'](ev, { ...c, name: `torch.nn.${cls}` }) ?? null;
  return buildLayer(`js-pytorch.${cls}`, c.args, c.kwargs, c.node, ev.file.options.strict);
};

export const jsPytorchHandlers: Record<string, Handler> = Object.fromEntries(JS_PYTORCH_CLASSES.map((cls) => [`${ROOT}.nn.${cls}`, jsClass(cls)]));
