// "Metrics at a step" (issue 15, item 5): each run's value at step N, or the nearest earlier step
// it logged (marked as such), instead of only its latest value.

export interface ValueAtStep {
  value: number;
  /** The step the value was logged at: N itself, or the nearest earlier one. */
  step: number;
  exact: boolean;
}

/**
 * The value at `step` in a history (any order; at one step the latest timestamp wins, then the
 * later row, as MLflow picks a run's latest value). Undefined when the run logged nothing at or
 * before `step`.
 */
export function valueAtStep(history: readonly { step: number; timestamp: number; value: number }[], step: number): ValueAtStep | undefined {
  let best: { step: number; timestamp: number; value: number } | undefined;
  for (const point of history) {
    if (point.step > step) continue;
    if (!best || point.step > best.step || (point.step === best.step && point.timestamp >= best.timestamp)) best = point;
  }
  return best && { value: best.value, step: best.step, exact: best.step === step };
}
