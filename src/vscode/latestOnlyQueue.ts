// Runs async attempts one at a time, newest wins: an attempt starts only after the previous one
// settled, and an attempt still waiting when a newer one is asked for never runs (its caller
// gets the newer one's outcome; requests made in the same tick collapse into the last). StoreSession uses it so overlapping reconnects cannot race two
// openStore calls, leave the slower store active or leak the other one.

const SKIPPED = Symbol('skipped');

export class LatestOnlyQueue<T> {
  /** Settles when the last queued attempt has (never rejects: one failure must not block the next). */
  private tail: Promise<unknown> = Promise.resolve();
  private generation = 0;
  private latest: Promise<T> | undefined;

  run(attempt: () => Promise<T>): Promise<T> {
    const generation = ++this.generation;
    const turn = this.tail.then<T | typeof SKIPPED>(() => (generation === this.generation ? attempt() : SKIPPED));
    this.tail = turn.catch(() => undefined);
    // A skipped attempt answers with whatever is newest once it is its turn (never itself: no cycle).
    const answer = turn.then((value) => (value === SKIPPED ? (this.latest as Promise<T>) : value));
    this.latest = answer;
    return answer;
  }
}
