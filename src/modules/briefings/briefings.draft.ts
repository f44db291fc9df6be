import type { BriefingSections, LinkedPoint } from './briefings.types.ts';

export interface DraftSource {
  review: { subjectRef: string; typeLabel: string; summary: string; conclusion: string };
  findings: LinkedPoint[];
  learningPoints: LinkedPoint[];
  recommendations: LinkedPoint[];
}

const numbered = (points: LinkedPoint[]) => points.map((p) => `${p.number}. ${p.text}`).join('\n');

/** Questions any team can discuss; the business unit adapts them to the review. */
export const DEFAULT_QUESTIONS = [
  'How would this learning change what you do at your next contact with a family?',
  'Who else in your team, or in other organisations, needs to hear about this?',
  'What gets in the way of doing this in your service, and who could help?',
].join('\n');

/**
 * A first draft of a 7-minute briefing from the review's own words: its summary, findings and
 * conclusion, its learning points and its recommendations, numbered as in the review.
 */
export function draftFromReview({
  review,
  findings,
  learningPoints,
  recommendations,
}: DraftSource): BriefingSections & {
  title: string;
} {
  const kind = review.typeLabel.charAt(0).toLowerCase() + review.typeLabel.slice(1);
  const findingText = [
    numbered(findings),
    review.conclusion ? `Overall conclusion: ${review.conclusion}` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
  return {
    title: `Learning from the review of ${review.subjectRef}`,
    background:
      `This briefing shares the learning from a ${kind} about ${review.subjectRef}. ` +
      'It is for practitioners and managers in every partner organisation: read it, talk about it with your team, ' +
      'and think about what it means for your own practice.',
    whatHappened: review.summary,
    findings: findingText,
    learning: numbered(learningPoints),
    whatToDoDifferently: numbered(recommendations),
    questionsForReflection: DEFAULT_QUESTIONS,
    furtherReading: '',
  };
}
