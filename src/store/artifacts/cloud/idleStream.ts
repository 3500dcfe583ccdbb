// A body that goes silent fails after a stretch with no bytes, however long the whole transfer
// takes; time the consumer spends (disk writes, backpressure) does not count.
import type { MlflowError } from '../../../shared/errors.ts';

export function withIdleTimeout(source: AsyncIterable<Uint8Array>, idleMs: number, stalled: () => MlflowError): AsyncIterable<Uint8Array> {
  if (!Number.isFinite(idleMs)) return source;
  return {
    async *[Symbol.asyncIterator]() {
      const iterator = source[Symbol.asyncIterator]();
      try {
        while (true) {
          let timer: NodeJS.Timeout | undefined;
          const silence = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(stalled()), idleMs);
          });
          try {
            const next = await Promise.race([iterator.next(), silence]);
            if (next.done) return;
            yield next.value;
          } finally {
            clearTimeout(timer);
          }
        }
      } finally {
        const destroyable = source as { destroy?: () => void };
        if (typeof destroyable.destroy === 'function') destroyable.destroy();
        else void iterator.return?.()?.catch?.(() => undefined);
      }
    },
  };
}
