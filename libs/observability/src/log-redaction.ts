/**
 * Field names that carry personal data or credentials, compared without case, '_' or '-', so
 * `memberId`, `member_id` and `MemberID` are one name. Their values never reach a log line, at
 * whatever depth they are logged.
 */
const NEVER_LOGGED = new Set([
  'memberid',
  'membernumber',
  'cardnumber',
  'email',
  'emailaddress',
  'phone',
  'phonenumber',
  'name',
  'firstname',
  'lastname',
  'fullname',
  'authorization',
  'cookie',
  'xapikey',
  'xservicekey',
  'xcsrftoken',
  'accesstoken',
  'xorderaccesstoken',
]);

/** What an error may tell the log: enough to diagnose, nothing the error happens to carry. */
const ERROR_FIELDS = [
  'code',
  'status',
  'statusCode',
  'backend',
  'operation',
  'failure',
  'retryAfterS',
] as const;

const CENSOR = '[redacted]';
/** Log objects are written by our code and shallow; anything deeper is cut, which also ends cycles. */
const MAX_DEPTH = 8;

// Log objects use a few dozen field names, line after line: each is folded and looked up once.
const verdicts = new Map<string, boolean>();
const MAX_VERDICTS = 10_000;

const neverLogged = (name: string): boolean => {
  let verdict = verdicts.get(name);
  if (verdict === undefined) {
    verdict = NEVER_LOGGED.has(name.toLowerCase().replace(/[_-]/g, ''));
    if (verdicts.size < MAX_VERDICTS) verdicts.set(name, verdict);
  }
  return verdict;
};

/**
 * An error as a log line shows it: class, message, stack, codes and which backend call failed.
 * Anything else it carries (a vendor's answer body, an HTTP client's request config with its
 * headers) stays out. Values that are not errors are returned as they are.
 */
export function serializeError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return error;
  const shown: Record<string, unknown> = { type: error.name, message: error.message, stack: error.stack };
  const fields = error as unknown as Record<string, unknown>;
  for (const field of ERROR_FIELDS) {
    const value = fields[field];
    if (typeof value === 'string' || typeof value === 'number') shown[field] = value;
  }
  // A DomainError's stable slug.
  if (typeof fields.type === 'string') shown.problemType = fields.type;
  if (error.cause !== undefined && depth < 3) shown.cause = serializeError(error.cause, depth + 1);
  return shown;
}

const isPlainObject = (value: object) => {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

/**
 * A copy of a log object with personal data and credentials blanked at any depth, and errors
 * reduced to {@link serializeError}. Only plain objects and arrays are walked: other instances (a
 * request pino serializes, a Date) are left to their serializers.
 */
export function redactForLog(value: unknown, depth = 0): unknown {
  if (value instanceof Error) return redactForLog(serializeError(value), depth);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => redactForLog(item, depth + 1));
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(value)) {
    copy[name] = member !== undefined && neverLogged(name) ? CENSOR : redactForLog(member, depth + 1);
  }
  return copy;
}
