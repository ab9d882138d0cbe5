import { idPart } from '../../src/domain/text';

describe('idPart: person keys made fit for job ids and receipt keys', () => {
  it('drops the colon BullMQ refuses and keeps names apart', () => {
    expect(idPart('badge:41030012')).toBe('badge_41030012');
    expect(idPart('name:张三')).toBe('name_张三');
    expect(idPart('name:张三')).not.toBe(idPart('name:李四'));
    expect(idPart('a b/c:d')).not.toMatch(/[:\s/]/);
  });
});
