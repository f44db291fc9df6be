import type { Queryable } from '../platform/db/index.ts';
import type { DemoIds } from './seed-demo.ts';

/** Demo reviews, recommendations and actions: added with the reviews module. */
export async function seedDemoReviews(_tx: Queryable, _ids: DemoIds): Promise<void> {}
