// The artifact-repository contract over Azure Blob (Azurite's blob service on loopback).
import { defineArtifactContract } from './artifactContract.ts';
import { cloudSpace } from './artifactSpaces.ts';

defineArtifactContract({ name: 'azure', writable: true, open: () => cloudSpace('azure') });
