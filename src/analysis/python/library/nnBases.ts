// torch.nn's private base classes (`_BatchNorm`, `_ConvNd`…), described once: user code derives from them
// (`class SyncBatchNorm2d(_BatchNorm)`: an instance is the layer of the rank its name ends with, members.ts) and asks
// about them (`issubclass(nn.BatchNorm2d, _BatchNorm)`, `isinstance(m, _ConvNd)`: typeQueries.ts). As in PyTorch 2.x.

export interface PrivateBase {
  /** The layer a subclass is: the family with the rank its name ends with (2d when it says none), or the family. */
  readonly family: string;
  readonly ranked: boolean;
  /** The public torch.nn layers deriving from it. */
  readonly members: RegExp;
  /** Other private bases it derives from (all derive from nn.Module). */
  readonly bases?: readonly string[];
}

export const NN_PRIVATE_BASES: Readonly<Record<string, PrivateBase>> = {
  _NormBase: { family: 'BatchNorm', ranked: true, members: /^(Lazy)?(BatchNorm|InstanceNorm)\dd$|^SyncBatchNorm$/ },
  _BatchNorm: { family: 'BatchNorm', ranked: true, members: /^(Lazy)?BatchNorm\dd$|^SyncBatchNorm$/, bases: ['_NormBase'] },
  _InstanceNorm: { family: 'InstanceNorm', ranked: true, members: /^(Lazy)?InstanceNorm\dd$/, bases: ['_NormBase'] },
  _ConvNd: { family: 'Conv', ranked: true, members: /^(Lazy)?Conv(Transpose)?\dd$/ },
  _ConvTransposeNd: { family: 'ConvTranspose', ranked: true, members: /^(Lazy)?ConvTranspose\dd$/, bases: ['_ConvNd'] },
  _MaxPoolNd: { family: 'MaxPool', ranked: true, members: /^MaxPool\dd$/ },
  _AvgPoolNd: { family: 'AvgPool', ranked: true, members: /^AvgPool\dd$/ },
  _AdaptiveAvgPoolNd: { family: 'AdaptiveAvgPool', ranked: true, members: /^AdaptiveAvgPool\dd$/ },
  _AdaptiveMaxPoolNd: { family: 'AdaptiveMaxPool', ranked: true, members: /^AdaptiveMaxPool\dd$/ },
  _DropoutNd: { family: 'Dropout', ranked: false, members: /^(Dropout\dd?|AlphaDropout|FeatureAlphaDropout)$/ },
};

/** The layer a subclass of a private base is (`SyncBN3d(_BatchNorm)` → BatchNorm3d); undefined for another name. */
export function privateBaseLayer(base: string, subclass: string): string | undefined {
  const b = NN_PRIVATE_BASES[base];
  if (!b) return undefined;
  return b.ranked ? `${b.family}${/([123])d$/i.exec(subclass)?.[1] ?? '2'}d` : b.family;
}
