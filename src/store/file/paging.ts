// MLflow's in-memory paging (SearchUtils.paginate): an offset token, and a next token only while
// items remain past the page.
import type { Page } from '../../shared/entities.ts';
import { decodePageToken, encodePageToken, queryOffset } from '../search/pageToken.ts';

/** `at`: a page token, or a query whose explicit offset (or token) says where the page starts. */
export function paginate<T>(items: T[], at: string | undefined | { offset?: number; pageToken?: string }, maxResults: number): Page<T> {
  const start = typeof at === 'object' ? queryOffset(at) : decodePageToken(at);
  const end = start + maxResults;
  return { items: items.slice(start, end), nextPageToken: end < items.length ? encodePageToken(end) : undefined };
}
