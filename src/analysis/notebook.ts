// A notebook is analysed as one Python text: its code cells in order, joined with '\n' (so a cell of n lines starts
// n lines after the one before it), with the magics blanked. The editor, the CLI and the census read notebooks
// through these functions, so they analyse the same text.

/** Notebook magics (`%matplotlib`, `!pip`) are not Python: blank them out, keeping every position. */
export const hideMagics = (text: string): string =>
  text.replace(/^([ \t]*)[%!].*$/gm, (m, indent: string) => indent + '#'.padEnd(m.length - indent.length, ' '));

/** The analysed text of a notebook and the first line of each cell in it. */
export function joinCells(cells: readonly string[]): { text: string; cellStarts: number[] } {
  const cellStarts: number[] = [];
  let line = 0;
  for (const cell of cells) {
    cellStarts.push(line);
    line += cell.split('\n').length;
  }
  return { text: cells.map(hideMagics).join('\n'), cellStarts };
}

/** An .ipynb file's code cells (nbformat 4: `cells[].cell_type`, `source` as a string or a list of lines). */
export function notebookCells(json: string): string[] {
  const doc = JSON.parse(json) as { cells?: { cell_type?: string; source?: string | string[] }[] };
  return (doc.cells ?? []).filter((c) => c.cell_type === 'code')
    .map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source ?? '').replace(/\n$/, ''));
}
