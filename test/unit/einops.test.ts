// einops in the Python analysis, in the styles real models use it (vit-pytorch and its kin): Rearrange and Reduce
// inside nn.Sequential, rearrange/repeat/reduce in forward() with axis lengths bound by keyword from attributes,
// pack/unpack of a cls token, einsum, EinMix. Every number below is worked out by hand in the comments (einops does
// not run here); the engine's rules are checked case by case in test/fixtures/conformance/einops.json.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateLayer, formatShape, mulDim, symbol, type Dim, type Shape } from '../../src/engine';
import { analyzeText, type FileAnalysis, type ModelAnalysis } from '../../src/analysis';
import { loadParsers } from './support/expectations';

before(loadParsers);

const analyze = (code: string): FileAnalysis => analyzeText(code, 'python', { strict: false });
const model = (a: FileAnalysis, name: string): ModelAnalysis => {
  const m = a.models.find((x) => x.name === name);
  assert.ok(m, `model ${name} not found among ${a.models.map((x) => x.name).join(', ')}`);
  return m;
};
const shapes = (m: ModelAnalysis) => m.layers.map((l) => `${l.name}:${l.outputShape ? formatShape(l.outputShape) : '?'}`);
const out = (m: ModelAnalysis) => (m.outputShape ? formatShape(m.outputShape) : '?');
const codes = (m: ModelAnalysis) => m.diagnostics.map((d) => `${d.range.start.line + 1}:${d.code}`);
const macsOf = (m: ModelAnalysis, name: string) => m.layers.find((l) => l.name === name)?.cost?.macs;

const HEADER = 'import torch\nimport torch.nn as nn\n';

test('ViT patch embedding: Rearrange inside nn.Sequential runs before the Linear it feeds', () => {
  const m = model(analyze(`${HEADER}from einops.layers.torch import Rearrange

# input: (2, 3, 224, 224)
class PatchEmbed(nn.Module):
    def __init__(self, dim=512, patch=16):
        super().__init__()
        self.to_patch_embedding = nn.Sequential(
            Rearrange('b c (h p1) (w p2) -> b (h w) (p1 p2 c)', p1=patch, p2=patch),
            nn.Linear(patch * patch * 3, dim),
        )

    def forward(self, img):
        return self.to_patch_embedding(img)
`), 'PatchEmbed');
  // h = 224/16 = 14, w = 14: (h w) = 196 patches of p1·p2·c = 16·16·3 = 768 values
  assert.deepEqual(shapes(m), ['to_patch_embedding.0:(2, 196, 768)', 'to_patch_embedding.1:(2, 196, 512)']);
  assert.equal(m.layers[0].type, 'Rearrange');
  assert.equal(m.totalParams, 768n * 512n + 512n); // 393,728
  assert.equal(macsOf(m, 'to_patch_embedding.1'), 2n * 196n * 512n * 768n); // 154,140,672
  assert.equal(macsOf(m, 'to_patch_embedding.0'), 0n);
  assert.deepEqual(m.diagnostics, []);
});

test('a pattern that cannot split a size is an error at the Rearrange, and the next layer says nothing false', () => {
  const m = model(analyze(`${HEADER}from einops.layers.torch import Rearrange

model = nn.Sequential(
    Rearrange('b c (h p1) (w p2) -> b (h w) (p1 p2 c)', p1=16, p2=16),
    nn.Linear(768, 64),
)  # input: (2, 3, 225, 224)
`), 'model');
  assert.deepEqual(codes(m), ['6:einops-shape']);
  assert.match(m.diagnostics[0].message, /can't divide axis of length 225 in chunks of 16/);
  assert.deepEqual(shapes(m), ['0:?', '1:?']);
});

test('attention: rearrange with h=self.heads in forward(), the heads split and merged back', () => {
  const m = model(analyze(`${HEADER}from einops import rearrange

# input: (2, 10, 64)
class Attention(nn.Module):
    def __init__(self, dim=64, heads=4, dim_head=16):
        super().__init__()
        inner_dim = dim_head * heads
        self.heads = heads
        self.scale = dim_head ** -0.5
        self.to_qkv = nn.Linear(dim, inner_dim * 3, bias=False)
        self.to_out = nn.Linear(inner_dim, dim)

    def forward(self, x):
        q, k, v = self.to_qkv(x).chunk(3, dim=-1)
        q = rearrange(q, 'b n (h d) -> b h n d', h=self.heads)
        k = rearrange(k, 'b n (h d) -> b h n d', h=self.heads)
        v = rearrange(v, 'b n (h d) -> b h n d', h=self.heads)
        dots = torch.matmul(q, k.transpose(-1, -2)) * self.scale
        attn = dots.softmax(dim=-1)
        out = torch.matmul(attn, v)
        out = rearrange(out, 'b h n d -> b n (h d)')
        return self.to_out(out)
`), 'Attention');
  // to_qkv: 64 → 192, chunk(3): three (2, 10, 64); d = 64/4 = 16
  const byName = m.layers.filter((l) => l.type === 'rearrange').map((l) => (l.outputShape ? formatShape(l.outputShape) : '?'));
  assert.deepEqual(byName, ['(2, 4, 10, 16)', '(2, 4, 10, 16)', '(2, 4, 10, 16)', '(2, 10, 64)']);
  assert.equal(out(m), '(2, 10, 64)');
  assert.equal(m.totalParams, 64n * 192n + 64n * 64n + 64n);
  assert.deepEqual(m.diagnostics, []);
});

test('cls token: repeat with b from x.shape, cat, then reduce mean over the tokens', () => {
  const m = model(analyze(`${HEADER}from einops import repeat, reduce

# input: (4, 16, 32)
class Head(nn.Module):
    def __init__(self, dim=32, num_patches=16, num_classes=10):
        super().__init__()
        self.cls_token = nn.Parameter(torch.randn(1, 1, dim))
        self.pos_embedding = nn.Parameter(torch.randn(1, num_patches + 1, dim))
        self.mlp_head = nn.Linear(dim, num_classes)

    def forward(self, x):
        b, n, _ = x.shape
        cls_tokens = repeat(self.cls_token, '1 1 d -> b 1 d', b=b)
        x = torch.cat((cls_tokens, x), dim=1)
        x = x + self.pos_embedding[:, :(n + 1)]
        x = reduce(x, 'b n d -> b d', 'mean')
        return self.mlp_head(x)
`), 'Head');
  const rec = (type: string) => m.layers.find((l) => l.type === type);
  assert.equal(formatShape(rec('repeat')!.outputShape!), '(4, 1, 32)');
  assert.equal(formatShape(rec('cat')!.outputShape!), '(4, 17, 32)');
  assert.equal(formatShape(rec('reduce')!.outputShape!), '(4, 32)');
  assert.equal(out(m), '(4, 10)');
  // cls 32 + pos 17·32 = 544 + head 32·10 + 10 = 330
  assert.equal(m.totalParams, 32n + 544n + 330n);
  // mean over n: adds = 4·17·32 − 4·32 = 2,048; divisions = 4·32 = 128
  assert.deepEqual(rec('reduce')!.cost!.exact, { mul: 0n, add: 2048n, cmp: 0n, div: 128n, other: 0n });
  assert.deepEqual(m.diagnostics, []);
});

test('pack the cls token with the patches, unpack it again (vit-pytorch style)', () => {
  const m = model(analyze(`${HEADER}from einops import pack, unpack, repeat

# input: (4, 16, 32)
class PackHead(nn.Module):
    def __init__(self, dim=32, num_classes=10):
        super().__init__()
        self.cls_token = nn.Parameter(torch.randn(dim))
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, num_classes)

    def forward(self, x):
        b = x.shape[0]
        cls_tokens = repeat(self.cls_token, 'd -> b d', b=b)
        x, ps = pack([cls_tokens, x], 'b * d')
        x = self.norm(x)
        cls_tokens, patches = unpack(x, ps, 'b * d')
        return self.head(cls_tokens)
`), 'PackHead');
  // pack: ps = [(), (16,)], * = 1 + 16 = 17; unpack gives (4, 32) and (4, 16, 32)
  assert.equal(formatShape(m.layers.find((l) => l.type === 'pack')!.outputShape!), '(4, 17, 32)');
  assert.equal(formatShape(m.layers.find((l) => l.type === 'unpack')!.outputShape!), '((4, 32), (4, 16, 32))');
  assert.equal(out(m), '(4, 10)');
  assert.equal(m.totalParams, 32n + 64n + 330n);
  assert.deepEqual(m.diagnostics, []);
});

test('import einops; Reduce and EinMix in a Sequential head; einops.einsum in forward()', () => {
  const m = model(analyze(`${HEADER}import einops
from einops.layers.torch import Reduce, EinMix

# input: (4, 17, 32)
class Mixer(nn.Module):
    def __init__(self, dim=32, classes=10):
        super().__init__()
        self.mix = EinMix('b n d -> b n d2', weight_shape='d d2', bias_shape='d2', d=dim, d2=64)
        self.head = nn.Sequential(Reduce('b n d -> b d', 'mean'), nn.LayerNorm(64), nn.Linear(64, classes))

    def forward(self, x):
        x = self.mix(x)
        sim = einops.einsum(x, x, 'b i d, b j d -> b i j')
        x = einops.rearrange(x, 'b n (g d) -> b n g d', g=2)
        x = einops.reduce(x, 'b n g d -> b n (g d)', 'sum')
        return self.head(x)
`), 'Mixer');
  assert.deepEqual(shapes(m), ['mix:(4, 17, 64)', 'einops.einsum:(4, 17, 17)', 'einops.rearrange:(4, 17, 2, 32)', 'einops.reduce:(4, 17, 64)',
    'head.0:(4, 64)', 'head.1:(4, 64)', 'head.2:(4, 10)']);
  // EinMix: weight 32·64 + bias 64 = 2,112; LayerNorm 2·64; Linear 64·10 + 10
  assert.equal(m.totalParams, 2112n + 128n + 650n);
  assert.equal(macsOf(m, 'mix'), 4n * 17n * 32n * 64n); // T = b·n·d·d2 = 139,264, as Linear(32, 64) on 4·17 rows
  assert.equal(macsOf(m, 'einops.einsum'), 4n * 17n * 17n * 64n); // T = b·i·j·d = 73,984
  assert.deepEqual(m.diagnostics, []);
});

test('a missing length for repeat and an unknown output axis are errors that name them', () => {
  const m = model(analyze(`${HEADER}from einops import rearrange, repeat

# input: (2, 8)
class Bad(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 8)

    def forward(self, x):
        y = repeat(x, 'b d -> b r d')
        z = rearrange(x, 'b d -> b d e')
        return self.fc(x)
`), 'Bad');
  assert.deepEqual(codes(m), ['12:einops-pattern', '13:einops-pattern']);
  assert.match(m.diagnostics[0].message, /specify sizes for new axes in repeat: \{r\}/);
  assert.match(m.diagnostics[1].message, /identifiers only on one side of expression \(should be on both\): \{e\}/);
  assert.equal(out(m), '(2, 8)');
});

test('symbolic sizes: an axis moved whole keeps its symbol; composing two symbols multiplies them', () => {
  const a = analyze(`${HEADER}from einops.layers.torch import Rearrange

class Whole(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3)
        self.to_hwc = Rearrange('b c h w -> b h w c')

    def forward(self, x):
        return self.to_hwc(self.conv(x))

class Tokens(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3)
        self.to_tokens = Rearrange('b c h w -> b (h w) c')

    def forward(self, x):
        return self.to_tokens(self.conv(x))
`);
  const sym = (name: string) => formatShape(model(a, name).symbolicOutput!);
  assert.equal(sym('Whole'), '(N, H − 2, W − 2, 8)');
  assert.equal(sym('Tokens'), '(N, (H − 2)·(W − 2), 8)');
  assert.equal(out(model(a, 'Tokens')), '(1, 676, 8)'); // at the chosen input (1, 3, 28, 28)
});

test('a callable reduction keeps the shape and leaves the cost unknown; a list of tensors is stacked first', () => {
  const m = model(analyze(`${HEADER}from einops import rearrange, reduce

# input: (2, 3, 8)
class Misc(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 4)

    def forward(self, x):
        y = reduce(x, 'b n d -> b d', torch.amax)
        z = rearrange([y, y, y], 'k b d -> b k d')
        return self.fc(z)
`), 'Misc');
  const red = m.layers.find((l) => l.type === 'reduce')!;
  assert.equal(formatShape(red.outputShape!), '(2, 8)');
  assert.equal(red.cost, undefined);
  assert.match(red.outcome?.unknownReason ?? '', /reduction is not known statically/);
  assert.equal(m.incomplete, true);
  // three (2, 8) stacked: (3, 2, 8) → 'k b d -> b k d' = (2, 3, 8) → fc (2, 3, 4)
  assert.equal(formatShape(m.layers.find((l) => l.type === 'rearrange')!.outputShape!), '(2, 3, 8)');
  assert.equal(out(m), '(2, 3, 4)');
});

test('keyword lengths that are symbolic sizes: a group split by their exact quotient, a whole group equal to them, unknown otherwise', () => {
  const ctx = { strict: false, assume: true };
  const [N, a, b] = [symbol('N'), symbol('a'), symbol('b')];
  const rearrange = (pattern: string, input: Shape, lengths: Record<string, Dim>) =>
    evaluateLayer({ type: 'einops.rearrange', positional: [pattern], keyword: lengths }, [input], ctx);
  // CrossFormer's windows put back: (b h w) with h, w the map's own sizes over the window
  const back = rearrange('(b h w) d s1 s2 -> b d (h s1) (w s2)', [mulDim(N, mulDim(a, b)), 8, 7, 7], { h: a, w: b });
  assert.equal(back.status, 'ok');
  assert.equal(formatShape(back.output as Shape), '(N, 8, 7·a, 7·b)');
  // every length of the group given: the size must be their product, a constraint the solver keeps
  const whole = rearrange('b (h w) c -> b h w c', [N, symbol('L'), 4], { h: a, w: b });
  assert.equal(formatShape(whole.output as Shape), '(N, a, b, 4)');
  assert.equal(whole.constraints?.length, 1);
  // no exact quotient: the length is not known statically (never a guess)
  assert.equal(rearrange('(b h) d -> b h d', [symbol('M'), 8], { h: a }).status, 'unknown');
});
