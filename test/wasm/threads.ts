/** The tests' wait for the worker pool: threads start in the background. */
import { expect } from 'vitest';
import { computeInfo } from '../../src/wasm/config.ts';

/** Waits (asynchronously, so that the worker can start) until `threads` threads can take shares. */
export const untilActive = async (threads: number): Promise<void> => {
  for (let i = 0; i < 200 && computeInfo().activeThreads < threads; i++) await new Promise((r) => setTimeout(r, 25));
  expect(computeInfo().activeThreads).toBe(threads);
};
