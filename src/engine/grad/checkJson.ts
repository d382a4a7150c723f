// Writing a check file the way a person would: objects indented, each matrix row on one line.
const isNumeric = (v: unknown): boolean => typeof v === 'number' || (Array.isArray(v) && v.every(isNumeric));

function write(v: unknown, pad: string): string {
  const inner = pad + '  ';
  if (Array.isArray(v)) {
    const flat = JSON.stringify(v).replace(/,/g, ', ');
    if (v.length === 0 || (isNumeric(v) && flat.length <= 80) || v.every((e) => !Array.isArray(e) && (typeof e !== 'object' || e === null))) return flat;
    return `[\n${v.map((e) => inner + write(e, inner)).join(',\n')}\n${pad}]`;
  }
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v).filter(([, e]) => e !== undefined);
    if (entries.length === 0) return '{}';
    const oneLine = `{ ${entries.map(([k, e]) => `${JSON.stringify(k)}: ${write(e, inner)}`).join(', ')} }`;
    if (oneLine.length <= 100 && !oneLine.includes('\n')) return oneLine;
    return `{\n${entries.map(([k, e]) => `${inner}${JSON.stringify(k)}: ${write(e, inner)}`).join(',\n')}\n${pad}}`;
  }
  return JSON.stringify(v);
}

/** A check file (or report) as readable JSON text, ending in a newline. */
export function stringifyCheck(value: unknown): string {
  return write(value, '') + '\n';
}
