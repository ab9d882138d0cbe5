/**
 * The one time zone of every date the bot reads, shows or computes (Beijing). Its own module so that
 * what imports it — the calendar, and through it the draw verifier bundled for the browser — does not
 * pull in the whole configuration schema.
 */
export const TIME_ZONE = 'Asia/Shanghai' as const;
