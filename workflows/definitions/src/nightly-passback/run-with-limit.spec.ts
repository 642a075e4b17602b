import { runWithLimit } from './run-with-limit';

describe('runWithLimit', () => {
  it('runs every item, never more than the limit at once, starting them in order', async () => {
    let running = 0;
    let most = 0;
    const started: number[] = [];
    await runWithLimit([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      started.push(item);
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5 * (8 - item)));
      running--;
    });
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });

  it('copes with fewer items than the limit, none, and a limit below one', async () => {
    const seen: string[] = [];
    await runWithLimit(['a'], 5, async (item) => void seen.push(item));
    await runWithLimit([], 5, async () => void seen.push('never'));
    await runWithLimit(['b', 'c'], 0, async (item) => void seen.push(item));
    expect(seen).toEqual(['a', 'b', 'c']);
  });
});
