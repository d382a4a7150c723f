// A shape written as text — an input comment's, the CLI's --input, the "Set Input Shape" box — read without the
// rest of the analysis: the extension host reads what the user typed with this alone (its bundle stays thin).

/** "(1, 3, 224, 224)", "[1,3,224,224]", "1x3x224x224", "1×3×224×224", "(10,)"; anything after is a remark. */
export function parseShapeText(text: string): number[] | undefined {
  const t = text.trim();
  const bracket = /^[([]\s*(\d+(?:\s*,\s*\d+)*)\s*,?\s*[)\]]/.exec(t);
  const times = /^(\d+(?:\s*[x×*]\s*\d+)*)(?![\d.])/.exec(t);
  const body = bracket ? bracket[1].split(',') : times ? times[1].split(/[x×*]/) : undefined;
  if (!body) return undefined;
  const dims = body.map((d) => Number(d.trim()));
  return dims.length > 0 && dims.every((d) => Number.isInteger(d) && d >= 0 && d <= 2 ** 31) ? dims : undefined;
}

/** A shape typed by a user (CLI --input, "Set Input Shape"): the comment's forms, or bare "1, 3, 224, 224". */
export function parseInputOption(text: string): number[] | undefined {
  const t = text.trim();
  return parseShapeText(/^[([]/.test(t) ? t : t.includes(',') ? `(${t})` : t);
}
