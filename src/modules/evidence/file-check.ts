import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';

/** What evidence files may be: checked on their content, not on the name or the browser's word. */
const ALLOWED: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  png: 'image/png',
  jpg: 'image/jpeg',
};
/** Old binary Office files (.doc, .xls) share one container format. */
const LEGACY_OFFICE: Record<string, string> = {
  '.doc': 'application/msword',
  '.xls': 'application/vnd.ms-excel',
};
const TEXT: Record<string, string> = { '.txt': 'text/plain', '.csv': 'text/csv' };

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
export const ALLOWED_DESCRIPTION =
  'a PDF, a Word, Excel or PowerPoint document, a PNG or JPEG image, or a text file';

/** The stored content type of an acceptable file, or undefined when the file is not allowed. */
export async function checkedContentType(fileName: string, content: Buffer): Promise<string | undefined> {
  const extension = path.extname(fileName).toLowerCase();
  const detected = await fileTypeFromBuffer(content);
  if (detected) {
    if (detected.ext === 'cfb') return LEGACY_OFFICE[extension];
    return ALLOWED[detected.ext];
  }
  // Plain text has no signature: accept it when it is named as text and really is UTF-8 text.
  const type = TEXT[extension];
  if (!type || content.includes(0)) return undefined;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
    return `${type}; charset=utf-8`;
  } catch {
    return undefined;
  }
}
