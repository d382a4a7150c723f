// What a library module has, as far as ShapeLens knows: the names a star import brings in (`from torch.nn import *`)
// and the names feature checks test (`'silu' in dir(F)`, `hasattr(F, 'scaled_dot_product_attention')`).
import { findLayer, unsupportedGroup } from '../../../engine';
import { mathHandlers } from './math';
import { CONTAINERS } from './torch';

/** A name PyTorch has, with or without a rule: an op of the registry or on the commented list of the others. */
const torchHas = (spelling: string): boolean => !!findLayer(spelling) || !!unsupportedGroup(spelling);

/** Names a star import can bring in (`from torch.nn import *`). */
export function libraryHas(module: string, name: string): boolean {
  if (module === 'torch.nn') return name in CONTAINERS || name === 'Module' || name === 'Parameter' || torchHas(name);
  if (module === 'torch.nn.functional') return torchHas(`F.${name}`);
  if (module === 'torch') return torchHas(`torch.${name}`);
  if (module === 'math') return `math.${name}` in mathHandlers;
  return false;
}

