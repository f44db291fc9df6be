import { createHash } from 'node:crypto';
import path from 'node:path';
import mammoth from 'mammoth';
import { PDFParse } from 'pdf-parse';
import { fileTypeFromBuffer } from 'file-type';
import { ValidationFailed } from '../../platform/errors.ts';
import type { ExtractedFile } from './library.types.ts';

export const MAX_REVIEW_BYTES = 10 * 1024 * 1024;
const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const TXT = 'text/plain; charset=utf-8';

/** Thrown (as a field error on `field`) when a file cannot go into the library. */
const refuse = (field: string, message: string) => new ValidationFailed([{ path: field, message }]);

/** The type of a review file, judged on its content: PDF, Word (.docx) or UTF-8 text. */
async function typeOf(fileName: string, content: Buffer): Promise<string | undefined> {
  const detected = await fileTypeFromBuffer(content);
  if (detected) return detected.ext === 'pdf' ? PDF : detected.ext === 'docx' ? DOCX : undefined;
  if (path.extname(fileName).toLowerCase() !== '.txt' || content.includes(0)) return undefined;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
    return TXT;
  } catch {
    return undefined;
  }
}

async function textOf(contentType: string, content: Buffer): Promise<string> {
  if (contentType === PDF) {
    const parser = new PDFParse({ data: new Uint8Array(content) });
    try {
      return (await parser.getText()).text;
    } finally {
      await parser.destroy();
    }
  }
  if (contentType === DOCX) return (await mammoth.extractRawText({ buffer: content })).value;
  return new TextDecoder('utf-8').decode(content).replace(/^\uFEFF/, '');
}

/** Tidies extracted text: one kind of line break, no trailing spaces, at most one blank line in a row. */
export function tidyText(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      // Control characters 0-8 never belong in a report; 1 and 2 mark search matches (see the repository).
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008]/g, '')
      .replace(/[ \t]+\n/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}

/**
 * Reads an uploaded or imported review: checks its type on its content, extracts its text and
 * refuses a file that is empty, of another kind, unreadable or holds no text. Errors name `field`.
 */
export async function extractReviewFile(
  file: { fileName: string; content: Buffer },
  field = 'file',
): Promise<ExtractedFile> {
  if (file.content.length === 0) throw refuse(field, 'The selected file is empty');
  if (file.content.length > MAX_REVIEW_BYTES)
    throw refuse(field, 'The selected file must be 10 MB or smaller');
  const contentType = await typeOf(file.fileName, file.content);
  if (!contentType)
    throw refuse(field, 'The selected file must be a PDF, a Word document (.docx) or a text file (.txt)');
  let text: string;
  try {
    text = tidyText(await textOf(contentType, file.content));
  } catch {
    throw refuse(field, 'The selected file could not be read: it may be damaged or protected by a password');
  }
  // A scanned PDF has pages but no text layer: nothing could be searched.
  if (!/[\p{L}\p{N}]/u.test(text))
    throw refuse(
      field,
      'The selected file has no text in it (a scanned document needs to be converted to text first)',
    );
  return {
    fileName: file.fileName,
    contentType,
    content: file.content,
    sha256: createHash('sha256').update(file.content).digest('hex'),
    text,
  };
}
