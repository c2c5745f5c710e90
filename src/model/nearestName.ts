/**
 * Nearest valid name for a misspelt one, used by configuration errors to say
 * "did you mean 'delta'?".
 *
 * Method: the unrestricted Damerau–Levenshtein distance (insertions, deletions, substitutions
 * and transpositions of adjacent characters, where a transposed pair may be edited further),
 * computed with the Lowrance–Wagner dynamic programme in O(|a|·|b|) time and memory
 * (R. Lowrance, R. Wagner, "An extension of the string-to-string correction problem",
 * J. ACM 22(2), 1975). Unlike the restricted "optimal string alignment" variant it is a
 * metric: it satisfies the triangle inequality, which tests/config checks.
 *
 * Conventions: strings are compared by Unicode code point; `nearestName` ignores case, so
 * "Delta" suggests "delta". Units: a distance counts edit operations.
 */

/** Unrestricted Damerau–Levenshtein distance between `a` and `b`. */
export function damerauLevenshtein(a: string, b: string): number {
  if (typeof a !== 'string') {
    throw new TypeError(`a must be a string, received ${typeof a}`);
  }
  if (typeof b !== 'string') {
    throw new TypeError(`b must be a string, received ${typeof b}`);
  }
  const s = Array.from(a);
  const t = Array.from(b);
  const m = s.length;
  const n = t.length;
  const infinity = m + n;
  const width = n + 2;

  // table[(i + 1) * width + (j + 1)] is the distance between s[0..i) and t[0..j); row and
  // column 0 hold the sentinel `infinity`, which keeps transpositions from reaching outside.
  const table = new Int32Array((m + 2) * width);
  table[0] = infinity;
  for (let i = 0; i <= m; i++) {
    table[(i + 1) * width] = infinity;
    table[(i + 1) * width + 1] = i;
  }
  for (let j = 0; j <= n; j++) {
    table[j + 1] = infinity;
    table[width + j + 1] = j;
  }

  // lastRowOf[c]: the last row (1-based) of s in which character c occurred so far.
  const lastRowOf = new Map<string, number>();
  for (let i = 1; i <= m; i++) {
    let lastMatchColumn = 0;
    for (let j = 1; j <= n; j++) {
      const i1 = lastRowOf.get(t[j - 1]) ?? 0;
      const j1 = lastMatchColumn;
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      if (cost === 0) lastMatchColumn = j;
      const substitution = table[i * width + j] + cost;
      const insertion = table[(i + 1) * width + j] + 1;
      const deletion = table[i * width + j + 1] + 1;
      // Transpose s[i1-1] with s[i-1], deleting what lies between on either side.
      const transposition = table[i1 * width + j1] + (i - i1 - 1) + 1 + (j - j1 - 1);
      table[(i + 1) * width + j + 1] = Math.min(substitution, insertion, deletion, transposition);
    }
    lastRowOf.set(s[i - 1], i);
  }
  return table[(m + 1) * width + n + 1];
}

/**
 * The largest distance still worth suggesting for a name of this length: one edit for names
 * of up to 3 characters, two up to 6, three beyond. A looser bound suggests unrelated names
 * for short keys such as `k` or `h`.
 */
function suggestionBudget(length: number): number {
  if (length <= 3) return 1;
  if (length <= 6) return 2;
  return 3;
}

/**
 * The candidate closest to `name` (case-insensitive), or undefined when none is within the
 * suggestion budget. Ties go to the earlier candidate, so results are deterministic.
 */
export function nearestName(name: string, candidates: readonly string[]): string | undefined {
  if (typeof name !== 'string') {
    throw new TypeError(`name must be a string, received ${typeof name}`);
  }
  if (!Array.isArray(candidates)) {
    throw new TypeError(`candidates must be an array of strings, received ${typeof candidates}`);
  }
  const lowered = name.toLowerCase();
  const budget = suggestionBudget(Array.from(name).length);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = damerauLevenshtein(lowered, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= budget ? best : undefined;
}
