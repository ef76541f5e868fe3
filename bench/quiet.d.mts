// Types of quiet.mjs (plain JavaScript, so that plain node scripts can use it too).
export interface QuietResult { ms: number; quiet: number; windows: number }
export interface QuietOptions { windowMs?: number; budgetMs?: number; maxMs?: number; want?: number; maxWait?: number }
export function waitNs(pids?: (number | string)[]): number;
export function processTree(root: number): number[];
export function quietTime(fn: () => unknown, options?: QuietOptions): QuietResult;
export function quietTimeAsync(window: () => Promise<number>, pids: (number | string)[], options?: Omit<QuietOptions, 'windowMs'>): Promise<QuietResult>;
