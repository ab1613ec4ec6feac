/**
 * Sine and cosine that give the same bits in every JavaScript engine.
 *
 * `Math.sin` and `Math.cos` are implementation-approximated by the spec: V8, SpiderMonkey and JavaScriptCore
 * may differ in the last bit, which would change a rendered pixel now and then and break "same seed, same
 * bytes in Node and browser". These use only +, -, * and `Math.round`, which IEEE 754 fixes exactly
 * (fdlibm's kernel polynomials, with a two-part Cody-Waite reduction, accurate to about 1 ulp for |x| < 1e5).
 */
const PIO2_HI = 1.5707963267341256;
const PIO2_LO = 6.077100506506192e-11;
const TWO_OVER_PI = 0.6366197723675814;

function kernelSin(x: number): number {
  const z = x * x;
  return (
    x +
    x *
      z *
      (-1.6666666666666632e-1 +
        z *
          (8.33333333332249e-3 +
            z *
              (-1.9841269829857949e-4 +
                z * (2.7557313707070068e-6 + z * (-2.5050760253406863e-8 + z * 1.58969099521155e-10)))))
  );
}

function kernelCos(x: number): number {
  const z = x * x;
  return (
    1 -
    0.5 * z +
    z *
      z *
      (4.16666666666666e-2 +
        z *
          (-1.388888888887411e-3 +
            z *
              (2.480158728947673e-5 +
                z * (-2.7557314351390663e-7 + z * (2.087572321298175e-9 + z * -1.1359647557788195e-11)))))
  );
}

/** Deterministic `sin(x)` for radians. */
export function sin(x: number): number {
  const k = Math.round(x * TWO_OVER_PI);
  const r = x - k * PIO2_HI - k * PIO2_LO;
  switch (k & 3) {
    case 0:
      return kernelSin(r);
    case 1:
      return kernelCos(r);
    case 2:
      return -kernelSin(r);
    default:
      return -kernelCos(r);
  }
}

/** Deterministic `cos(x)` for radians. */
export function cos(x: number): number {
  const k = Math.round(x * TWO_OVER_PI);
  const r = x - k * PIO2_HI - k * PIO2_LO;
  switch (k & 3) {
    case 0:
      return kernelCos(r);
    case 1:
      return -kernelSin(r);
    case 2:
      return -kernelCos(r);
    default:
      return kernelSin(r);
  }
}
