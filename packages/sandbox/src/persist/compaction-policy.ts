// When a journal is worth folding into a snapshot. A snapshot rewrites every live line, so the rule weighs what
// that costs against what it reclaims (docs/decisions/0006-sandbox-persistence.md).

/** Compact once the journal outgrows both this and four times the last snapshot (a snapshot rewrites every entity,
 *  so against a growing state this keeps the rewriting to a quarter of the journal's own writing), and only when
 *  there is something to reclaim (worthCompacting). */
export const COMPACT_MIN_BYTES = 64 << 20;

/** What a load would read: bytes and lines of the basis files and the current journal; `live`: the entities,
 *  timers and `$meta` a snapshot would hold now. */
export interface JournalSizes { journalBytes: number; snapshotBytes: number; bytes: number; lines: number; live: number }

/**
 * Whether to compact now. Beyond the sizes above, at least half of what a load would read must be lines that later
 * ones superseded (estimated: the live lines at the average line's size): while orders only pile up, a snapshot is
 * a copy of the journal (60 MB for 60 MB at 50k orders, 0.4 s of CPU) and restarts read as much either way.
 * At 16 times the threshold a journal is compacted whatever the estimate says.
 */
export function worthCompacting(s: JournalSizes, minBytes = COMPACT_MIN_BYTES): boolean {
  const threshold = Math.max(minBytes, 4 * s.snapshotBytes);
  if (s.journalBytes <= threshold) return false;
  return s.bytes >= 2 * s.live * (s.bytes / Math.max(1, s.lines)) || s.journalBytes > 16 * threshold;
}
