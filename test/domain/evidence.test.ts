import {
  claimedKind,
  contentProblem,
  DEFAULT_EVIDENCE_LIMITS,
  evidenceId,
  limitProblem,
  nameProblem,
  ooxmlKind,
  pictureName,
  sizeText,
  sniffKind,
} from '../../src/domain/evidence';

const bytes = (...b: (number | string)[]) =>
  Uint8Array.from(b.flatMap((x) => (typeof x === 'string' ? [...Buffer.from(x, 'latin1')] : [x])));

describe('现场材料: what a file is, by its content', () => {
  it('recognises each kind taken by its first bytes', () => {
    expect(sniffKind(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'JFIF'))).toBe('jpg');
    expect(sniffKind(bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d))).toBe('png');
    expect(sniffKind(bytes('%PDF-1.7\n'))).toBe('pdf');
    expect(sniffKind(bytes('PK', 3, 4, 20, 0, 6, 0))).toBe('zip');
    // An iPhone photo: a `ftyp` box with the `heic` brand; the generic HEIF brand too.
    expect(sniffKind(bytes(0, 0, 0, 0x18, 'ftypheic', 0, 0, 0, 0))).toBe('heic');
    expect(sniffKind(bytes(0, 0, 0, 0x18, 'ftypmif1', 0, 0, 0, 0))).toBe('heic');
  });

  it('recognises nothing else: a Windows program, an MP4 video, text, too few bytes', () => {
    expect(sniffKind(bytes('MZ', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0))).toBeNull();
    expect(sniffKind(bytes(0, 0, 0, 0x18, 'ftypmp42', 0, 0, 0, 0))).toBeNull();
    expect(sniffKind(bytes('hello, world'))).toBeNull();
    expect(sniffKind(bytes(0xff, 0xd8))).toBeNull();
    expect(sniffKind(new Uint8Array())).toBeNull();
  });

  it('tells a Word document from an Excel workbook by the ZIP entries, and neither from a plain ZIP', () => {
    expect(ooxmlKind(['[Content_Types].xml', '_rels/.rels', 'word/document.xml'])).toBe('docx');
    expect(ooxmlKind(['[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml'])).toBe('xlsx');
    expect(ooxmlKind(['word/document.xml'])).toBeNull();
    expect(ooxmlKind(['[Content_Types].xml', 'ppt/presentation.xml'])).toBeNull();
  });

  it('takes a name by its extension, case-insensitively, and refuses other names with the list', () => {
    expect(claimedKind('现场.JPEG')).toBe('jpg');
    expect(claimedKind('检查记录表.pdf')).toBe('pdf');
    expect(claimedKind('IMG_0001.HEIC')).toBe('heic');
    expect(nameProblem('记录.docx')).toBeNull();
    expect(nameProblem('setup.exe')).toBe(
      '“setup.exe”是 .exe 文件，不能作为现场材料。可上传的类型：jpg、png、heic 照片，pdf、docx、xlsx 文件。',
    );
    expect(nameProblem('README')).toContain('“README”没有扩展名');
    expect(nameProblem('archive.tar.gz')).toContain('是 .gz 文件');
  });

  it('refuses content that is not what the name says, and content of no kind taken', () => {
    expect(contentProblem('现场.jpg', null)).toEqual({
      problem:
        '“现场.jpg”的内容不是可识别的照片或文件（扩展名是 .jpg，但文件内容不是JPG 图片），未保存。可上传的类型：jpg、png、heic 照片，pdf、docx、xlsx 文件。',
    });
    expect(contentProblem('记录.pdf', 'docx')).toEqual({
      problem: '“记录.pdf”的扩展名是 .pdf，但文件内容是Word 文档（docx），两者不符，未保存。请发送原始文件。',
    });
    // A picture under another picture's extension is still the picture (phones and apps rename them).
    expect(contentProblem('照片.jpg', 'png')).toEqual({ kind: 'png' });
    expect(contentProblem('记录.xlsx', 'xlsx')).toEqual({ kind: 'xlsx' });
    // An image message claims nothing: its content decides.
    expect(contentProblem(null, 'jpg')).toEqual({ kind: 'jpg' });
    expect(contentProblem(null, null)).toMatchObject({
      problem: expect.stringMatching(/^这张图片的内容不是/),
    });
  });
});

describe('现场材料: limits', () => {
  const limits = { maxFileBytes: 10_000, maxTaskBytes: 25_000, maxFiles: 3 };

  it('takes a file that fits, up to each limit exactly', () => {
    expect(limitProblem('“a.jpg”', 10_000, { files: 0, bytes: 0 }, limits)).toBeNull();
    expect(limitProblem('“a.jpg”', 5_000, { files: 2, bytes: 20_000 }, limits)).toBeNull();
  });

  it('refuses an empty file, a file too large, one file too many, and a task over its total', () => {
    expect(limitProblem('“a.jpg”', 0, { files: 0, bytes: 0 }, limits)).toBe('“a.jpg”是空文件，未保存。');
    expect(limitProblem('“a.jpg”', 10_001, { files: 0, bytes: 0 }, limits)).toContain(
      '“a.jpg”超过单个文件 10 KB 的上限，未保存。',
    );
    expect(limitProblem('“a.jpg”', 1, { files: 3, bytes: 3 }, limits)).toBe(
      '本任务已有 3 件现场材料，达到 3 件的上限，“a.jpg”未保存。',
    );
    expect(limitProblem('“a.jpg”', 5_001, { files: 2, bytes: 20_000 }, limits)).toBe(
      '本任务的现场材料已有 20 KB，加上“a.jpg”（5 KB）将超过每个任务 24 KB 的上限，未保存。',
    );
  });

  it('defaults to 20 MB a file, 100 MB and 20 files a task; a 60 MB photo is refused', () => {
    expect(DEFAULT_EVIDENCE_LIMITS).toEqual({
      maxFileBytes: 20 * 1024 * 1024,
      maxTaskBytes: 100 * 1024 * 1024,
      maxFiles: 20,
    });
    expect(limitProblem('这张图片', 60 * 1024 * 1024, { files: 0, bytes: 0 })).toMatch(
      /^这张图片超过单个文件 20 MB 的上限，未保存。/,
    );
  });
});

describe('现场材料: names and sizes', () => {
  it('reads sizes as people do', () => {
    expect(sizeText(0)).toBe('0 KB');
    expect(sizeText(100)).toBe('1 KB');
    expect(sizeText(512 * 1024)).toBe('512 KB');
    expect(sizeText(2.34 * 1024 * 1024)).toBe('2.3 MB');
    expect(sizeText(20 * 1024 * 1024)).toBe('20 MB');
  });

  it('names a picture by its time and kind, and a file by the message it came in', () => {
    expect(pictureName('jpg', '20261202-1530-ab12')).toBe('现场照片-20261202-1530-ab12.jpg');
    expect(pictureName('heic', 'x')).toBe('现场照片-x.heic');
    expect(evidenceId('om_dc13264520392913993dd051dba21dcf')).toBe('ev-om_dc13264520392913993dd051dba21dcf');
    expect(evidenceId('om/../x')).toBe('ev-omx');
  });
});
