/** The RFC 9457 problem document every Omnigate error answer carries. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  correlationId?: string;
  [extension: string]: unknown;
}

/** Base URI of Omnigate's problem types; the slug after it is stable. */
export const PROBLEM_TYPE_BASE = 'https://omnigate.dev/problems/';

/** The full `type` URI of a problem slug. */
export function problemType(slug: string): string {
  return `${PROBLEM_TYPE_BASE}${slug}`;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
