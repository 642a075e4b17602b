import type { SeededRandom } from '@sisbridge/sim-common';

/** Fisher–Yates in place, driven by the seeded random, so the order depends only on the seed. */
export function shuffle<T>(items: T[], random: SeededRandom): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    const swap = items[i] as T;
    items[i] = items[j] as T;
    items[j] = swap;
  }
  return items;
}
