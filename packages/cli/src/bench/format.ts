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

/** A rate for people: thousands grouped, one decimal below 100 (`20,345`, `512`, `3.4`); `-` when missing. */
export function formatRate(x: number | null | undefined): string {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '-';
  const digits = Math.abs(x) < 100 ? 1 : 0;
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A ratio for people: `2.41x`; `-` when there is none. */
export function formatRatio(r: number | null | undefined): string {
  return typeof r === 'number' && Number.isFinite(r) ? `${r.toFixed(2)}x` : '-';
}
