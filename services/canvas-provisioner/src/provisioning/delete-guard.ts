import type { DiffCountsSummary, GuardVerdict, RosterKindName } from '@sisbridge/contracts';

/** The kinds whose removal takes something away from teachers or students in Canvas. */
const GUARDED_KINDS: readonly RosterKindName[] = ['school', 'term', 'course', 'section', 'user', 'enrollment'];

/**
 * The delete guard: a run that would delete or drop more than `threshold` of any kind stops
 * before uploading. An empty or truncated feed shows up here as a mass removal and never reaches
 * Canvas without an operator's approval. A district's first run removes nothing.
 */
export function evaluateDeleteGuard(counts: DiffCountsSummary, threshold: number): GuardVerdict {
  const kinds: GuardVerdict['kinds'] = [];
  for (const kind of GUARDED_KINDS) {
    const { remove, before } = counts[kind];
    if (remove === 0) continue;
    const share = before === 0 ? 1 : remove / before;
    kinds.push({ kind, removing: remove, existing: before, share: Math.round(share * 10_000) / 10_000, over: share > threshold });
  }
  return { tripped: kinds.some((kind) => kind.over), threshold, kinds };
}
