/** The ERP's OData v2 envelopes and error shape: vendor fields stop at this app's mappers. */
export interface ODataEntity<T> {
  d: T;
}
export interface ODataCollection<T> {
  d: { results: T[] };
}
export interface ODataError {
  error: { code: string; message: { lang: string; value: string }; innererror?: Record<string, unknown> };
}

/** Reads the ERP's '/Date(1700000000000)/' timestamps as ISO strings. */
export function fromODataDate(value: string): string {
  const ms = /\/Date\((-?\d+)\)\//.exec(value)?.[1];
  return new Date(ms ? Number(ms) : Date.parse(value)).toISOString();
}

/** Writes a timestamp the way the ERP wants it. */
export function toODataDate(iso: string): string {
  return `/Date(${Date.parse(iso)})/`;
}

/** Quotes a value for an OData $filter literal. */
export function odataLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
