// The artifact-repository contract over our own tracking server's mlflow-artifacts proxy.
import { defineArtifactContract } from './artifactContract.ts';
import { proxySpace } from './artifactSpaces.ts';

defineArtifactContract({ name: 'proxy', writable: true, open: proxySpace });
