import { LEVELS, type Level } from '../../sentry/event/eventView';

/** Counts events that arrived while nobody was looking, and the most severe level among them. */
export class NewErrorCounter {
  private n = 0;
  private top: Level | undefined;

  get count(): number {
    return this.n;
  }

  get highest(): Level | undefined {
    return this.top;
  }

  add(levels: readonly Level[]): void {
    for (const l of levels) {
      this.n++;
      if (this.top === undefined || LEVELS.indexOf(l) < LEVELS.indexOf(this.top)) this.top = l;
    }
  }

  reset(): void {
    this.n = 0;
    this.top = undefined;
  }
}
