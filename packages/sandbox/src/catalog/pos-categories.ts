// POS `category` codes accepted per site (spec §5.1). MP does not publish its list: we accept the spec's
// examples (gastronomy, gas station) plus common ISO 18245 merchant category codes everywhere, and whatever
// the `extraPosCategories` option adds.
import type { ResolvedOptions } from '../options.ts';
import type { SiteId } from '../sites.ts';

/** The spec's examples: [gastronomy, gas station] per site. */
const SITE_EXAMPLES: Record<SiteId, number[]> = {
  MLA: [621102, 473000],
  MLB: [5611203, 4731300],
  MLM: [5812, 468419],
  MCO: [5611, 4731],
  MPE: [5520, 5050],
  MLU: [56101, 47300],
  MLC: [561000, 473001],
};

/** Common ISO 18245 codes (grocery, restaurants, bars, fast food, fuel, pharmacies, retail, services…). */
const COMMON_MCC = [
  4121, 5200, 5311, 5411, 5499, 5541, 5542, 5651, 5732, 5812, 5813, 5814, 5912, 5942, 5945, 5992, 5994, 5999,
  7230, 7523, 7832, 8099,
];

export function isKnownCategory(opts: ResolvedOptions, site: SiteId, category: number): boolean {
  return SITE_EXAMPLES[site].includes(category) || COMMON_MCC.includes(category) ||
    (opts.extraPosCategories[site] ?? []).includes(category);
}
