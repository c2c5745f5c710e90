/**
 * The two data-matrix kernels of every finite-(n, d) solver, in AssemblyScript with
 * WebAssembly SIMD (f64x2). Compiled by scripts/build-wasm.mjs into
 * src/solvers/kernels/xKernel.wasm, which src/solvers/kernels/createXKernel.ts loads.
 *
 * Method. X ∈ R^{n×d} is row-major (row i = x_i, 8-byte doubles). A parameter block
 * Θ ∈ R^{d×k} is stored transposed, as k contiguous vectors θ_a of length d (byte offset
 * 8·(a·d + j)), the convention of docs/conventions.md. With rows ρ(i) = idx[i] (or i when
 * no index list is used):
 *   dots:   r[i·k + a] = x_{ρ(i)} · θ_a                            for i < count, a < k;
 *   update: θ_a ← decay·θ_a − Σ_{i<count} coef[i·k + a] x_{ρ(i)}   for a < k.
 * SGD with batch κ (arXiv 2601.21093, the multi-pass mini-batch step) is dots, then
 * coef = γ ℓ(r; y) in JavaScript, then update with decay = 1 − ηλ.
 *
 * Blocking, and why. A batch's rows come cold from memory, so the kernels keep several
 * sequential streams in flight and touch θ (hot in L1) as little as possible:
 * - dots walks eight rows (then four) side by side against one θ_a load, with one
 *   accumulator chain per row, which also hides the latency of the f64x2 adds. A lone row
 *   (κ = 1) is cut into four equal segments walked side by side, for the same two reasons.
 * - update reads and writes θ_a once per eight rows (then four, two, one) and folds decay
 *   into the first pass, so κ = 1 costs one pass over θ and one over the row, which the
 *   preceding dots has just brought into cache.
 * Measured on the reference machine (bench/kernels.ts): a 4- to 8-row block is worth about
 * 1.3× at κ = 64, and the segmented lone row about 1.3× at κ = 1, over the plain loops.
 *
 * Conventions. All addresses are byte offsets into the imported memory, chosen by the
 * JavaScript loader, which has already checked every index and every size; the kernels do no
 * allocation and never grow memory. There is no fused multiply-add (relaxed SIMD would make
 * the rounding machine-dependent), so results are bit-identical from run to run. The order
 * of summation is fixed by the code below and differs from the plain loops of
 * src/solvers/kernels/createReferenceXKernel.ts only by re-association.
 */

/** Byte address of row i of the batch: row idx[i] when useIdx, else row i. */
@inline
function rowAt(x: usize, rowBytes: usize, idx: usize, useIdx: i32, i: i32): usize {
  const row: usize = useIdx != 0 ? <usize>load<i32>(idx + (<usize>i << 2)) : <usize>i;
  return x + row * rowBytes;
}

/** Sum of the two lanes of an f64x2. */
@inline
function lanes(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/** 1 when s is finite, 0 for ±Infinity or NaN (s − s is NaN exactly then). */
@inline
function isFinite1(s: f64): i32 {
  return <i32>(s - s == 0.0);
}

/**
 * Eight dot products x_m · t (m = 0..7) over `pairBytes` bytes of pairs plus an optional odd
 * tail element, written to out + m·outStride. Returns 1 when all eight are finite.
 */
@inline
function dot8(
  p0: usize, p1: usize, p2: usize, p3: usize, p4: usize, p5: usize, p6: usize, p7: usize,
  t: usize, pairBytes: usize, odd: bool, out: usize, outStride: usize,
): i32 {
  let a0 = f64x2.splat(0.0);
  let a1 = f64x2.splat(0.0);
  let a2 = f64x2.splat(0.0);
  let a3 = f64x2.splat(0.0);
  let a4 = f64x2.splat(0.0);
  let a5 = f64x2.splat(0.0);
  let a6 = f64x2.splat(0.0);
  let a7 = f64x2.splat(0.0);
  for (let j: usize = 0; j < pairBytes; j += 16) {
    const tv = v128.load(t + j);
    a0 = f64x2.add(a0, f64x2.mul(v128.load(p0 + j), tv));
    a1 = f64x2.add(a1, f64x2.mul(v128.load(p1 + j), tv));
    a2 = f64x2.add(a2, f64x2.mul(v128.load(p2 + j), tv));
    a3 = f64x2.add(a3, f64x2.mul(v128.load(p3 + j), tv));
    a4 = f64x2.add(a4, f64x2.mul(v128.load(p4 + j), tv));
    a5 = f64x2.add(a5, f64x2.mul(v128.load(p5 + j), tv));
    a6 = f64x2.add(a6, f64x2.mul(v128.load(p6 + j), tv));
    a7 = f64x2.add(a7, f64x2.mul(v128.load(p7 + j), tv));
  }
  let s0 = lanes(a0);
  let s1 = lanes(a1);
  let s2 = lanes(a2);
  let s3 = lanes(a3);
  let s4 = lanes(a4);
  let s5 = lanes(a5);
  let s6 = lanes(a6);
  let s7 = lanes(a7);

  if (odd) {
    const tt = load<f64>(t + pairBytes);
    s0 += load<f64>(p0 + pairBytes) * tt;
    s1 += load<f64>(p1 + pairBytes) * tt;
    s2 += load<f64>(p2 + pairBytes) * tt;
    s3 += load<f64>(p3 + pairBytes) * tt;
    s4 += load<f64>(p4 + pairBytes) * tt;
    s5 += load<f64>(p5 + pairBytes) * tt;
    s6 += load<f64>(p6 + pairBytes) * tt;
    s7 += load<f64>(p7 + pairBytes) * tt;
  }

  store<f64>(out, s0);
  store<f64>(out + outStride, s1);
  store<f64>(out + 2 * outStride, s2);
  store<f64>(out + 3 * outStride, s3);
  store<f64>(out + 4 * outStride, s4);
  store<f64>(out + 5 * outStride, s5);
  store<f64>(out + 6 * outStride, s6);
  store<f64>(out + 7 * outStride, s7);
  return isFinite1(s0) & isFinite1(s1) & isFinite1(s2) & isFinite1(s3)
    & isFinite1(s4) & isFinite1(s5) & isFinite1(s6) & isFinite1(s7);
}

/** Four dot products x_m · t (m = 0..3), as dot8. */
@inline
function dot4(
  p0: usize, p1: usize, p2: usize, p3: usize, t: usize,
  pairBytes: usize, odd: bool, out: usize, outStride: usize,
): i32 {
  let a0 = f64x2.splat(0.0);
  let a1 = f64x2.splat(0.0);
  let a2 = f64x2.splat(0.0);
  let a3 = f64x2.splat(0.0);
  for (let j: usize = 0; j < pairBytes; j += 16) {
    const tv = v128.load(t + j);
    a0 = f64x2.add(a0, f64x2.mul(v128.load(p0 + j), tv));
    a1 = f64x2.add(a1, f64x2.mul(v128.load(p1 + j), tv));
    a2 = f64x2.add(a2, f64x2.mul(v128.load(p2 + j), tv));
    a3 = f64x2.add(a3, f64x2.mul(v128.load(p3 + j), tv));
  }
  let s0 = lanes(a0);
  let s1 = lanes(a1);
  let s2 = lanes(a2);
  let s3 = lanes(a3);

  if (odd) {
    const tt = load<f64>(t + pairBytes);
    s0 += load<f64>(p0 + pairBytes) * tt;
    s1 += load<f64>(p1 + pairBytes) * tt;
    s2 += load<f64>(p2 + pairBytes) * tt;
    s3 += load<f64>(p3 + pairBytes) * tt;
  }

  store<f64>(out, s0);
  store<f64>(out + outStride, s1);
  store<f64>(out + 2 * outStride, s2);
  store<f64>(out + 3 * outStride, s3);
  return isFinite1(s0) & isFinite1(s1) & isFinite1(s2) & isFinite1(s3);
}

/**
 * One dot product p · t, split into four segments of equal length walked side by side, so
 * that four sequential streams are in flight (a lone row comes cold from memory, and one
 * stream leaves the prefetcher latency-bound) and four add chains overlap. Written to out;
 * returns 1 when finite.
 */
@inline
function dot1(p: usize, t: usize, pairBytes: usize, odd: bool, out: usize): i32 {
  const seg = (pairBytes >> 6) << 4;
  let a0 = f64x2.splat(0.0);
  let a1 = f64x2.splat(0.0);
  let a2 = f64x2.splat(0.0);
  let a3 = f64x2.splat(0.0);
  const p1 = p + seg;
  const p2 = p1 + seg;
  const p3 = p2 + seg;
  const t1 = t + seg;
  const t2 = t1 + seg;
  const t3 = t2 + seg;
  for (let j: usize = 0; j < seg; j += 16) {
    a0 = f64x2.add(a0, f64x2.mul(v128.load(p + j), v128.load(t + j)));
    a1 = f64x2.add(a1, f64x2.mul(v128.load(p1 + j), v128.load(t1 + j)));
    a2 = f64x2.add(a2, f64x2.mul(v128.load(p2 + j), v128.load(t2 + j)));
    a3 = f64x2.add(a3, f64x2.mul(v128.load(p3 + j), v128.load(t3 + j)));
  }
  for (let j: usize = seg << 2; j < pairBytes; j += 16) {
    a0 = f64x2.add(a0, f64x2.mul(v128.load(p + j), v128.load(t + j)));
  }
  let s = lanes(f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3)));

  if (odd) {
    s += load<f64>(p + pairBytes) * load<f64>(t + pairBytes);
  }

  store<f64>(out, s);
  return isFinite1(s);
}

/**
 * r[i·k + a] = x_{ρ(i)} · θ_a for i < count and a < k. Returns 1 when every r written is
 * finite, 0 otherwise (the caller reports divergence; nothing here throws).
 */
export function dots(
  x: usize, d: i32, k: i32, idx: usize, useIdx: i32, count: i32, theta: usize, r: usize,
): i32 {
  const rowBytes = <usize>d << 3;
  const pairBytes = (<usize>d >> 1) << 4;
  const odd = (d & 1) != 0;
  const rowStride = <usize>k << 3;
  let finite: i32 = 1;

  let i: i32 = 0;
  for (; i + 8 <= count; i += 8) {
    const p0 = rowAt(x, rowBytes, idx, useIdx, i);
    const p1 = rowAt(x, rowBytes, idx, useIdx, i + 1);
    const p2 = rowAt(x, rowBytes, idx, useIdx, i + 2);
    const p3 = rowAt(x, rowBytes, idx, useIdx, i + 3);
    const p4 = rowAt(x, rowBytes, idx, useIdx, i + 4);
    const p5 = rowAt(x, rowBytes, idx, useIdx, i + 5);
    const p6 = rowAt(x, rowBytes, idx, useIdx, i + 6);
    const p7 = rowAt(x, rowBytes, idx, useIdx, i + 7);
    const out = r + <usize>i * rowStride;
    for (let a: i32 = 0; a < k; a++) {
      const t = theta + <usize>a * rowBytes;
      const o = out + (<usize>a << 3);
      finite &= dot8(p0, p1, p2, p3, p4, p5, p6, p7, t, pairBytes, odd, o, rowStride);
    }
  }
  for (; i + 4 <= count; i += 4) {
    const p0 = rowAt(x, rowBytes, idx, useIdx, i);
    const p1 = rowAt(x, rowBytes, idx, useIdx, i + 1);
    const p2 = rowAt(x, rowBytes, idx, useIdx, i + 2);
    const p3 = rowAt(x, rowBytes, idx, useIdx, i + 3);
    const out = r + <usize>i * rowStride;
    for (let a: i32 = 0; a < k; a++) {
      const t = theta + <usize>a * rowBytes;
      finite &= dot4(p0, p1, p2, p3, t, pairBytes, odd, out + (<usize>a << 3), rowStride);
    }
  }

  for (; i < count; i++) {
    const p = rowAt(x, rowBytes, idx, useIdx, i);
    const out = r + <usize>i * rowStride;
    for (let a: i32 = 0; a < k; a++) {
      const t = theta + <usize>a * rowBytes;
      finite &= dot1(p, t, pairBytes, odd, out + (<usize>a << 3));
    }
  }
  return finite;
}

/** v ← scale·v − Σ_{m<8} c_m p_m, one read and one write of v per eight rows. */
@inline
function axpy8(
  v: usize, p0: usize, p1: usize, p2: usize, p3: usize,
  p4: usize, p5: usize, p6: usize, p7: usize, c: usize, cStride: usize,
  scale: f64, pairBytes: usize, odd: bool,
): void {
  const w0 = f64x2.splat(load<f64>(c));
  const w1 = f64x2.splat(load<f64>(c + cStride));
  const w2 = f64x2.splat(load<f64>(c + 2 * cStride));
  const w3 = f64x2.splat(load<f64>(c + 3 * cStride));
  const w4 = f64x2.splat(load<f64>(c + 4 * cStride));
  const w5 = f64x2.splat(load<f64>(c + 5 * cStride));
  const w6 = f64x2.splat(load<f64>(c + 6 * cStride));
  const w7 = f64x2.splat(load<f64>(c + 7 * cStride));
  const sv = f64x2.splat(scale);
  for (let j: usize = 0; j < pairBytes; j += 16) {
    const s01 = f64x2.add(f64x2.mul(v128.load(p0 + j), w0), f64x2.mul(v128.load(p1 + j), w1));
    const s23 = f64x2.add(f64x2.mul(v128.load(p2 + j), w2), f64x2.mul(v128.load(p3 + j), w3));
    const s45 = f64x2.add(f64x2.mul(v128.load(p4 + j), w4), f64x2.mul(v128.load(p5 + j), w5));
    const s67 = f64x2.add(f64x2.mul(v128.load(p6 + j), w6), f64x2.mul(v128.load(p7 + j), w7));
    const sum = f64x2.add(f64x2.add(s01, s23), f64x2.add(s45, s67));
    v128.store(v + j, f64x2.sub(f64x2.mul(v128.load(v + j), sv), sum));
  }

  if (odd) {
    const e = pairBytes;
    const s01 = load<f64>(p0 + e) * load<f64>(c) + load<f64>(p1 + e) * load<f64>(c + cStride);
    const s23 = load<f64>(p2 + e) * load<f64>(c + 2 * cStride)
      + load<f64>(p3 + e) * load<f64>(c + 3 * cStride);
    const s45 = load<f64>(p4 + e) * load<f64>(c + 4 * cStride)
      + load<f64>(p5 + e) * load<f64>(c + 5 * cStride);
    const s67 = load<f64>(p6 + e) * load<f64>(c + 6 * cStride)
      + load<f64>(p7 + e) * load<f64>(c + 7 * cStride);
    store<f64>(v + e, load<f64>(v + e) * scale - ((s01 + s23) + (s45 + s67)));
  }
}

/** v ← scale·v − (c0 p0 + c1 p1 + c2 p2 + c3 p3), one read and one write of v. */
@inline
function axpy4(
  v: usize, p0: usize, p1: usize, p2: usize, p3: usize,
  c0: f64, c1: f64, c2: f64, c3: f64, scale: f64, pairBytes: usize, odd: bool,
): void {
  const w0 = f64x2.splat(c0);
  const w1 = f64x2.splat(c1);
  const w2 = f64x2.splat(c2);
  const w3 = f64x2.splat(c3);
  const sv = f64x2.splat(scale);
  for (let j: usize = 0; j < pairBytes; j += 16) {
    const lo = f64x2.add(
      f64x2.mul(v128.load(p0 + j), w0), f64x2.mul(v128.load(p1 + j), w1),
    );
    const hi = f64x2.add(
      f64x2.mul(v128.load(p2 + j), w2), f64x2.mul(v128.load(p3 + j), w3),
    );
    const old = f64x2.mul(v128.load(v + j), sv);
    v128.store(v + j, f64x2.sub(old, f64x2.add(lo, hi)));
  }

  if (odd) {
    const lo = load<f64>(p0 + pairBytes) * c0 + load<f64>(p1 + pairBytes) * c1;
    const hi = load<f64>(p2 + pairBytes) * c2 + load<f64>(p3 + pairBytes) * c3;
    store<f64>(v + pairBytes, load<f64>(v + pairBytes) * scale - (lo + hi));
  }
}

/** v ← scale·v − (c0 p0 + c1 p1). */
@inline
function axpy2(
  v: usize, p0: usize, p1: usize, c0: f64, c1: f64, scale: f64, pairBytes: usize, odd: bool,
): void {
  const w0 = f64x2.splat(c0);
  const w1 = f64x2.splat(c1);
  const sv = f64x2.splat(scale);
  for (let j: usize = 0; j < pairBytes; j += 16) {
    const s = f64x2.add(f64x2.mul(v128.load(p0 + j), w0), f64x2.mul(v128.load(p1 + j), w1));
    v128.store(v + j, f64x2.sub(f64x2.mul(v128.load(v + j), sv), s));
  }

  if (odd) {
    const s = load<f64>(p0 + pairBytes) * c0 + load<f64>(p1 + pairBytes) * c1;
    store<f64>(v + pairBytes, load<f64>(v + pairBytes) * scale - s);
  }
}

/** v ← scale·v − c0 p0, unrolled over runs of four pairs. */
@inline
function axpy1(v: usize, p0: usize, c0: f64, scale: f64, pairBytes: usize, odd: bool): void {
  const w0 = f64x2.splat(c0);
  const sv = f64x2.splat(scale);
  const quadBytes = pairBytes & ~(<usize>63);
  let j: usize = 0;
  for (; j < quadBytes; j += 64) {
    const q = v + j;
    const p = p0 + j;
    v128.store(q, f64x2.sub(f64x2.mul(v128.load(q), sv), f64x2.mul(v128.load(p), w0)));
    v128.store(q, f64x2.sub(
      f64x2.mul(v128.load(q, 16), sv), f64x2.mul(v128.load(p, 16), w0)), 16);
    v128.store(q, f64x2.sub(
      f64x2.mul(v128.load(q, 32), sv), f64x2.mul(v128.load(p, 32), w0)), 32);
    v128.store(q, f64x2.sub(
      f64x2.mul(v128.load(q, 48), sv), f64x2.mul(v128.load(p, 48), w0)), 48);
  }
  for (; j < pairBytes; j += 16) {
    const s = f64x2.mul(v128.load(p0 + j), w0);
    v128.store(v + j, f64x2.sub(f64x2.mul(v128.load(v + j), sv), s));
  }

  if (odd) {
    const s = load<f64>(p0 + pairBytes) * c0;
    store<f64>(v + pairBytes, load<f64>(v + pairBytes) * scale - s);
  }
}

/** v ← scale·v, for a step with an empty batch. */
@inline
function scaleOnly(v: usize, scale: f64, pairBytes: usize, odd: bool): void {
  const sv = f64x2.splat(scale);
  for (let j: usize = 0; j < pairBytes; j += 16) {
    v128.store(v + j, f64x2.mul(v128.load(v + j), sv));
  }

  if (odd) {
    store<f64>(v + pairBytes, load<f64>(v + pairBytes) * scale);
  }
}

/**
 * θ_a ← decay·θ_a − Σ_{i<count} coef[i·k + a] x_{ρ(i)} for a < k. The decay multiplies
 * θ_a exactly once, in the first pass; an empty batch only rescales.
 */
export function update(
  x: usize, d: i32, k: i32, idx: usize, useIdx: i32, count: i32, coef: usize, decay: f64,
  theta: usize,
): void {
  const rowBytes = <usize>d << 3;
  const pairBytes = (<usize>d >> 1) << 4;
  const odd = (d & 1) != 0;
  const rowStride = <usize>k << 3;

  for (let a: i32 = 0; a < k; a++) {
    const v = theta + <usize>a * rowBytes;
    const c = coef + (<usize>a << 3);
    let scale = decay;

    let i: i32 = 0;
    for (; i + 8 <= count; i += 8) {
      axpy8(
        v,
        rowAt(x, rowBytes, idx, useIdx, i), rowAt(x, rowBytes, idx, useIdx, i + 1),
        rowAt(x, rowBytes, idx, useIdx, i + 2), rowAt(x, rowBytes, idx, useIdx, i + 3),
        rowAt(x, rowBytes, idx, useIdx, i + 4), rowAt(x, rowBytes, idx, useIdx, i + 5),
        rowAt(x, rowBytes, idx, useIdx, i + 6), rowAt(x, rowBytes, idx, useIdx, i + 7),
        c + <usize>i * rowStride, rowStride, scale, pairBytes, odd,
      );
      scale = 1.0;
    }
    for (; i + 4 <= count; i += 4) {
      const ci = c + <usize>i * rowStride;
      axpy4(
        v,
        rowAt(x, rowBytes, idx, useIdx, i), rowAt(x, rowBytes, idx, useIdx, i + 1),
        rowAt(x, rowBytes, idx, useIdx, i + 2), rowAt(x, rowBytes, idx, useIdx, i + 3),
        load<f64>(ci), load<f64>(ci + rowStride),
        load<f64>(ci + 2 * rowStride), load<f64>(ci + 3 * rowStride),
        scale, pairBytes, odd,
      );
      scale = 1.0;
    }

    if (i + 2 <= count) {
      const ci = c + <usize>i * rowStride;
      axpy2(
        v, rowAt(x, rowBytes, idx, useIdx, i), rowAt(x, rowBytes, idx, useIdx, i + 1),
        load<f64>(ci), load<f64>(ci + rowStride), scale, pairBytes, odd,
      );
      scale = 1.0;
      i += 2;
    }

    if (i < count) {
      const ci = c + <usize>i * rowStride;
      axpy1(v, rowAt(x, rowBytes, idx, useIdx, i), load<f64>(ci), scale, pairBytes, odd);
    } else if (count == 0 && decay != 1.0) {
      scaleOnly(v, decay, pairBytes, odd);
    }
  }
}
