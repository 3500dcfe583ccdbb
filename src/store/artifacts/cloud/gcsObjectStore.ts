// Placeholder until the gcs adapter lands.
import { CloudFailure } from './cloudErrors.ts';
import type { ObjectStoreFactory } from './objectStore.ts';

export const createObjectStore: ObjectStoreFactory = () => {
  throw new CloudFailure('other', 'gcs is not supported yet');
};
