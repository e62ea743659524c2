// node pdfjs-text.mjs FILE.pdf: pdf.js (pdfjs-dist) getTextContent, each item's text, a newline where it ends a line
// (hasEOL), pages joined by form feeds.
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import fs from "fs";
const data = new Uint8Array(fs.readFileSync(process.argv[2]));
const doc = await getDocument({ data, verbosity: 0 }).promise;
const pages = [];
for (let i = 1; i <= doc.numPages; i++) {
  const page = await doc.getPage(i);
  const content = await page.getTextContent();
  pages.push(content.items.map(it => it.str + (it.hasEOL ? "\n" : "")).join(""));
}
process.stdout.write(pages.join("\f"));
