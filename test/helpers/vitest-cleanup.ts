/**
 * A vitest setup file (vitest.config.ts): cleanups registered during a test (or its beforeEach)
 * run when that test finishes; any other (beforeAll, collection) when the test file is done.
 */
import { afterAll, onTestFinished, TestRunner } from 'vitest';
import { CleanupStack, setCleanupScope } from './cleanup.js';

const fileScope = new CleanupStack();
// Registered before the file's own hooks, so (hooks run as a stack) it runs after them.
afterAll(() => fileScope.run());
setCleanupScope((cleanup) =>
  TestRunner.getCurrentTest() ? onTestFinished(cleanup) : fileScope.add(cleanup),
);
