// The artifact-repository contract over S3 (SeaweedFS's S3 gateway on loopback).
import { defineArtifactContract } from './artifactContract.ts';
import { cloudSpace } from './artifactSpaces.ts';

defineArtifactContract({ name: 's3', writable: true, open: () => cloudSpace('s3') });
