/**
 * The service's own database, for command-line tools run with the service's environment: they
 * never start a local one, and say plainly what is missing or unreachable (null after printing it).
 */
import { MongoClient } from 'mongodb';
import { redactUri } from '../app.js';
import type { ConnectConfig } from '../config.js';

export async function connectServiceDatabase(config: ConnectConfig, appName: string): Promise<MongoClient | null> {
  if (!config.mongodb.uri) {
    console.error('MONGODB_URI is required: run this with the same environment as the service.');
    return null;
  }
  const mongo = new MongoClient(config.mongodb.uri, { serverSelectionTimeoutMS: config.mongodb.serverSelectionTimeoutMs, appName });
  try {
    await mongo.connect();
    return mongo;
  } catch (error) {
    console.error(`MongoDB is unreachable at ${redactUri(config.mongodb.uri)}: ${(error as Error).message}`);
    return null;
  }
}
