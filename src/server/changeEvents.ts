// What changed in the store, published by the server after each successful write so the
// extension refreshes without polling.
export type ChangeKind = 'experiment' | 'run' | 'metrics' | 'registry' | 'artifacts' | 'loggedModel';

export interface ChangeEvent {
  kind: ChangeKind;
  /** The route that made the change, e.g. `logBatch`. */
  route: string;
  experimentId?: string;
  runId?: string;
  modelName?: string;
}

export type ChangeListener = (event: ChangeEvent) => void;

export class ChangeEvents {
  private readonly listeners = new Set<ChangeListener>();

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: ChangeEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A failing subscriber must not fail the request that already committed.
      }
    }
  }
}
