// Tells from a file's first bytes whether it is a document (a PDF, or a TIFF of more than one page), which
// goes to POST /ocr/jobs, or a single image, which POST /ocr reads at once. The name and the browser's
// type are not trusted: the API looks at the bytes too.

export async function isDocument(file) {
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  if (ascii(head.subarray(0, 5)) === "%PDF-") return true;
  return isMultiPageTiff(file, head);
}

// A classic TIFF's first directory ends with the offset of the next one; any offset but 0 is a second page.
// BigTIFF (version 43) is left to the API, which names what it refuses.
async function isMultiPageTiff(file, head) {
  const order = ascii(head.subarray(0, 2));
  if (head.length < 8 || (order !== "II" && order !== "MM")) return false;
  const little = order === "II";
  const header = new DataView(head.buffer);
  if (header.getUint16(2, little) !== 42) return false;
  const directory = header.getUint32(4, little);
  const count = await read(file, directory, 2, (view) => view.getUint16(0, little));
  if (count === null) return false;
  const next = await read(file, directory + 2 + count * 12, 4, (view) => view.getUint32(0, little));
  return next !== null && next !== 0;
}

async function read(file, offset, length, get) {
  if (offset + length > file.size) return null;
  return get(new DataView(await file.slice(offset, offset + length).arrayBuffer()));
}

const ascii = (bytes) => String.fromCharCode(...bytes);
