import { randomBytes } from 'node:crypto';
import { connectDb } from '../src/adapters/db/connect';
import { listEvidence, readEvidence } from '../src/adapters/db/evidence-store';
import { storeEvidence } from '../src/services/evidence-attach';

/**
 * One benchmark step in its own process, on MONGODB_URI: 现场材料 with a bureau's year of it already
 * stored (TASKS tasks × 2 photos of 2 MB, not timed), then what an inspector and a reviewer wait for —
 * a 5 MB photo stored (kind check, place, GridFS, audit entry), the task's list read (every card of the
 * task), the photo read back (查看原件). Each timed five times; the median is reported.
 */
const TASKS = 100;
const jpeg = (bytes: number) =>
  Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]),
    Buffer.from('JFIF\0'),
    randomBytes(bytes - 11),
  ]);

async function main(): Promise<void> {
  const db = await connectDb(process.env.MONGODB_URI!, `bench_${randomBytes(4).toString('hex')}`);
  const { models } = db;
  const at = new Date('2026-11-26T02:00:00Z');
  try {
    const background = jpeg(2 * 1024 * 1024);
    for (let t = 0; t < TASKS; t++)
      for (let f = 0; f < 2; f++)
        await storeEvidence(models, {
          taskNo: `CC2026-03-R1-01-${String(t + 1).padStart(4, '0')}`,
          id: `ev-bg-${t}-${f}`,
          data: background,
          by: 'bench',
          at,
        });
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const time = async (run: () => Promise<unknown>) => {
      const t0 = process.hrtime.bigint();
      await run();
      return Number(process.hrtime.bigint() - t0) / 1e6;
    };
    const photo = jpeg(5 * 1024 * 1024);
    const store: number[] = [];
    const list: number[] = [];
    const read: number[] = [];
    for (let i = 0; i < 5; i++) {
      const taskNo = `CC2026-04-R1-01-${String(i + 1).padStart(4, '0')}`;
      store.push(
        await time(() =>
          storeEvidence(models, { taskNo, id: `ev-photo-${i}`, data: photo, by: 'bench', at }),
        ),
      );
      list.push(await time(() => listEvidence(models, taskNo)));
      read.push(
        await time(async () => {
          const back = await readEvidence(models, taskNo, `ev-photo-${i}`);
          if (back?.data.length !== photo.length) throw new Error('the photo did not come back whole');
        }),
      );
    }
    console.log(
      JSON.stringify({
        files: TASKS * 2,
        storedMb: (TASKS * 2 * background.length) / 1048576,
        storeMs: median(store),
        listMs: median(list),
        readMs: median(read),
        peakRssMb: process.resourceUsage().maxRSS / 1024,
      }),
    );
  } finally {
    await db.conn.dropDatabase();
    await db.close();
  }
}
void main();
