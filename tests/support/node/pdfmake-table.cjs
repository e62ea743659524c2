// Held-out layouts: the appendix table through pdfmake (a common way Node and browser apps make PDF reports).
// Usage (here, after npm install): python -m tests.support.golden_json 2024-2025 > golden.json;
// node pdfmake-table.cjs golden.json out.pdf <style>  (the styles below)
const fs = require("fs");
const PdfPrinter = require("pdfmake");
const { readGolden, rowsInGroups } = require("./golden-rows.cjs");

const [, , goldenPath, outPath, styleName] = process.argv;
const golden = readGolden(goldenPath);
const LIB = "/usr/share/fonts/truetype/liberation/";
const DEJAVU = "/usr/share/fonts/truetype/dejavu/";
const fonts = {
  Sans: { normal: LIB + "LiberationSans-Regular.ttf", bold: LIB + "LiberationSans-Bold.ttf",
          italics: LIB + "LiberationSans-Italic.ttf", bolditalics: LIB + "LiberationSans-BoldItalic.ttf" },
  Serif: { normal: LIB + "LiberationSerif-Regular.ttf", bold: LIB + "LiberationSerif-Bold.ttf",
           italics: LIB + "LiberationSerif-Italic.ttf", bolditalics: LIB + "LiberationSerif-BoldItalic.ttf" },
  DejaVu: { normal: DEJAVU + "DejaVuSans.ttf", bold: DEJAVU + "DejaVuSans-Bold.ttf",
            italics: DEJAVU + "DejaVuSans.ttf", bolditalics: DEJAVU + "DejaVuSans-Bold.ttf" },
};
const STYLES = {
  // A4 landscape, light horizontal lines, two-level header, indicator spanning its group
  "hlines-a4l": { orientation: "landscape", size: "A4", layout: "lightHorizontalLines", header: "two", once: true,
                  fontSize: 6, font: "Sans", areas: ["Gem. NPLV-gebieden", "Gem. NL"] },
  // Letter landscape, no borders, zebra fill, one-level header, indicator on every row, serif
  "zebra-letterl": { orientation: "landscape", size: "LETTER", layout: "zebra", header: "one", once: false,
                     fontSize: 6.5, font: "Serif", areas: ["NPLV", "NL"] },
  // A4 portrait, full grid (the default layout), two-level header, indicator spanning its group,
  // valign middle is not pdfmake's: top
  "grid-a4": { orientation: "portrait", size: "A4", layout: null, header: "two", once: true,
               fontSize: 5.5, font: "DejaVu", areas: ["NPLV", "Nederland"] },
};
const style = STYLES[styleName];
const years = golden.years;
const head = [];
if (style.header === "two") {
  head.push([{ text: "Indicator", rowSpan: 2, bold: true }, { text: "Specificatie", rowSpan: 2, bold: true },
    ...years.flatMap((y) => [{ text: String(y), colSpan: 2, alignment: "center", bold: true }, {}])]);
  head.push([{}, {}, ...years.flatMap(() => style.areas.map((a) => ({ text: a, bold: true })))]);
} else {
  head.push([{ text: "Indicator", bold: true }, { text: "Specificatie", bold: true },
    ...years.flatMap((y) => style.areas.map((a) => ({ text: `${y} ${a}`, bold: true })))]);
}
const body = [...head, ...rowsInGroups(golden).map((row) => {
  const label = style.once ? (row.first ? { text: row.indicator, rowSpan: row.span } : {}) : { text: row.indicator };
  return [label, { text: row.specification }, ...row.values.map((v) => ({ text: v, alignment: "right" }))];
})];
const layouts = {
  zebra: { hLineWidth: () => 0, vLineWidth: () => 0, fillColor: (i) => (i > 0 && i % 2 === 0 ? "#e4e4e4" : null) },
};
const widths = style.orientation === "portrait" ? [55, 95, ...years.flatMap(() => ["*", "*"])] :
  [62, 118, ...years.flatMap(() => ["*", "*"])];
const doc = {
  pageSize: style.size, pageOrientation: style.orientation, pageMargins: [36, 36, 36, 36],
  defaultStyle: { font: style.font, fontSize: style.fontSize },
  content: [
    { text: golden.title, fontSize: 18, bold: true, margin: [0, 0, 0, 12] },
    { text: "Deze voortgangsrapportage beschrijft hoe het Nationaal Programma Leefbaarheid en Veiligheid in de " +
            "twintig stedelijke vernieuwingsgebieden vordert. In de bijlage staat de monitor met de indicatoren " +
            "van het programma, voor de gebieden samen en voor heel Nederland.", fontSize: 11 },
    { text: "Bijlage: Monitor", fontSize: 13, bold: true, pageBreak: "before", margin: [0, 0, 0, 8] },
    { table: { headerRows: head.length, widths, body }, layout: style.layout ? (layouts[style.layout] || style.layout) : undefined },
  ],
  info: { title: golden.title },
};
const printer = new PdfPrinter(fonts);
const pdf = printer.createPdfKitDocument(doc);
pdf.pipe(fs.createWriteStream(outPath));
pdf.end();
