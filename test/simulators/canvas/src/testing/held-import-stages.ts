/**
 * Holds the simulated Canvas's SIS import queue at each stage (`importStageWait`) until the test
 * releases it: a test sees `created`, every `importing` progress and the final state in order,
 * instead of polling a queue that runs on timers and may skip a state on a busy machine.
 */
export class HeldImportStages {
  private readonly held: Array<() => void> = [];
  private readonly watchers: Array<() => void> = [];
  private free = false;

  /** The queue's wait: held until `release()`, or at once after `runFreely()`. */
  readonly wait = (_ms: number): Promise<void> => {
    if (this.free) return Promise.resolve();
    return new Promise((resolve) => {
      this.held.push(resolve);
      for (const watcher of this.watchers.splice(0)) watcher();
    });
  };

  /** Resolves once the queue is held at a stage (at once if it is now). */
  async holding(): Promise<void> {
    if (this.held.length > 0) return;
    await new Promise<void>((resolve) => this.watchers.push(resolve));
  }

  /** Lets the queue past the stage it is held at. */
  release(): void {
    const next = this.held.shift();
    if (!next) throw new Error('the import queue is not held at a stage');
    next();
  }

  /** From now on the queue runs without stopping. */
  runFreely(): void {
    this.free = true;
    for (const next of this.held.splice(0)) next();
  }
}
