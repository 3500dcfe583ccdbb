// RunLens never writes into an mlruns tree: MLflow's FileStore is in maintenance mode upstream, and
// new data belongs in an mlflow.db store. Every write method rejects with this error and touches nothing.
import { MlflowError } from '../../shared/errors.ts';

export function readOnlyError(root: string, operation: string): MlflowError {
  return new MlflowError(
    'PERMISSION_DENIED',
    `The mlruns store at ${root} is read-only in RunLens: ${operation} is not supported; log to an mlflow.db store instead`,
  );
}
