// Plain http(s) artifact roots (a static file server, a presigned prefix): files can be
// downloaded, but HTTP has no listing, so every folder reads as empty.
import { MlflowError } from '../../shared/errors.ts';
import type { RestClient } from '../rest/restClient.ts';
import type { ArtifactPage, ArtifactRepository, ArtifactRepositoryOptions, DownloadOptions } from './artifactRepository.ts';
import { checkArtifactPath, showPath } from './artifactPath.ts';
import { downloadUrlToTempFile, encodePathSegments, readUrl } from './httpDownload.ts';
import { cancelled } from './transfer.ts';

export class HttpArtifactRepository implements ArtifactRepository {
  readonly rootUri: string;
  private readonly client: RestClient;
  private readonly baseUrl: string;
  private readonly options: ArtifactRepositoryOptions;

  /** `client` supplies auth and TLS settings; its own base URL is not used. */
  constructor(rootUri: string, client: RestClient, options: ArtifactRepositoryOptions = {}) {
    if (!/^https?:\/\/[^/]/iu.test(rootUri) || /[?#]/u.test(rootUri)) {
      throw MlflowError.invalidParameter(`Invalid artifact root '${showPath(rootUri)}': expected an http(s) URL without query or fragment.`);
    }
    this.rootUri = rootUri;
    this.client = client;
    this.baseUrl = rootUri.replace(/\/+$/u, '');
    this.options = options;
  }

  async list(folder?: string, _pageToken?: string, signal?: AbortSignal): Promise<ArtifactPage> {
    const relative = checkArtifactPath(folder, { allowEmpty: true });
    if (signal?.aborted) throw cancelled(relative);
    return { items: [] };
  }

  private fileUrl(file: string): { url: string; relative: string } {
    const relative = checkArtifactPath(file);
    return { url: `${this.baseUrl}/${encodePathSegments(relative)}`, relative };
  }

  async download(file: string, options: DownloadOptions = {}): Promise<string> {
    const { url, relative } = this.fileUrl(file);
    return downloadUrlToTempFile(this.client, url, relative, options, this.options.tempRoot);
  }

  async read(file: string, options: DownloadOptions = {}): Promise<Buffer> {
    const { url, relative } = this.fileUrl(file);
    return readUrl(this.client, url, relative, options);
  }
}
