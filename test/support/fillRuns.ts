// Fills an experiment with the shape of many logged runs (3 metrics, 3 params, 2 tags each) in one
// transaction: seconds instead of the minutes logging them one by one would take.
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../../src/store/sqlite/driver.ts';

export const SEARCH_FILTER = "metrics.accuracy > 0.5 AND params.optimizer = 'adam'";
export const SEARCH_ORDER_BY = 'metrics.loss ASC';

export function fillRuns(file: string, experimentId: string, count: number): void {
  const db = openDatabase(file);
  const now = Date.now();
  const insertRun = db.prepare(`INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, end_time, source_version, lifecycle_stage, artifact_uri, experiment_id)
    VALUES (?, ?, 'UNKNOWN', '', '', 'bench', 'FINISHED', ?, ?, '', 'active', ?, ?)`);
  const insertMetric = db.prepare('INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES (?, ?, ?, ?, 0, 0)');
  const insertLatest = db.prepare('INSERT INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES (?, ?, ?, 0, 0, ?)');
  const insertParam = db.prepare('INSERT INTO params (key, value, run_uuid) VALUES (?, ?, ?)');
  const insertTag = db.prepare('INSERT INTO tags (key, value, run_uuid) VALUES (?, ?, ?)');
  try {
    db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const id = randomUUID().replaceAll('-', '');
        const name = `bench-run-${i}`;
        insertRun.run(id, name, now - i * 1000, now - i * 1000 + 500, `mlflow-artifacts:/${experimentId}/${id}/artifacts`, Number(experimentId));
        for (const [key, value] of [['accuracy', Math.random()], ['loss', Math.random() * 2], ['f1', Math.random()]] as const) {
          insertMetric.run(key, value, now, id);
          insertLatest.run(key, value, now, id);
        }
        insertParam.run('optimizer', ['adam', 'sgd', 'rmsprop', 'adagrad'][i % 4], id);
        insertParam.run('lr', String([0.1, 0.01, 0.001][i % 3]), id);
        insertParam.run('batch_size', String([32, 64, 128, 256][i % 4]), id);
        insertTag.run('mlflow.runName', name, id);
        insertTag.run('team', i % 2 ? 'vision' : 'nlp', id);
      }
    })();
  } finally {
    db.close();
  }
}
