/**
 * Compares two names so that digit runs order by value ("2.png" before "10.png"), the way file managers list
 * them. Other characters compare by UTF-16 code unit rather than locale, so the order (and with it the index
 * each image gets) is the same on every machine.
 */
export function naturalCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (isDigit(a.charCodeAt(i)) && isDigit(b.charCodeAt(j))) {
      let ei = i;
      let ej = j;
      while (ei < a.length && isDigit(a.charCodeAt(ei))) ei++;
      while (ej < b.length && isDigit(b.charCodeAt(ej))) ej++;
      // Compare by value without parsing, so runs longer than a double's precision still order correctly.
      const x = a.slice(i, ei).replace(/^0+/, '');
      const y = b.slice(j, ej).replace(/^0+/, '');
      if (x.length !== y.length) return x.length - y.length;
      if (x !== y) return x < y ? -1 : 1;
      i = ei;
      j = ej;
    } else {
      const d = a.charCodeAt(i) - b.charCodeAt(j);
      if (d !== 0) return d;
      i++;
      j++;
    }
  }
  if (a.length - i !== b.length - j) return a.length - i - (b.length - j);
  // Equal up to zero padding ("01" vs "1"): fall back to plain order so the sort stays total.
  return a < b ? -1 : a > b ? 1 : 0;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
