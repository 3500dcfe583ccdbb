// `node test/support/fillRunsMain.ts <folder> <count>`: <folder>/mlflow.db with experiment
// "sweep-<count>" holding <count> runs (fillRuns' shape). Run as its own process so a real-VS-Code
// test can make a big store without blocking its extension host. Prints the experiment id.
import path from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite/openSqliteStore.ts';
import { fillRuns } from './fillRuns.ts';

const [folder, countText] = process.argv.slice(2);
const count = Number(countText);
const file = path.join(folder, 'mlflow.db');
const stores = openSqliteStore(file);
const experimentId = await stores.tracking.createExperiment(`sweep-${count}`);
stores.close();
fillRuns(file, experimentId, count);
console.log(experimentId);
