import type { Passage } from './themes.suggest.ts';

/** A safeguarding theme of the library's taxonomy, maintained by the business unit. */
export interface Theme {
  code: string;
  name: string;
  description: string;
  /** Words and phrases that suggest the theme (matched on word boundaries, case-insensitively). */
  keywords: string[];
  /** An inactive theme is no longer suggested or offered, but decisions already made keep it. */
  active: boolean;
  sortOrder: number;
  version: number;
}

/** What a person has decided about a theme for one review; `suggested` is Lantern's, not yet decided. */
export const THEME_STATUSES = ['suggested', 'confirmed', 'rejected'] as const;
export type ThemeStatus = (typeof THEME_STATUSES)[number];
export const DECISIONS = ['confirmed', 'rejected'] as const;
export type Decision = (typeof DECISIONS)[number];

/** A theme on one library review, with the passages that support it. */
export interface ReviewTheme {
  code: string;
  name: string;
  status: ThemeStatus;
  score: number;
  passages: Passage[];
  decidedByName: string | null;
  decidedAt: string | null;
}

/** The few fields of a library review this module reads (the library module owns the table). */
export interface LibraryReviewSummary {
  id: string;
  title: string;
  area: string;
  year: number | null;
  reviewType: string;
}

/** How many reviews have a confirmed theme in a year. */
export interface ThemeYearCount {
  theme: string;
  year: number | null;
  reviews: number;
}

/** How many reviews have both themes confirmed. */
export interface ThemePairCount {
  theme: string;
  with: string;
  reviews: number;
}

/** Which reviews to count: a year range, both ends optional. */
export interface YearRange {
  fromYear?: number;
  toYear?: number;
}
