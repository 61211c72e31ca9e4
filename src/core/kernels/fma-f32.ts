/**
 * The float32 fused multiply-add in JavaScript: fmaF32(a, b, c) = the float32 nearest a·b + c, rounded once
 * (ties to even), for float32 a, b, c. The reference for the float32 matrix products when they fuse (the
 * WebAssembly kernels' f32x4.relaxed_madd on a host with a fused multiply-add).
 *
 * Exact emulation in doubles: p = a·b is exact (24 + 24 significant bits ≤ 53, and float32's exponents stay well
 * inside float64's); s = p + c rounds once, with TwoSum's error e = (p + c) − s exact. Rounding s to float32,
 * r = fround(s), is then the correct rounding of p + c except when s lies exactly halfway between two float32
 * neighbours while e ≠ 0: the exact sum is then off the midpoint, on e's side, and the answer is the neighbour on
 * that side (fround's tie-to-even may have picked the other). Everything happens on magnitudes with float32's
 * infinity standing for 2¹²⁸, so that the overflow threshold (FLT_MAX + ½ ulp) is an ordinary midpoint.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
/** The bits of float32's infinity, read as the magnitude 2¹²⁸ (the next float32 above FLT_MAX, unbounded). */
const infinityBits = 0x7f800000;

/** The magnitude of a float32 bit pattern (sign clear): 2¹²⁸ for infinity's bits. */
const magnitude = (bits: number): number => {
  if (bits === infinityBits) return 2 ** 128;
  u32[0] = bits;
  return f32[0] ?? NaN;
};

/** The bits of a float32 magnitude (a non-negative float32, or +∞). */
const bitsOf = (x: number): number => {
  f32[0] = x;
  return u32[0] ?? 0;
};

/**
 * fmaF32(a, b, c): the float32 nearest a·b + c, computed exactly and rounded once (ties to even), for float32
 * values a, b, c (numbers that `Math.fround` leaves unchanged). Infinities and NaN as IEEE 754's fusedMultiplyAdd:
 * ∞·0 and ∞ − ∞ give NaN. An exact zero sum is +0, except (−0) + (−0) = −0.
 */
export const fmaF32 = (a: number, b: number, c: number): number => {
  const p = a * b;
  const s = p + c;
  const r = Math.fround(s);
  // s is finite whenever a, b and c are (|p| ≤ 2²⁵⁶); a float32 s (zeros included) is already the answer.
  if (r === s || !Number.isFinite(s)) return r;
  // TwoSum: s + e = p + c exactly.
  const pv = s - c;
  const e = p - pv + (c - (s - pv));
  if (e === 0) return r;
  const sign = s < 0 ? -1 : 1;
  const sm = s * sign;
  const rBits = bitsOf(r * sign);
  const rm = magnitude(rBits);
  // q: r's float32 neighbour on s's side; s is a midpoint when it is their mean (exact in doubles).
  const qm = magnitude(sm > rm ? rBits + 1 : rBits - 1);
  if (sm !== (rm + qm) / 2) return r;
  // The exact sum lies beyond the midpoint on e's side: the neighbour there, toward q if e points from r to q.
  const towardQ = qm > rm === e * sign > 0;
  return sign * Math.fround(towardQ ? qm : rm);
};
