/**
 * Rows as an aligned table: the first column (the labels) left-aligned, the others (numbers) right-aligned,
 * columns two spaces apart, no trailing spaces.
 */
export function renderTable(rows: readonly (readonly string[])[]): string {
  const columns = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, c) =>
    Math.max(0, ...rows.map((r) => (r[c] ?? '').length)),
  );
  return rows
    .map((r) =>
      widths
        .map((w, c) => {
          const cell = r[c] ?? '';
          return c === 0 ? cell.padEnd(w) : cell.padStart(w);
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
