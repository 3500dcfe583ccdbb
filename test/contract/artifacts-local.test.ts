// The artifact-repository contract over plain folders.
import { defineArtifactContract } from './artifactContract.ts';
import { localSpace } from './artifactSpaces.ts';

defineArtifactContract({ name: 'local', writable: false, open: localSpace });
