/** SIF 2.x versions (reference/sif.md §1.1). */
export const SIF_2_VERSIONS: readonly string[] = ['2.0', '2.0r1', '2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7'];

/** Whether a SIF_Version value (exact, or a wildcard such as `2.*`) names this version. */
export function versionMatches(requested: string, version: string): boolean {
  if (requested === '*') return true;
  if (requested.endsWith('*')) return version.startsWith(requested.slice(0, -1));
  return requested === version;
}

/** [major, minor, revision]: `2.0r1` → [2, 0, 1]. */
function parts(version: string): [number, number, number] {
  const match = /^(\d+)\.(\d+)(?:r(\d+))?$/.exec(version);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : [0, 0, 0];
}

export function compareVersions(a: string, b: string): number {
  const [x, y] = [parts(a), parts(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/**
 * The version to speak to someone who lists `requested` (in order of preference): the first
 * exact version this zone supports, else for a wildcard the preferred version if it matches,
 * else the highest supported version it matches. Undefined when nothing matches.
 */
export function negotiateVersion(requested: readonly string[], supported: readonly string[], preferred: string): string | undefined {
  for (const wanted of requested) {
    if (!wanted.includes('*')) {
      if (supported.includes(wanted)) return wanted;
      continue;
    }
    if (supported.includes(preferred) && versionMatches(wanted, preferred)) return preferred;
    const matching = supported.filter((version) => versionMatches(wanted, version)).sort(compareVersions);
    if (matching.length > 0) return matching[matching.length - 1];
  }
  return undefined;
}
