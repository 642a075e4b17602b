/**
 * Waits for something the system does in its own time (a window to close, an import to finish),
 * by asking again until it holds or the time-out passes; the time-out only bounds a test that
 * would otherwise hang, it never decides an outcome. `explain` says what was seen instead.
 */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  options: { timeoutMs?: number; explain?: () => Promise<string> | string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${options.explain ? `: ${await options.explain()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
