/**
 * The master seed of a battery case: the 32-bit FNV-1a hash of its id, reduced to 31 bits.
 * Adding or reordering cases never changes another case's seed, so regenerating the battery
 * leaves the untouched fixtures byte-identical.
 */
export function caseSeed(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash & 0x7fffffff;
}
