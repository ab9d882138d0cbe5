import { card, md } from './parts';

/** A short answer in chat: why something cannot be done, or what happened. Pure. */
export function noticeCard(v: { title: string; text: string; tone?: 'info' | 'warning' | 'error' }) {
  const template = v.tone === 'error' ? 'red' : v.tone === 'warning' ? 'orange' : 'blue';
  return card({ title: v.title, template, elements: [md(v.text)] });
}
