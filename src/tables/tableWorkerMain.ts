// The table worker: reads one table file (tableLoader.ts), keeps it, and answers the table page's
// requests (row windows, sort, filter, column summaries) so none of that runs on the extension
// host's thread. The host relays the page's messages here and posts the answers back unchanged.
import { parentPort, workerData } from 'node:worker_threads';
import type { TableFormat, TableHostMessage, TablePageMessage } from '../shared/tableProtocol.ts';
import { loadTable } from './tableLoader.ts';
import { TableModel } from './tableModel.ts';

export interface TableWorkerData {
  file: string;
  format: TableFormat;
}

/** Progress is posted at most this often while a big file loads (the first rows at once). */
const PROGRESS_MS = 150;

const { file, format } = workerData as TableWorkerData;
const model = new TableModel();
let queryId = 0;
let done = false;
let lastProgress = 0;
const post = (message: TableHostMessage) => parentPort?.postMessage(message);
const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

const loaded = loadTable(file, format, model, {
  onColumns: (columns) => post({ type: 'columns', columns }),
  onRows: (loadedRows) => {
    const now = performance.now();
    if (lastProgress !== 0 && now - lastProgress < PROGRESS_MS) return;
    lastProgress = now;
    post({ type: 'progress', loaded: loadedRows, done: false });
  },
}).then(
  () => {
    done = true;
    post({ type: 'progress', loaded: model.rowCount, done: true });
  },
  (error: unknown) => {
    done = true;
    post({ type: 'error', message: `Could not read the table: ${describe(error)}` });
  },
);

// Requests are answered in order; a sort, filter or summary waits for the whole file.
let chain: Promise<void> = Promise.resolve();
function handle(message: TablePageMessage): void {
  chain = chain.then(() => answer(message)).catch((error: unknown) => post({ type: 'error', message: describe(error) }));
}

async function answer(message: TablePageMessage): Promise<void> {
  switch (message.type) {
    case 'ready':
      // A (re)loaded page starts from the file's order.
      queryId = 0;
      if (done) model.setQuery({});
      if (model.columns.length > 0) post({ type: 'columns', columns: model.columns });
      post({ type: 'progress', loaded: model.rowCount, done });
      return;
    case 'query': {
      await loaded;
      const shown = model.setQuery(message.query);
      queryId = message.queryId;
      post({ type: 'view', queryId, total: model.rowCount, shown });
      return;
    }
    case 'rows': {
      if (message.queryId !== queryId) return;
      const window = model.window(message.start, message.count);
      post({ type: 'rows', queryId, ...window });
      return;
    }
    case 'summary':
      await loaded;
      if (message.queryId !== queryId) return;
      post({ type: 'summary', queryId, column: message.column, summary: model.summary(message.column) });
      return;
  }
}

parentPort?.on('message', (message: TablePageMessage) => handle(message));
