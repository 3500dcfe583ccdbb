// The store contract: one suite, run unchanged against every backend. Writable backends get the
// workload through their store API; the read-only mlruns backend was seeded by the real mlflow.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Experiment, Run } from '../../src/shared/entities.ts';
import { defineAuditContract } from './auditContract.ts';
import type { Backend, BackendFactory } from './backends.ts';
import type { ContractContext, ResolvedWorkload } from './contractContext.ts';
import { defineExperimentContract } from './experimentContract.ts';
import { defineMetricContract } from './metricContract.ts';
import { defineRegistryContract } from './registryContract.ts';
import { defineRunContract } from './runContract.ts';
import { logTail } from '../support/mlflowServer.ts';
import { writeWorkload } from './writeWorkload.ts';
import { defineReadOnlyContract, defineWriteRejectionContract, defineWriteRoundTripContract } from './writeContract.ts';

export interface ContractTarget {
  name: string;
  readOnly: boolean;
  open: BackendFactory;
}

/** Finds the workload's experiments and runs by name: ids differ between backends. */
async function resolveWorkload(backend: Backend): Promise<ResolvedWorkload> {
  const experiments = new Map<string, Experiment>();
  const found = await backend.tracking.searchExperiments({ viewType: 'ALL', filter: "name LIKE 'contract-%'", maxResults: 1000 });
  for (const e of found.items) experiments.set(e.name, e);
  const runs = new Map<string, Run>();
  const page = await backend.tracking.searchRuns({ experimentIds: [...experiments.values()].map((e) => e.experimentId), runViewType: 'ALL', maxResults: 1000 });
  for (const r of page.items) runs.set(r.info.runName, r);
  return { experiments, runs };
}

/** Appends the backend's log tail (e.g. MLflow's server output) to a failure. */
function withDiagnostics(error: unknown, backend: Backend | undefined): Error {
  const log = backend?.diagnostics() ?? '';
  const failure = error instanceof Error ? error : new Error(String(error));
  if (log) failure.message += `\n--- ${backend?.name} log (tail) ---\n${logTail(log, 3000)}`;
  return failure;
}

export function defineStoreContract(target: ContractTarget): void {
  let backend: Backend | undefined;
  let workload: ResolvedWorkload | undefined;
  let writeFailures: string[] = [];
  const ctx: ContractContext = {
    backend: () => {
      if (!backend) throw new Error(`${target.name} backend did not open`);
      return backend;
    },
    workload: () => {
      if (!workload) throw new Error(`${target.name} workload was not written`);
      return workload;
    },
  };

  describe(`store contract: ${target.name}`, () => {
    before(async () => {
      try {
        backend = await target.open();
        if (!backend.readOnly) writeFailures = await writeWorkload(backend.tracking, backend.registry);
        workload = await resolveWorkload(backend);
      } catch (error) {
        throw withDiagnostics(error, backend);
      }
    });
    after(async () => {
      await backend?.close();
    });

    if (!target.readOnly) {
      test('the workload writes through the store API without errors', () => {
        assert.deepEqual(writeFailures, [], withDiagnostics(new Error(`failed writes:\n${writeFailures.join('\n')}`), backend).message);
      });
    }
    defineExperimentContract(ctx);
    defineRunContract(ctx);
    defineMetricContract(ctx);
    defineRegistryContract(ctx);
    if (target.readOnly) defineReadOnlyContract(ctx);
    else {
      defineWriteRejectionContract(ctx);
      defineWriteRoundTripContract(ctx);
    }
    // Last: it adds a model of its own, which no earlier part expects.
    defineAuditContract(ctx);
  });
}
