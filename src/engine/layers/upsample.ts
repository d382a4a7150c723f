// (family file: rules to be written)
import type { LayerDef } from '../layer';

export const upsampleLayers: LayerDef[] = [];
