/**
 * The confusion matrix as an HTML table: rows are the true classes, columns the answers, each cell shaded by
 * its share of its row so the mistakes stand out.
 */
export function confusionTable(
  classNames: readonly string[],
  matrix: readonly (readonly number[])[],
): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'confusion';
  const head = table.createTHead().insertRow();
  head.insertCell().textContent = 'true \\ answer';
  for (const name of classNames) {
    const th = document.createElement('th');
    th.textContent = name;
    head.appendChild(th);
  }
  const body = table.createTBody();
  matrix.forEach((row, i) => {
    const tr = body.insertRow();
    const th = document.createElement('th');
    th.textContent = classNames[i] ?? String(i);
    tr.appendChild(th);
    const total = row.reduce((a, b) => a + b, 0) || 1;
    row.forEach((count, j) => {
      const td = tr.insertCell();
      td.textContent = String(count);
      const share = count / total;
      const hue = i === j ? 140 : 0;
      td.style.background = count === 0 ? '' : `hsla(${hue}, 70%, 45%, ${0.15 + 0.6 * share})`;
    });
  });
  return table;
}
