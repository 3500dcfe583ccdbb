// Mocha's spec output plus the run's counts written to $RUNLENS_VSCODE_RESULTS, which the
// code-server shim reads to print its closing "N passed, N failed" line.
import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';

export interface VsCodeTestCounts {
  passes: number;
  failures: number;
  pending: number;
}

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.RUNLENS_VSCODE_RESULTS;
      if (!file) return;
      const stats = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      const counts: VsCodeTestCounts = { passes: stats.passes, failures: stats.failures, pending: stats.pending };
      writeFileSync(file, JSON.stringify(counts));
    });
  }
}

// Mocha require()s a reporter path and wants the class itself: build.mjs unwraps this default.
export default CountingReporter;
