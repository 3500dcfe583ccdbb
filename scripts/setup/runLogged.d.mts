export function childEnv(extra?: Record<string, string>): NodeJS.ProcessEnv;
export function runLogged(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; logFile: string }): Promise<void>;
