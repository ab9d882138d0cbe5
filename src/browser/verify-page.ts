import { verdictText, verifyDrawRecord } from '../domain/draw/verify';

/**
 * The public page's 在线核验, bundled for the browser by src/adapters/http/verify-bundle.ts and served as
 * `/public/verify.js`: each `button[data-verify]` downloads its draw's record (the one request it makes,
 * same origin) and re-verifies it here with the verifier of `npm run verify-draw` — the same code, not a
 * copy — showing its verdict and how long it took in the `<output class="verdict">` beside it. Buttons
 * are rendered `hidden` and shown only here, so a visitor without script sees no dead button.
 */

// The project's TypeScript has no DOM library (it is a Node program): these are the few parts of the
// DOM this file uses, declared for this module only.
interface VerifyButton {
  hidden: boolean;
  disabled: boolean;
  readonly dataset: { verify?: string };
  readonly parentElement: { querySelector(selector: 'output.verdict'): VerdictOutput | null } | null;
  addEventListener(type: 'click', listener: () => void): void;
}
interface VerdictOutput {
  className: string;
  textContent: string | null;
}
declare const document: {
  readonly readyState: string;
  addEventListener(type: 'DOMContentLoaded', listener: () => void): void;
  querySelectorAll(selector: 'button[data-verify]'): ArrayLike<VerifyButton>;
};

function wire(): void {
  for (const button of Array.from(document.querySelectorAll('button[data-verify]'))) {
    const output = button.parentElement?.querySelector('output.verdict');
    const url = button.dataset.verify;
    if (!output || !url) continue;
    button.addEventListener('click', () => void verify(button, output, url));
    button.hidden = false;
  }
}

async function verify(button: VerifyButton, output: VerdictOutput, url: string): Promise<void> {
  button.disabled = true;
  output.className = 'verdict';
  output.textContent = '核验中…';
  const started = performance.now();
  const { ok, text } = await verdictOf(url);
  const ms = Math.round(performance.now() - started);
  output.className = `verdict ${ok ? 'ok' : 'bad'}`;
  output.textContent = `${text}（下载与重新计算用时 ${ms} ms）`;
  button.disabled = false;
}

/** The record at `url`, downloaded and verified: never throws. */
async function verdictOf(url: string): Promise<{ ok: boolean; text: string }> {
  let body: string;
  try {
    const res = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (!res.ok) return { ok: false, text: `无法核验：下载抽取记录失败（HTTP ${res.status}）` };
    body = await res.text();
  } catch (err) {
    return { ok: false, text: `无法核验：下载抽取记录失败（${(err as Error).message}）` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (err) {
    // The wording of `npm run verify-draw` for the same file.
    return { ok: false, text: `不一致：记录不是有效的 JSON（${(err as Error).message}）` };
  }
  const verdict = verifyDrawRecord(raw);
  return { ok: verdict.consistent, text: verdictText(verdict) };
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', wire);
else wire();
