/** Every app of the stack, in start order (backends first), with its default port. */
export const STACK_APPS = [
  { name: 'sandbox', port: 3900, layer: 'sandbox' },
  { name: 'system-erp', port: 3100, layer: 'system' },
  { name: 'system-pos', port: 3101, layer: 'system' },
  { name: 'system-loyalty', port: 3102, layer: 'system' },
  { name: 'system-oms', port: 3103, layer: 'system' },
  { name: 'process-orders', port: 3200, layer: 'process' },
  { name: 'experience-storefront', port: 3000, layer: 'experience' },
  { name: 'experience-pos', port: 3001, layer: 'experience' },
] as const;

/** The compiled entry point of an app. */
export function mainOf(app: string): string {
  return `${__dirname}/../apps/${app}/src/main.js`;
}
