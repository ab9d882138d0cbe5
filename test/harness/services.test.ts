import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FERRETDB_LAUNCHER, storageFrom } from '../../src/harness/ferretdb';
import { startServices } from '../../src/harness/services';

/**
 * The embedded database of the demo and the CLIs, on this run's backend (DB_BACKEND): started with a
 * DATA_DIR that does not exist yet, found by a second process through the marker there, its marker gone
 * at stop. On PostgreSQL its database is one of this test's own, dropped afterwards.
 */
describe('startServices: the embedded FerretDB the demo and the CLIs share', () => {
  const parent = mkdtempSync(join(tmpdir(), 'ssj-services-'));
  const storage = storageFrom(process.env);
  const url = new URL(storage.POSTGRES_URL);
  url.pathname = `/ssj_services_${Date.now().toString(36)}`;
  const config = {
    DATA_DIR: join(parent, 'not-yet', 'data'),
    REDIS_URL: process.env.TEST_REDIS_URL!,
    DB_BACKEND: storage.DB_BACKEND,
    POSTGRES_URL: url.toString(),
  };

  afterAll(async () => {
    rmSync(parent, { recursive: true, force: true });
    if (storage.DB_BACKEND !== 'postgres') return;
    // The persistent database this test made: dropped by a launcher told to, once its stdin closes.
    const drop = spawn(
      FERRETDB_LAUNCHER,
      ['-backend', 'postgresql', '-postgresql-url', config.POSTGRES_URL, '-drop-on-exit'],
      { stdio: ['pipe', 'ignore', 'ignore'] },
    );
    drop.stdin.end();
    await once(drop, 'exit');
  });

  it('starts in a DATA_DIR that does not exist yet, is shared through its marker, and cleans up', async () => {
    const first = await startServices(config);
    const marker = join(config.DATA_DIR, 'ferretdb.json');
    try {
      expect(first.mongoSource).toBe('embedded');
      expect(existsSync(marker)).toBe(true);
      const second = await startServices(config);
      expect(second).toMatchObject({ mongoSource: 'shared', mongoUri: first.mongoUri });
      await second.stop();
    } finally {
      await first.stop();
    }
    expect(existsSync(marker)).toBe(false);
  });
});
