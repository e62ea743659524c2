// node pdf-parse-text.cjs FILE.pdf: the npm package pdf-parse 1.1.1 (its own pdf.js 1.10), its default text:
// a line's text runs joined with nothing between them, pages joined by blank lines.
const pdf = require("pdf-parse/lib/pdf-parse.js");
const fs = require("fs");
pdf(fs.readFileSync(process.argv[2])).then(d => process.stdout.write(d.text));
