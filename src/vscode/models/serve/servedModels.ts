// The model servers running from this window, by registered version. The Models view reads it
// (a serving row says so and offers Stop Serving); the serve commands add and remove. No vscode import.
import type { ProcessEnd } from '../../launch/trackedProcess.ts';

export interface ServedModel {
  name: string;
  version: string;
  port: number;
  url: string;
  /** The server's process group, once its terminal opened and it started. */
  readonly pid: number | undefined;
  ended: Promise<ProcessEnd>;
  /** Stops the whole process group (mlflow and the uvicorn it started). */
  stop(): Promise<ProcessEnd>;
  /** Brings its terminal forward. */
  reveal(): void;
}

/** What a serve command hands back to its caller (tests, other commands). */
export interface ServingInfo {
  name: string;
  version: string;
  port: number;
  url: string;
  pid: number | undefined;
}

export function servingInfo(served: ServedModel): ServingInfo {
  return { name: served.name, version: served.version, port: served.port, url: served.url, pid: served.pid };
}

/** Which versions this window serves, and on which port: what the Models view reads. */
export interface ServingLookup {
  portOf(name: string, version: string): number | undefined;
}

const key = (name: string, version: string) => `${name}\u0000${version}`;

export class ServedModels implements ServingLookup {
  private readonly servers = new Map<string, ServedModel>();
  private readonly listeners = new Set<() => void>();

  get(name: string, version: string): ServedModel | undefined {
    return this.servers.get(key(name, version));
  }

  list(): ServedModel[] {
    return [...this.servers.values()];
  }

  /** The port a version is served on, for the Models view. */
  portOf(name: string, version: string): number | undefined {
    return this.get(name, version)?.port;
  }

  /** Tracks a server until its process ends. */
  add(served: ServedModel): void {
    this.servers.set(key(served.name, served.version), served);
    this.fire();
    void served.ended.then(() => {
      if (this.get(served.name, served.version) !== served) return;
      this.servers.delete(key(served.name, served.version));
      this.fire();
    });
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private fire(): void {
    for (const listener of this.listeners) listener();
  }
}

/** A serving version's row: `modelVersion.<stage>.serving` (menus offer Stop Serving on it). */
export function servingContextValue(contextValue: string, port: number | undefined): string {
  return port === undefined ? contextValue : `${contextValue}.serving`;
}

/** `Production · @champion · serving :5001`. */
export function servingDescription(description: string, port: number | undefined): string {
  return port === undefined ? description : [description, `serving :${port}`].filter(Boolean).join(' · ');
}
