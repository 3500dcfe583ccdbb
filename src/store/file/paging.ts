// MLflow's in-memory paging (SearchUtils.paginate): an offset token, and a next token only while
// items remain past the page.
import type { Page } from '../../shared/entities.ts';
import { decodePageToken, encodePageToken } from '../search/pageToken.ts';

export function paginate<T>(items: T[], pageToken: string | undefined, maxResults: number): Page<T> {
  const start = decodePageToken(pageToken);
  const end = start + maxResults;
  return { items: items.slice(start, end), nextPageToken: end < items.length ? encodePageToken(end) : undefined };
}
