import { join } from 'node:path';
import type ExcelJS from 'exceljs';
import fc from 'fast-check';
import { echo } from '../../cards/echo';
import { helpCard } from '../../cards/help-card';
import { itemChoiceCard } from '../../cards/item-choice-card';
import { nearestCommand } from '../../handlers/commands/help';
import { parseEvaluationYear } from '../../handlers/evaluation/command';
import { readPlanTemplate } from '../../src/adapters/plan-file';
import { TARGET_SHEET_HEADER } from '../../src/demo/write-pool-files';
import { parseDrawNumber } from '../../src/domain/draw/policy';
import { DomainError } from '../../src/domain/errors';
import { queryItems, type QueryItem } from '../../src/domain/item-query';
import { makeItemResolver } from '../../src/domain/item-resolver';
import { checkReport } from '../../src/domain/report';
import { clean, fold, idPart } from '../../src/domain/text';
import { TARGET_COLUMNS } from '../../src/importer/columns';
import { OFFICER_COLUMNS } from '../../src/importer/officer-columns';
import { parseOfficerRow } from '../../src/importer/parse-officer-row';
import { parseTargetRow } from '../../src/importer/parse-target-row';
import type { Cell } from '../../src/importer/read-table';
import type { RowProblem } from '../../src/importer/row-problems';
import { exportKindOf } from '../../src/services/exports';
import { importPool } from '../../src/services/import-pool';
import { seedPlan } from '../../src/services/seed-plan';
import { useTestDb } from '../helpers/services';
import { useTempDir, writeXlsx } from '../helpers/sheets';

/**
 * Property tests (fast-check, bounded runs): what users type and what spreadsheets hold never crash the
 * parsers — commands and their arguments give an answer or a DomainError, form values a field message,
 * row parsers a record or problems, the importer a report or a DomainError.
 */
const RUNS = { numRuns: 300 };

const shaped = fc.constantFrom(
  '{"$gt":""}',
  '{"$ne":null}',
  '$where',
  'CC2026-04-R1-01',
  'cc2026-04-r1-01 ',
  '娱乐场所',
  '特种行业',
  '９１４１０３８１ＭＡ',
  '\u3000',
  '\u200b',
  '@_user_1',
  '[x](http://a)',
  '\ud800',
  'e\u0301',
  '🇨🇳',
  '__proto__',
  'constructor',
);
/** Any text: full Unicode (lone surrogates too), graphemes, and shapes that matter here, concatenated. */
const anyText = fc
  .tuple(
    fc.array(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), shaped), {
      maxLength: 4,
    }),
    fc.constantFrom(' ', '', '\n', '\t'),
  )
  .map(([parts, sep]) => parts.join(sep));

const template = readPlanTemplate();
const items: QueryItem[] = template.items.map((i, n) => ({
  code: i.code,
  name: i.name,
  targetType: i.targetType,
  aliases: i.aliases,
  seq: n + 1,
  section: { heading: i.section.heading },
}));

/** Runs `f`; passes if it returns or throws a DomainError. */
const onlyDomainErrors = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
  }
};

describe('fuzz: command text', () => {
  it('the item query, the resolver and the text folds never throw, and answer in shape', () => {
    const resolve = makeItemResolver(items);
    const codes = new Set(items.map((i) => i.code));
    fc.assert(
      fc.property(anyText, (text) => {
        const q = queryItems(items, text);
        if (q.kind === 'one') expect(codes.has(q.code)).toBe(true);
        else if (q.kind === 'choice') q.codes.forEach((c) => expect(codes.has(c)).toBe(true));
        else expect(q.suggestions.length).toBeLessThanOrEqual(3);
        const r = resolve(text);
        expect(r === null || codes.has(r)).toBe(true);
        expect(typeof fold(text)).toBe('string');
        expect(typeof clean(text)).toBe('string');
        expect(idPart(text)).not.toContain(':');
      }),
      RUNS,
    );
  });

  it('command words and arguments: draw numbers, export kinds, years and the nearest command', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        // The router's split (handlers/router.ts): mentions removed, the first word is the command.
        const [command = '', ...rest] = text
          .replace(/@_user_\d+/g, '')
          .trim()
          .split(/\s+/);
        const args = rest.join(' ');
        const drawNo = parseDrawNumber(args);
        if (drawNo !== null) expect(drawNo).toMatch(/^CC\d{4}-\d{2}-R\d+-\d{2,}$/);
        expect([null, 'items', 'draws', 'results', 'evaluation']).toContain(exportKindOf(args));
        expect(nearestCommand(command) ?? '').toEqual(expect.any(String));
        onlyDomainErrors(() => parseEvaluationYear(args, 2026));
      }),
      RUNS,
    );
  });

  it('what cards echo back is short, and the cards stay small whatever was typed', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.string({ minLength: 5000, maxLength: 20000 })), (text) => {
        expect(echo(text).length).toBeLessThanOrEqual(41);
        expect(echo(text)).not.toMatch(/[[\]()*_`<>#|\\]/);
        const help = helpCard({ unknownText: text, commands: [], items: ['娱乐场所'] });
        const choice = itemChoiceCard({ query: text, items: [], suggestions: true, allNames: ['娱乐场所'] });
        expect(Buffer.byteLength(JSON.stringify(help))).toBeLessThan(4096);
        expect(Buffer.byteLength(JSON.stringify(choice))).toBeLessThan(4096);
      }),
      { numRuns: 100 },
    );
  });

  it('a report form of any shape gives a report of strings or one Chinese message', () => {
    const rules = { today: '2026-11-26', dispatchedOn: '2026-11-01', methods: ['现场检查', '书面检查'] };
    const field = fc.oneof(
      anyText,
      fc.constantFrom('2026-11-20 +0800', '现场检查', '未发现问题', '无需后续处置', '发现问题已责令改正'),
      fc.anything(),
    );
    const form = fc.oneof(
      fc.record(
        {
          inspectedOn: field,
          method: field,
          result: field,
          findings: field,
          followUp: field,
          rectification: field,
        },
        { requiredKeys: [] },
      ),
      // The router passes form_value on only as an object (zod: a record), so any object, not any value.
      fc.dictionary(fc.string(), fc.anything()),
    );
    fc.assert(
      fc.property(form, (f) => {
        const out = checkReport(rules, f);
        if (out.ok) Object.values(out.report).forEach((v) => expect(typeof v).toBe('string'));
        else expect(out.message).toMatch(/[\u4e00-\u9fff]/);
      }),
      RUNS,
    );
  });
});

describe('fuzz: importer rows', () => {
  const cell: fc.Arbitrary<Cell> = fc.oneof(
    anyText.map((text) => ({ text })),
    fc.constantFrom(
      { text: '' },
      { text: '91410381MA0000001X' },
      { text: '娱乐场所、旅馆业' },
      { text: 'A' },
      { text: '高' },
      { text: '治安大队' },
      { problem: '单元格是公式' },
    ),
  );
  const row = fc.array(cell, { maxLength: 14 });
  const columnsOf = (specs: readonly { field: string }[]) =>
    fc.record(Object.fromEntries(specs.map((s) => [s.field, fc.nat(15)])), { requiredKeys: [] });
  const resolveItem = makeItemResolver(items);
  const itemNames = items.map((i) => i.targetType);

  const checkProblems = (problems: RowProblem[], from: number) =>
    problems.slice(from).forEach((p) => {
      expect(p.row).toBe(7);
      expect(typeof p.column).toBe('string');
      expect(p.reason).toMatch(/[\u4e00-\u9fff]/);
    });

  it('a target row of any cells is a record or problems, never a crash', () => {
    fc.assert(
      fc.property(row, columnsOf(TARGET_COLUMNS), fc.boolean(), (cells, columns, withDefault) => {
        const problems: RowProblem[] = [];
        const rec = parseTargetRow(
          7,
          cells,
          { columns, resolveItem, itemNames, defaultItems: withDefault ? ['entertainment'] : [] },
          problems,
        );
        expect(rec === null).toBe(problems.length > 0);
        checkProblems(problems, 0);
      }),
      RUNS,
    );
  });

  it('an officer row of any cells is a record or problems, never a crash', () => {
    fc.assert(
      fc.property(row, columnsOf(OFFICER_COLUMNS), (cells, columns) => {
        const problems: RowProblem[] = [];
        const rec = parseOfficerRow(
          7,
          cells,
          { columns, resolveItem, itemNames, unitNames: ['治安大队', '禁毒大队'] },
          problems,
        );
        expect(rec === null).toBe(problems.length > 0);
        checkProblems(problems, 0);
      }),
      RUNS,
    );
  });
});

/** A character XML 1.0 can carry (lone surrogates are left to the writer). */
const xmlChar = (c: number) =>
  (c >= 0x20 || c === 0x9 || c === 0xa || c === 0xd) && c !== 0xfffe && c !== 0xffff;

describe('fuzz: whole xlsx files through the importer', () => {
  const db = useTestDb();
  const dir = useTempDir();
  beforeAll(async () => {
    await seedPlan(db().models, template, [2026], 'system:test', new Date('2026-11-26T02:00:00Z'));
  }, 30_000);

  /** Cell values as exceljs writes them: strings, numbers, dates, booleans, empty, rich text, formulas, errors, links. */
  const value: fc.Arbitrary<ExcelJS.CellValue> = fc.oneof(
    anyText,
    fc.double({ noNaN: false }),
    fc.integer(),
    fc.constantFrom(Number('9141038100000001'), 1e21, -0),
    fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
    fc.boolean(),
    fc.constant(null),
    anyText.map((t) => ({ richText: [{ text: t, font: { bold: true } }, { text: '尾' }] })),
    fc.constantFrom(
      { formula: 'A1&"x"', result: '结果' },
      { error: '#N/A' },
      { error: '#DIV/0!' },
      { text: '链接', hyperlink: 'http://example.com' },
    ),
  ) as fc.Arbitrary<ExcelJS.CellValue>;

  it('any sheet under the header is imported or refused with Chinese reasons; nothing else escapes', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(value, { maxLength: TARGET_SHEET_HEADER.length + 2 }), {
          minLength: 1,
          maxLength: 4,
        }),
        async (rows) => {
          // Printable cells only: XML 1.0 cannot carry most control characters, and exceljs writes them raw.
          const printable = rows.map((r) =>
            r.map((v) =>
              typeof v === 'string' ? [...v].filter((ch) => xmlChar(ch.codePointAt(0)!)).join('') : v,
            ),
          );
          const file = await writeXlsx(join(dir(), `fuzz-${n++}.xlsx`), [TARGET_SHEET_HEADER, ...printable]);
          try {
            const report = await importPool(db().models, 'targets', file, {
              actor: 'name:fuzz',
              now: new Date('2026-11-26T02:00:00Z'),
            });
            report.problems.forEach((p) => expect(p.reason).toMatch(/[\u4e00-\u9fff]/));
            expect(report.written).toBe(report.problems.length === 0);
          } catch (err) {
            if (!(err instanceof DomainError)) throw err;
            expect(err.message).toMatch(/[\u4e00-\u9fff]/);
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});
