/** How much of what a user typed a card repeats back. */
export const ECHO_MAX = 40;

/**
 * What a user typed, fit to be shown back in a card: at most `ECHO_MAX` characters (a chat message may be
 * 150 KB, a card only 30 KB) and without markdown's characters, so a message sent in a group cannot make
 * the bot post a link or formatting of the sender's choosing.
 */
export function echo(typed: string): string {
  const plain = typed.replace(/[*_~`<>[\]()#|\\]/g, '').trim();
  return plain.length > ECHO_MAX ? `${plain.slice(0, ECHO_MAX)}…` : plain;
}
