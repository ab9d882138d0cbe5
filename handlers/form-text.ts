import { DomainError } from '../src/domain/errors';

/**
 * A text field of a submitted card form: a string, or '' when absent. Anything else (an object or an
 * array a forged callback put there) is refused, not turned into "[object Object]" and stored.
 */
export function formText(form: Record<string, unknown>, field: string, label: string): string {
  const value = form[field] ?? '';
  if (typeof value !== 'string')
    throw new DomainError('BAD_FORM', `${label}应填写文字，请在卡片的输入框中重新填写`);
  return value;
}
