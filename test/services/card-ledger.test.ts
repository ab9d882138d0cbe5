import { cardsOf, migrateCardLedger, rememberCard } from '../../src/services/card-messages';
import { useTestDb } from '../helpers/services';

const NOW = new Date('2026-11-26T02:00:00Z');

/** The ledger of cards sent about each draw, task and plan, by `_id` only. */
describe('the card ledger', () => {
  const db = useTestDb();

  it('lists a subject’s cards once each, of the kinds asked, and follows a card reused for another subject', async () => {
    const { models } = db();
    await rememberCard(models, 'om_1', 'CC2026-04-R1-01', 'preview', NOW);
    await rememberCard(models, 'om_2', 'CC2026-04-R1-01', 'approval', NOW);
    await rememberCard(models, 'om_1', 'CC2026-04-R1-01', 'preview', NOW); // a retried job
    await rememberCard(models, 'om_3', 'CC2026-04-R1-01', 'unit-tasks', NOW);
    const byId = (a: { messageId: string }, b: { messageId: string }) =>
      a.messageId.localeCompare(b.messageId);
    expect((await cardsOf(models, 'CC2026-04-R1-01', ['preview', 'approval'])).sort(byId)).toEqual([
      { messageId: 'om_1', kind: 'preview' },
      { messageId: 'om_2', kind: 'approval' },
    ]);
    expect(await cardsOf(models, 'CC2026-04-R1-01')).toHaveLength(3);
    // 重新发起 on the old preview: that card now shows the new attempt, and only it.
    await rememberCard(models, 'om_1', 'CC2026-04-R1-02', 'preview', NOW);
    expect(await cardsOf(models, 'CC2026-04-R1-01', ['preview', 'approval'])).toEqual([
      { messageId: 'om_2', kind: 'approval' },
    ]);
    expect(await cardsOf(models, 'CC2026-04-R1-02')).toEqual([{ messageId: 'om_1', kind: 'preview' }]);
    // A new kind for the same card replaces the old.
    await rememberCard(models, 'om_2', 'CC2026-04-R1-01', 'approved', NOW);
    expect(await cardsOf(models, 'CC2026-04-R1-01', ['approved'])).toEqual([
      { messageId: 'om_2', kind: 'approved' },
    ]);
    expect(await cardsOf(models, 'nothing')).toEqual([]);
  });

  it('keeps every card of a burst (each inspector’s copy of a task sent at once)', async () => {
    const { models } = db();
    const ids = Array.from({ length: 12 }, (_, i) => `om_t${i}`);
    await Promise.all(ids.map((id) => rememberCard(models, id, 'CC2026-04-R1-01-0001', 'task', NOW)));
    expect((await cardsOf(models, 'CC2026-04-R1-01-0001')).map((c) => c.messageId).sort()).toEqual(
      [...ids].sort(),
    );
  });

  it('copies the ledger an older version kept (card_messages) once, and drops it', async () => {
    const { models } = db();
    const old = models.CardMessage.db.collection('card_messages');
    await old.insertMany([
      { messageId: 'om_a', subject: 'plan-2027-v1', kind: 'plan-submitted', at: NOW },
      { messageId: 'om_b', subject: 'plan-2027-v1', kind: 'plan-approval', at: new Date(NOW.getTime() + 1) },
    ]);
    expect(await migrateCardLedger(models, NOW)).toBe(2);
    expect(await cardsOf(models, 'plan-2027-v1')).toEqual([
      { messageId: 'om_a', kind: 'plan-submitted' },
      { messageId: 'om_b', kind: 'plan-approval' },
    ]);
    expect(await old.countDocuments({})).toBe(0);
    expect(await migrateCardLedger(models, NOW)).toBe(0);
  });
});
