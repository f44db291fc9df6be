import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkedContentType } from './file-check.ts';

describe('checkedContentType', () => {
  it('accepts a PDF by its content, whatever the name says', async () => {
    assert.equal(await checkedContentType('scan.bin', Buffer.from('%PDF-1.7\n%%EOF\n')), 'application/pdf');
  });

  it('accepts UTF-8 text named as text, with British characters', async () => {
    assert.equal(
      await checkedContentType('notes.txt', Buffer.from('Safer-sleep audit – 30 records, £0 cost')),
      'text/plain; charset=utf-8',
    );
  });

  it('refuses HTML or script dressed up as a PDF or text', async () => {
    assert.equal(
      await checkedContentType('report.pdf', Buffer.from('<html><script>alert(1)</script></html>')),
      undefined,
    );
    assert.equal(await checkedContentType('page.html', Buffer.from('<html></html>')), undefined);
  });

  it('refuses a program, and text that is not valid UTF-8', async () => {
    assert.equal(
      await checkedContentType('tool.exe', Buffer.from('4d5a90000300000004000000ffff0000', 'hex')),
      undefined,
    );
    assert.equal(await checkedContentType('notes.txt', Buffer.from([0xff, 0xfe, 0x00, 0x41])), undefined);
  });
});
