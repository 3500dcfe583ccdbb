// The artifact-repository contract over Google Cloud Storage (fake-gcs-server on loopback).
import { defineArtifactContract } from './artifactContract.ts';
import { cloudSpace } from './artifactSpaces.ts';

defineArtifactContract({ name: 'gcs', writable: true, open: () => cloudSpace('gcs') });
