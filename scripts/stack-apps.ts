import type { InternalCaller } from '@omnigate/auth';

/** One app of the stack; `caller` is the internal caller it calls the APIs below as, if it calls any. */
export interface StackApp {
  name: string;
  port: number;
  layer: 'sandbox' | 'system' | 'process' | 'experience';
  caller?: InternalCaller;
}

/** Every app of the stack, in start order (backends first), with its default port. */
export const STACK_APPS: readonly StackApp[] = [
  { name: 'sandbox', port: 3900, layer: 'sandbox' },
  { name: 'system-erp', port: 3100, layer: 'system' },
  { name: 'system-pos', port: 3101, layer: 'system' },
  { name: 'system-loyalty', port: 3102, layer: 'system' },
  { name: 'system-oms', port: 3103, layer: 'system' },
  { name: 'process-orders', port: 3200, layer: 'process', caller: 'process-orders' },
  { name: 'experience-storefront', port: 3000, layer: 'experience', caller: 'experience-storefront' },
  { name: 'experience-pos', port: 3001, layer: 'experience', caller: 'experience-pos' },
  { name: 'control-tower', port: 3300, layer: 'experience', caller: 'control-tower' },
];

/** The compiled entry point of an app. */
export function mainOf(app: string): string {
  return `${__dirname}/../apps/${app}/src/main.js`;
}
