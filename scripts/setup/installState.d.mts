export type InstallState = { current: true; packages: number } | { current: false; reason: string };
export function installState(root: string): InstallState;
