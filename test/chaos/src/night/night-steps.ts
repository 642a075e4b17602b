export type NightStep = 'provisioning' | 'categories' | 'teachers' | 'passback' | 'done';

const ORDER: readonly NightStep[] = ['provisioning', 'categories', 'teachers', 'passback', 'done'];

/** Where a night is, for a scenario that injects its fault at a step: `await steps.reached('passback')`. */
export class NightSteps {
  private current = -1;
  private readonly waiting: Array<{ index: number; resolve: () => void }> = [];
  readonly enteredAt = new Map<NightStep, number>();

  constructor(private readonly onEnter: (step: NightStep) => void = () => undefined) {}

  enter(step: NightStep): void {
    this.onEnter(step);
    this.current = ORDER.indexOf(step);
    this.enteredAt.set(step, Date.now());
    for (const waiter of [...this.waiting]) {
      if (waiter.index > this.current) continue;
      this.waiting.splice(this.waiting.indexOf(waiter), 1);
      waiter.resolve();
    }
  }

  /** Resolves once the night has entered `step` (at once if it is there or past it). */
  reached(step: NightStep): Promise<void> {
    const index = ORDER.indexOf(step);
    if (index <= this.current) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ index, resolve }));
  }

  get done(): boolean {
    return this.current === ORDER.length - 1;
  }
}
