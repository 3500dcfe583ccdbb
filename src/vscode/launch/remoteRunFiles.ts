// A launched run's files (logs/stdout.log, code/uncommitted.diff) for artifact roots RunLens
// cannot write as a local folder: a bucket, or a tracking server's artifact proxy. The console
// log grows in a temp file and is uploaded every so often while the run lives (so an open run
// shows it) and once more when it ends; the temp folder is removed after. An upload failure is
// reported once and never fails the run. No vscode.
import { createWriteStream, type WriteStream } from 'node:fs';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { WritableArtifactRepository } from '../../store/artifacts/artifactRepository.ts';

export const LOG_UPLOAD_INTERVAL_MS = 30_000;

export interface RemoteRunFilesOptions {
  repository: WritableArtifactRepository;
  /** Artifact path of the console log, e.g. logs/stdout.log. */
  logPath: string;
  /** Every failure, for the log. */
  onError: (message: string) => void;
  /** The first failure only, for the user. */
  onFirstError?: (message: string) => void;
  intervalMs?: number;
  tempRoot?: string;
}

/** What the launcher appends the script's output to. */
export interface LogSink {
  write(text: string): void;
}

export class RemoteRunFiles implements LogSink {
  private readonly options: RemoteRunFilesOptions;
  private readonly folder: string;
  private readonly logFile: string;
  private readonly stream: WriteStream;
  private timer: NodeJS.Timeout | undefined;
  private written = 0;
  private uploaded = 0;
  private inFlight: Promise<void> = Promise.resolve();
  private failed = false;
  private finished: Promise<void> | undefined;

  private constructor(options: RemoteRunFilesOptions, folder: string) {
    this.options = options;
    this.folder = folder;
    this.logFile = path.join(folder, 'console.log');
    this.stream = createWriteStream(this.logFile, { flags: 'a' });
  }

  static async open(options: RemoteRunFilesOptions): Promise<RemoteRunFiles> {
    const folder = await mkdtemp(path.join(options.tempRoot ?? os.tmpdir(), 'runlens-launch-'));
    const files = new RemoteRunFiles(options, folder);
    const interval = options.intervalMs ?? LOG_UPLOAD_INTERVAL_MS;
    files.timer = setInterval(() => void files.uploadLog(), interval);
    files.timer.unref();
    return files;
  }

  write(text: string): void {
    if (this.finished) return;
    this.written += Buffer.byteLength(text);
    this.stream.write(text);
  }

  /** Uploads a small text artifact (the code diff); a failure is reported, not thrown. */
  async uploadText(artifactPath: string, content: string): Promise<boolean> {
    const file = path.join(this.folder, `text-${path.basename(artifactPath)}`);
    try {
      await writeFile(file, content, 'utf8');
      await this.options.repository.upload(file, artifactPath);
      return true;
    } catch (error) {
      this.report(`could not upload ${artifactPath} to ${this.options.repository.rootUri}: ${(error as Error).message}`);
      return false;
    } finally {
      await rm(file, { force: true });
    }
  }

  /** Ends the log, uploads it a last time and removes the temp folder. Never rejects. */
  finish(): Promise<void> {
    return (this.finished ??= this.finishOnce());
  }

  private async finishOnce(): Promise<void> {
    clearInterval(this.timer);
    await new Promise<void>((resolve) => this.stream.end(resolve));
    await this.inFlight;
    await this.uploadNow(true);
    await rm(this.folder, { recursive: true, force: true });
  }

  /** The periodic upload: only when something new was written, one at a time. */
  private uploadLog(): Promise<void> {
    if (this.finished) return this.inFlight;
    this.inFlight = this.inFlight.then(() => this.uploadNow(false));
    return this.inFlight;
  }

  private async uploadNow(final: boolean): Promise<void> {
    const written = this.written;
    if (written === this.uploaded && !(final && written === 0 && this.uploaded === 0)) return;
    // A snapshot, so the upload sends one consistent size while the script keeps printing.
    const snapshot = path.join(this.folder, `snapshot-${written}.log`);
    try {
      await copyFile(this.logFile, snapshot);
      await this.options.repository.upload(snapshot, this.options.logPath);
      this.uploaded = written;
    } catch (error) {
      this.report(`could not upload ${this.options.logPath} to ${this.options.repository.rootUri}: ${(error as Error).message}`);
    } finally {
      await rm(snapshot, { force: true });
    }
  }

  private report(message: string): void {
    this.options.onError(message);
    if (this.failed) return;
    this.failed = true;
    this.options.onFirstError?.(message);
  }
}
