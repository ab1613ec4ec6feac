// Fixed colours for the series the commands name, so 'transfer' is the same blue in every report.
const NAMED: Array<[string, string]> = [
  ['transfer', '#2563eb'],
  ['scratch', '#dc2626'],
  ['prototype', '#16a34a'],
  ['train', '#2563eb'],
  ['val', '#ea580c'],
];

const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777'];

/**
 * One colour per series name: the fixed colour of a known name (`transfer`, `scratch`, `prototype`, `train`,
 * `validation`), else the next palette colour that no other series of the chart already uses.
 */
export function seriesColors(names: readonly string[]): string[] {
  const colors: Array<string | undefined> = names.map((name) => {
    const lower = name.toLowerCase();
    return NAMED.find(([key]) => lower.startsWith(key))?.[1];
  });
  const used = new Set<string>();
  // Two series matching one name would otherwise share a colour and be told apart by the legend order only.
  for (let i = 0; i < colors.length; i++) {
    const c = colors[i];
    if (c === undefined) continue;
    if (used.has(c)) colors[i] = undefined;
    else used.add(c);
  }
  const free = PALETTE.filter((c) => !used.has(c));
  let next = 0;
  return colors.map((c) => c ?? free[next++ % free.length] ?? PALETTE[next % PALETTE.length]);
}
