/**
 * Vitest global setup: one database server for the whole run (the embedded engine unless
 * MONGODB_URI names a real one). Each test file uses its own database name, so files never share
 * data; see `testDatabase()`.
 */
import type { TestProject } from 'vitest/node';
import { startDatabase } from '../../server/db/start-database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongodbUri: string;
  }
}

export default async function setup(project: TestProject) {
  const database = await startDatabase();
  project.provide('mongodbUri', database.uri);
  return () => database.stop();
}
