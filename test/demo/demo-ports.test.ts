import { createServer, type Server } from 'node:net';
import { once } from 'node:events';
import { resolveDemoPorts } from '../../src/demo/demo-ports';

/** A fake machine: these ports are busy; resolving claims nothing. */
const busy = (ports: number[]) => async (p: number) => !ports.includes(p);

describe('resolveDemoPorts', () => {
  it('takes the defaults when they are free', async () => {
    expect(await resolveDemoPorts([], {}, busy([]))).toEqual({ console: 4000, http: 3000, ops: 3001 });
  });

  it('takes flags before the environment, and the environment before the defaults', async () => {
    expect(
      await resolveDemoPorts(
        ['--port', '4100', '--http-port=3100'],
        { DEMO_PORT: '4200', OPS_PORT: '3201' },
        busy([]),
      ),
    ).toEqual({ console: 4100, http: 3100, ops: 3201 });
  });

  it('gives a second demo free ports next to the defaults the first one holds', async () => {
    const first = await resolveDemoPorts([], {}, busy([]));
    const second = await resolveDemoPorts([], {}, busy(Object.values(first)));
    expect(second).toEqual({ console: 4001, http: 3002, ops: 3003 });
  });

  it('refuses a port asked for that is busy, or asked for twice, or not a port', async () => {
    await expect(resolveDemoPorts(['--port', '4000'], {}, busy([4000]))).rejects.toThrow(
      '端口 4000（--port）已被占用',
    );
    await expect(resolveDemoPorts(['--http-port', '3005'], { OPS_PORT: '3005' }, busy([]))).rejects.toThrow(
      '已被占用',
    );
    await expect(resolveDemoPorts([], { DEMO_PORT: 'abc' }, busy([]))).rejects.toThrow('DEMO_PORT 应为');
    await expect(resolveDemoPorts(['--port'], {}, busy([]))).rejects.toThrow('--port 后应跟端口号');
  });

  it('sees a port really in use on this machine', async () => {
    const holder: Server = createServer().listen(0, '127.0.0.1');
    await once(holder, 'listening');
    const held = (holder.address() as { port: number }).port;
    try {
      await expect(resolveDemoPorts(['--port', String(held)], {})).rejects.toThrow(`端口 ${held}`);
      const free = await resolveDemoPorts([], {});
      expect(new Set(Object.values(free)).size).toBe(3);
    } finally {
      holder.close();
    }
  });
});
