import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config/paths';

/**
 * The launcher's own Go tests (tools/ferretdb/*_test.go): the `_id` index it adds on SQLite and on
 * PostgreSQL is one FerretDB's `_id` filter is served by, and it never creates or breaks a database file
 * or touches a database that is not FerretDB's (the PostgreSQL tests use a private database on
 * POSTGRES_URL's server). Not run against a server of MONGODB_URI: the launcher is then neither built nor
 * used (and Go may be absent).
 */
(process.env.MONGODB_URI ? describe.skip : describe)('the FerretDB launcher (go test)', () => {
  it('passes its Go tests', async () => {
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        'go',
        ['test', '-count=1', './...'],
        { cwd: join(PROJECT_ROOT, 'tools', 'ferretdb') },
        (err, stdout, stderr) => (err ? reject(new Error(`${stdout}${stderr}`)) : resolve(stdout)),
      ),
    );
    expect(out).toMatch(/^ok\s+ferretdb-launcher/m);
  }, 300_000);
});
