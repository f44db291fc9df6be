import mammoth from 'mammoth';
import { PDFParse } from 'pdf-parse';
import { ValidationFailed } from '../../platform/errors.ts';
import type { UploadedFile } from '../../platform/http/uploads.ts';
import { checkedContentType } from '../evidence/index.ts';

export const MAX_REPORT_BYTES = 10 * 1024 * 1024;
const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export interface ReadFile {
  text: string;
  file: { fileName: string; contentType: string; content: Buffer };
}

/** The text of an uploaded report or statement: a text file, a PDF or a Word (.docx) document. */
export async function readDocumentFile(upload: UploadedFile): Promise<ReadFile> {
  const bad = (message: string) => new ValidationFailed([{ path: 'file', message }]);
  if (upload.content.length > MAX_REPORT_BYTES) throw bad('The selected file must be smaller than 10 MB');
  const type = await checkedContentType(upload.fileName, upload.content);
  let text: string;
  try {
    if (type === PDF) {
      const parser = new PDFParse({ data: new Uint8Array(upload.content) });
      try {
        text = (await parser.getText()).text;
      } finally {
        await parser.destroy();
      }
    } else if (type === DOCX) {
      text = (await mammoth.extractRawText({ buffer: upload.content })).value;
    } else if (type?.startsWith('text/plain')) {
      text = upload.content.toString('utf8');
    } else {
      throw bad('The selected file must be a PDF, a Word document (.docx) or a text file (.txt)');
    }
  } catch (err) {
    if (err instanceof ValidationFailed) throw err;
    throw bad('The selected file could not be read: save it again as a PDF, .docx or .txt file');
  }
  text = normalise(text);
  if (!text) throw bad('The selected file has no text in it');
  const fileName = upload.fileName.replace(/[\\/\r\n"]/g, '_').slice(-200);
  return { text, file: { fileName, contentType: type!, content: upload.content } };
}

/** One kind of line ending, and no trailing spaces at the ends (what the edit form sends back). */
export function normalise(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}
