/**
 * The z of the report's bands: value ± z·SE is a pointwise two-sided 95 % interval for a mean
 * (z = 1.95996…, the normal quantile; src/limits/zQuantile.ts).
 */
import { zQuantile } from '../limits/zQuantile.ts';

export const BAND_COVERAGE = 0.95;

export const BAND_Z = zQuantile(1 - BAND_COVERAGE);
