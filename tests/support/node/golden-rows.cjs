// Test support for the Node table renderers: the golden table's rows (golden.json, from
// `python -m tests.support.golden_json`), each with its place in its indicator's group.
const fs = require("fs");

function readGolden(path) {
  return JSON.parse(fs.readFileSync(path, "utf8"));
}

// Each row with `first` (it starts its group), `span` (its group's rows) and `values` (its printed
// cells, year by year, NPLV then NL).
function rowsInGroups(golden) {
  const out = [];
  let k = 0;
  while (k < golden.rows.length) {
    let end = k + 1;
    while (end < golden.rows.length && golden.rows[end].indicator === golden.rows[k].indicator) end++;
    for (let r = k; r < end; r++) {
      const row = golden.rows[r];
      const values = golden.years.flatMap((y) => ["NPLV", "NL"].map((a) => row.cells[`${y}-${a}`]));
      out.push({ ...row, first: r === k, span: end - k, values });
    }
    k = end;
  }
  return out;
}

module.exports = { readGolden, rowsInGroups };
