import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/config/paths';

const FILES: Record<string, [string, string]> = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/console/console.js': ['console.js', 'text/javascript; charset=utf-8'],
  '/console/console.css': ['console.css', 'text/css; charset=utf-8'],
};

/** Serves the console's three static files (no CDN, works offline). Returns false for other paths. */
export async function serveConsole(path: string, res: ServerResponse): Promise<boolean> {
  const file = FILES[path];
  if (!file) return false;
  const body = await readFile(join(PROJECT_ROOT, 'emulator', 'console', file[0]));
  res.writeHead(200, { 'content-type': file[1], 'cache-control': 'no-cache' });
  res.end(body);
  return true;
}
