// What every part of the contract suite shares: the open backend, the workload resolved to the
// ids this backend gave it, and small helpers for paging, errors and backend-specific values.
import assert from 'node:assert/strict';
import type { Experiment, Metric, Page, Run } from '../../src/shared/entities.ts';
import { MlflowError } from '../../src/shared/errors.ts';
import type { Backend } from './backends.ts';
import { WORKLOAD, type RunSpec } from './workload.ts';

export interface ResolvedWorkload {
  experiments: Map<string, Experiment>;
  runs: Map<string, Run>;
}

export interface ContractContext {
  backend(): Backend;
  workload(): ResolvedWorkload;
}

export function experimentId(ctx: ContractContext, name: string): string {
  const experiment = ctx.workload().experiments.get(name);
  assert.ok(experiment, `experiment ${name} is missing from the backend`);
  return experiment.experimentId;
}

export function runId(ctx: ContractContext, runName: string): string {
  const run = ctx.workload().runs.get(runName);
  assert.ok(run, `run ${runName} is missing from the backend`);
  return run.info.runId;
}

export function runSpec(runName: string): RunSpec {
  const spec = WORKLOAD.runs.find((r) => r.runName === runName);
  assert.ok(spec, `no run ${runName} in the workload`);
  return spec;
}

/** Follows next-page tokens to the end, returning every page. */
export async function allPages<T>(search: (pageToken?: string) => Promise<Page<T>>, limit = 100): Promise<T[][]> {
  const pages: T[][] = [];
  let token: string | undefined;
  do {
    const page = await search(token);
    pages.push(page.items);
    token = page.nextPageToken;
    assert.ok(pages.length <= limit, 'paging did not end');
  } while (token);
  return pages;
}

/** Asserts the pages are consecutive slices of `full`, each at most `size` long (a trailing empty page is allowed). */
export function assertPagesSliceFull<T>(pages: T[][], full: T[], size: number, id: (item: T) => string): void {
  let offset = 0;
  pages.forEach((page, i) => {
    assert.ok(page.length <= size, `page ${i} has ${page.length} items, more than ${size}`);
    if (i < pages.length - 1) assert.equal(page.length, size, `page ${i} is short but has a next-page token`);
    assert.deepEqual(page.map(id), full.slice(offset, offset + page.length).map(id), `page ${i} is not the slice at ${offset}`);
    offset += page.length;
  });
  assert.equal(offset, full.length, 'the pages together do not cover the full list');
}

/** Awaits a rejection with this MLflow error code and a non-empty message. */
export async function rejectsWithCode(promise: Promise<unknown>, code: string, what: string): Promise<MlflowError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  assert.ok(caught !== undefined, `${what}: expected ${code}, but it succeeded`);
  assert.ok(caught instanceof MlflowError, `${what}: expected MlflowError ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, `${what}: ${caught.message}`);
  assert.ok(caught.message.length > 0, `${what}: empty error message`);
  return caught;
}

const MAX_DOUBLE = 1.7976931348623157e308;

/** A logged value as this backend keeps it: SQL stores clamp the infinities to ±DBL_MAX. */
export function storedValue(ctx: ContractContext, value: number): number {
  if (Number.isFinite(value) || Number.isNaN(value) || !ctx.backend().rules.clampsInfinity) return value;
  return value > 0 ? MAX_DOUBLE : -MAX_DOUBLE;
}

/** MLflow's latest-value rule: highest step, then newest timestamp, then largest value. */
export function latestByRule(points: Metric[]): Metric {
  return points.reduce((best, p) => {
    if (p.step !== best.step) return p.step > best.step ? p : best;
    if (p.timestamp !== best.timestamp) return p.timestamp > best.timestamp ? p : best;
    return p.value > best.value ? p : best;
  });
}

/** Same number, NaN equal to NaN. */
export function assertSameNumber(actual: number, expected: number, what: string): void {
  if (Number.isNaN(expected)) assert.ok(Number.isNaN(actual), `${what}: expected NaN, got ${actual}`);
  else assert.equal(actual, expected, what);
}

export const names = (runs: Run[]): string[] => runs.map((r) => r.info.runName);
export const sortedNames = (runs: Run[]): string[] => names(runs).sort();
export const byKey = <T extends { key: string }>(items: T[]): T[] => [...items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
