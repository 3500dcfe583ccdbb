export function findOnPath(command: string, searchPath?: string): string | undefined;
