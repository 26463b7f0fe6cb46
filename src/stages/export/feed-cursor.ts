import { PageCursor } from '../../framework/http/page-cursor';
import type { FeedPosition } from './feed.repository';

const DECIMAL = /^[0-9]{1,19}$/;

/** The feed's position: (transaction id, sequence) of the last entry a reader has seen. */
export const FEED_CURSOR = new PageCursor(
  'export-feed',
  (p): p is [string, string] => p.length === 2 && typeof p[0] === 'string' && DECIMAL.test(p[0]) && typeof p[1] === 'string' && DECIMAL.test(p[1]),
);

export const encodeFeedCursor = (position: FeedPosition): string => FEED_CURSOR.encode([position[0], position[1]]);
export const decodeFeedCursor = (cursor: string): FeedPosition => FEED_CURSOR.decode(cursor);
