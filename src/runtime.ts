import type { Clock, RandomSource } from './clock.js';
import { cryptoRandom, systemClock } from './clock.js';
import type { Config } from './config.js';
import { BusinessService } from './services/business.service.js';
import type { MigrationLogger, Store } from './store/db.js';
import { migrateToLatest, openStore } from './store/db.js';

/** The services of one process, wired once from the configuration; every adapter takes one of these. */
export interface Runtime {
  config: Config;
  store: Store;
  clock: Clock;
  businesses: BusinessService;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  logger?: MigrationLogger;
  clock?: Clock;
  random?: RandomSource;
}

export async function openRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const store = openStore(config.database);
  try {
    await migrateToLatest(store, options.logger);
  } catch (error) {
    await store.close();
    throw error;
  }
  const clock = options.clock ?? systemClock;
  const random = options.random ?? cryptoRandom;
  const businesses = new BusinessService({
    db: store.db,
    capabilities: store.capabilities,
    clock,
    random,
    afsDomain: config.afs.domain,
  });
  return { config, store, clock, businesses, close: () => store.close() };
}
