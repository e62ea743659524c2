// Held-out layouts: the appendix table through jsPDF + jspdf-autotable (the common way web apps export a table to PDF).
// Usage (here, after npm install): python -m tests.support.golden_json 2024-2025 > golden.json;
// node jspdf-table.cjs golden.json out.pdf <style>  (the styles below)
const fs = require("fs");
const { jsPDF } = require("jspdf");
const { autoTable } = require("jspdf-autotable");
const { readGolden, rowsInGroups } = require("./golden-rows.cjs");

const [, , goldenPath, outPath, styleName] = process.argv;
const golden = readGolden(goldenPath);
const STYLES = {
  // A4 landscape, the striped theme, two-level header, indicator spanning its group
  "striped-a4l": { orientation: "landscape", format: "a4", theme: "striped", header: "two", once: true,
                   fontSize: 7, areas: ["Gem. NPLV-gebieden", "Gem. NL"] },
  // A4 portrait, the grid theme, one-level header, indicator on every row, columns broken over
  // pages with the label columns repeated (a spread)
  "grid-a4-spread": { orientation: "portrait", format: "a4", theme: "grid", header: "one", once: false,
                      fontSize: 8, areas: ["NPLV", "NL"], spread: true },
  // Letter landscape, the plain theme (no rules), two-level header, indicator spanning its group
  "plain-letterl": { orientation: "landscape", format: "letter", theme: "plain", header: "two", once: true,
                     fontSize: 6.5, areas: ["NPLV-gebieden", "Nederland"] },
  // A4 landscape, the grid theme, times, one-level header "2018 NPLV", indicator once
  "grid-a4l-times": { orientation: "landscape", format: "a4", theme: "grid", header: "one", once: true,
                      fontSize: 6.5, font: "times", areas: ["NPLV", "Nederland"] },
};
const style = STYLES[styleName];
const doc = new jsPDF({ orientation: style.orientation, unit: "pt", format: style.format });
if (style.font) doc.setFont(style.font);
doc.setFontSize(18);
doc.text(golden.title, 40, 60);
doc.setFontSize(11);
const body = "Deze voortgangsrapportage beschrijft hoe het Nationaal Programma Leefbaarheid en Veiligheid in de " +
  "twintig stedelijke vernieuwingsgebieden vordert. In de bijlage staat de monitor met de indicatoren van het " +
  "programma, voor de gebieden samen en voor heel Nederland.";
doc.text(doc.splitTextToSize(body, doc.internal.pageSize.getWidth() - 80), 40, 90);
doc.addPage();
doc.setFontSize(13);
doc.text("Bijlage: Monitor", 40, 50);

const years = golden.years;
let head;
if (style.header === "two") {
  head = [
    [{ content: "Indicator", rowSpan: 2 }, { content: "Specificatie", rowSpan: 2 },
     ...years.map((y) => ({ content: String(y), colSpan: 2, styles: { halign: "center" } }))],
    years.flatMap(() => style.areas),
  ];
} else {
  head = [["Indicator", "Specificatie", ...years.flatMap((y) => style.areas.map((a) => `${y} ${a}`))]];
}
const rows = rowsInGroups(golden).map((row) => {
  const label = style.once ? (row.first ? [{ content: row.indicator, rowSpan: row.span }] : []) : [row.indicator];
  return [...label, row.specification, ...row.values.map((v) => ({ content: v, styles: { halign: "right" } }))];
});
const options = {
  head, body: rows, startY: 65, theme: style.theme,
  styles: { fontSize: style.fontSize, cellPadding: 2, font: style.font || "helvetica", overflow: "linebreak" },
  headStyles: style.theme === "plain" ? { fontStyle: "bold" } : {},
  columnStyles: { 0: { cellWidth: style.spread ? 70 : 80 }, 1: { cellWidth: style.spread ? 120 : 150 } },
  margin: { left: 30, right: 30 },
};
if (style.spread) {
  options.horizontalPageBreak = true;
  options.horizontalPageBreakRepeat = [0, 1];
  options.columnStyles = { ...options.columnStyles };
  for (let c = 2; c < 2 + years.length * 2; c++) options.columnStyles[c] = { cellWidth: 48 };
}
autoTable(doc, options);
fs.writeFileSync(outPath, Buffer.from(doc.output("arraybuffer")));
