// What a library module has, as far as ShapeLens knows: the names a star import brings in (`from torch.nn import *`)
// and the names feature checks test (`'silu' in dir(F)`, `hasattr(F, 'scaled_dot_product_attention')`).
import { findLayer } from '../../../engine';
import { mathHandlers } from './math';
import { CONTAINERS } from './torch';

/** Names a star import can bring in (`from torch.nn import *`). */
export function libraryHas(module: string, name: string): boolean {
  if (module === 'torch.nn') return name in CONTAINERS || name === 'Module' || name === 'Parameter' || !!findLayer(name);
  if (module === 'torch.nn.functional') return !!findLayer(`F.${name}`);
  if (module === 'torch') return !!findLayer(`torch.${name}`);
  if (module === 'math') return `math.${name}` in mathHandlers;
  return false;
}

