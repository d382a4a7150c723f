// A notebook is analysed as one Python text: its code cells in order, joined with '\n' (so a cell of n lines starts
// n lines after the one before it), with the magics blanked. Free of the vscode API: scripts/census.ts reads
// .ipynb files with it too.

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
