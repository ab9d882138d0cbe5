import { createHash } from 'node:crypto';
import { z } from 'zod';
import { TARGET_RULES_VERSION, targetSchema } from '../../../src/domain/draw/v2/schema';

describe('the rules a pool snapshot is checked by once', () => {
  it('are pinned to their version: change targetSchema, bump TARGET_RULES_VERSION (stored snapshots are then checked again)', () => {
    const rules = createHash('sha256')
      .update(JSON.stringify(z.toJSONSchema(targetSchema)))
      .digest('hex');
    expect({ version: TARGET_RULES_VERSION, rules }).toEqual({
      version: 1,
      rules: 'c0caccebdffe1295f9adfc7b1a4983d62d0f617d6c3a7d32d57c408ee95ce868',
    });
  });
});
