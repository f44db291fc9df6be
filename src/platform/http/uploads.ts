/** One uploaded file from a multipart form (fields attached to the body). */
export interface UploadedFile {
  fileName: string;
  declaredType: string;
  content: Buffer;
}

interface MultipartFilePart {
  type: 'file';
  filename: string;
  mimetype: string;
  toBuffer(): Promise<Buffer>;
}

/**
 * The file posted in field `name`, or undefined when none was chosen (browsers send an empty,
 * nameless part for an empty file input).
 */
export async function uploadedFile(body: unknown, name: string): Promise<UploadedFile | undefined> {
  const part = (body as Record<string, unknown> | null | undefined)?.[name] as MultipartFilePart | undefined;
  if (!part || part.type !== 'file' || !part.filename) return undefined;
  const content = await part.toBuffer();
  if (content.length === 0) return undefined;
  return { fileName: part.filename, declaredType: part.mimetype, content };
}
