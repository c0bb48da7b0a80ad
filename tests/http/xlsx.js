// xlsx.js - reads back the cells of an .xlsx file for tests: the zip's
// central directory, inflate, and the sheet XML (inline or shared strings).
import { inflateRawSync } from 'node:zlib';

function unzip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const files = {};
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory');
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const lNameLen = buf.readUInt16LE(local + 26);
    const lExtraLen = buf.readUInt16LE(local + 28);
    const data = buf.subarray(local + 30 + lNameLen + lExtraLen, local + 30 + lNameLen + lExtraLen + size);
    files[name] = method === 8 ? inflateRawSync(data) : Buffer.from(data);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

// Rows of the first sheet as arrays of strings/numbers (by column letter).
export function readXlsx(buf) {
  const files = unzip(buf);
  const shared = [];
  const ss = files['xl/sharedStrings.xml'];
  if (ss) for (const m of ss.toString('utf8').matchAll(/<si>(.*?)<\/si>/gs)) shared.push(unescape([...m[1].matchAll(/<t[^>]*>(.*?)<\/t>/gs)].map((t) => t[1]).join('')));
  const xml = files['xl/worksheets/sheet1.xml'].toString('utf8');
  const rows = [];
  for (const r of xml.matchAll(/<row [^>]*r="(\d+)"[^>]*>(.*?)<\/row>/gs)) {
    const row = [];
    for (const c of r[2].matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>(.*?)<\/c>)/gs)) {
      const col = [...c[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      const attrs = c[2];
      const body = c[3] || '';
      let v = null;
      if (/t="inlineStr"/.test(attrs)) v = unescape((body.match(/<t[^>]*>(.*?)<\/t>/s) || [])[1] || '');
      else if (/t="s"/.test(attrs)) v = shared[Number((body.match(/<v>(.*?)<\/v>/) || [])[1])];
      else if (/t="str"/.test(attrs)) v = unescape((body.match(/<v>(.*?)<\/v>/) || [])[1] || '');
      else { const m = body.match(/<v>(.*?)<\/v>/); v = m ? Number(m[1]) : null; }
      row[col] = v;
    }
    rows[Number(r[1]) - 1] = row;
  }
  return rows;
}
