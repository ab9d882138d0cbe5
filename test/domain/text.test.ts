import { clean, idPart, stripControls, withoutControls } from '../../src/domain/text';

describe('idPart: person keys made fit for job ids and receipt keys', () => {
  it('drops the colon BullMQ refuses and keeps names apart', () => {
    expect(idPart('badge:41030012')).toBe('badge_41030012');
    expect(idPart('name:张三')).toBe('name_张三');
    expect(idPart('name:张三')).not.toBe(idPart('name:李四'));
    expect(idPart('a b/c:d')).not.toMatch(/[:\s/]/);
  });
});

describe('control characters: never stored (PostgreSQL jsonb refuses NUL)', () => {
  it('clean drops them, folds white space and full-width forms unless verbatim', () => {
    expect(clean(' 伊洛\u0000 KTV\u0007\r\n  ')).toBe('伊洛 KTV');
    expect(clean('ＡＢＣ（１）')).toBe('ABC(1)');
    expect(clean('ＡＢＣ（１）\u0000', true)).toBe('ＡＢＣ（１）');
  });

  it('stripControls reaches every string of a callback value and keeps line breaks and the rest', () => {
    const form = {
      note: '整改\u0000完毕\n已复查\t是',
      methods: ['现场\u001f检查'],
      n: 3,
      ok: true,
      none: null,
    };
    expect(stripControls(form)).toEqual({
      note: '整改完毕\n已复查\t是',
      methods: ['现场检查'],
      n: 3,
      ok: true,
      none: null,
    });
    expect(withoutControls('a\u007fb\u0008c')).toBe('abc');
  });
});
