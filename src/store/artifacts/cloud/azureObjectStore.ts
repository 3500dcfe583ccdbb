// Placeholder until the azure adapter lands.
import { CloudFailure } from './cloudErrors.ts';
import type { ObjectStoreFactory } from './objectStore.ts';

export const createObjectStore: ObjectStoreFactory = () => {
  throw new CloudFailure('other', 'azure is not supported yet');
};
