/** Base path of the simulated ERP's OData services. */
export const ERP_ODATA_ROOT = 'erp/sap/opu/odata/sap';

/** An instant in OData v2 JSON: `/Date(1700000000000)/`. */
export function odataDate(ms: number): string {
  return `/Date(${ms})/`;
}

/** A whole quantity as the ERP writes decimals: a string with three places, e.g. '12.000'. */
export function odataQuantity(units: number): string {
  return units.toFixed(3);
}

/**
 * Every value compared with `eq` to a property in an OData `$filter`, e.g. all plants of
 * `Plant eq 'ST-6930' and (Material eq '1' or Material eq '2')`. The sandbox does not parse the
 * boolean structure; clients only ever AND one group of ORs.
 */
export function filterValues(filter: string, property: string): string[] {
  const pattern = new RegExp(`\\b${property}\\s+eq\\s+'((?:[^']|'')*)'`, 'g');
  return [...new Set([...filter.matchAll(pattern)].map((m) => m[1].replace(/''/g, "'")))];
}
