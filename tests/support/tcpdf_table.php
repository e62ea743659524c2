<?php
// Held-out layouts: the appendix table through TCPDF's writeHTML (the common way PHP
// applications print an HTML table to PDF; Debian php-cli and php-tcpdf).
// Usage: python -m tests.support.golden_json 2024-2025 > golden.json;
// php tests/support/tcpdf_table.php golden.json out.pdf <style>  (the styles below)
require_once('/usr/share/php/tcpdf/tcpdf.php');

[$script, $goldenPath, $outPath, $styleName] = $argv;
$golden = json_decode(file_get_contents($goldenPath), true);
$styles = [
    // A4 landscape, every cell ruled, two-level header (colspan), indicator spanning its group
    'grid-a4l' => ['orientation' => 'L', 'format' => 'A4', 'font' => 'helvetica', 'size' => 6.5, 'border' => 1,
                   'header' => 'two', 'once' => true, 'areas' => ['Gem. NPLV-gebieden', 'Gem. NL'], 'zebra' => false],
    // Letter portrait, no rules, zebra rows, one-level header "2018 NPLV", indicator on every row
    'zebra-letter' => ['orientation' => 'P', 'format' => 'LETTER', 'font' => 'dejavusans', 'size' => 5, 'border' => 0,
                       'header' => 'one', 'once' => false, 'areas' => ['NPLV', 'NL'], 'zebra' => true],
    // A4 landscape, every cell ruled, Times, two-level header, areas NPLV-gebieden / Nederland
    'grid-a4l-times' => ['orientation' => 'L', 'format' => 'A4', 'font' => 'times', 'size' => 7, 'border' => 1,
                         'header' => 'two', 'once' => true, 'areas' => ['NPLV-gebieden', 'Nederland'], 'zebra' => false],
];
$style = $styles[$styleName];
$years = $golden['years'];

$pdf = new TCPDF($style['orientation'], 'mm', $style['format'], true, 'UTF-8', false);
$pdf->setPrintHeader(false);
$pdf->setPrintFooter(false);
$pdf->SetMargins(12, 12, 12);
$pdf->SetAutoPageBreak(true, 12);
$pdf->SetFont($style['font'], '', 11);
$pdf->AddPage();
$pdf->SetFont($style['font'], 'B', 18);
$pdf->Write(0, $golden['title'], '', false, 'L', true);
$pdf->Ln(4);
$pdf->SetFont($style['font'], '', 11);
$pdf->Write(0, 'Deze voortgangsrapportage beschrijft hoe het Nationaal Programma Leefbaarheid en Veiligheid in de '
    . 'twintig stedelijke vernieuwingsgebieden vordert. In de bijlage staat de monitor met de indicatoren van het '
    . 'programma, voor de gebieden samen en voor heel Nederland.', '', false, 'L', true);
$pdf->AddPage();
$pdf->SetFont($style['font'], 'B', 13);
$pdf->Write(0, 'Bijlage: Monitor', '', false, 'L', true);
$pdf->Ln(2);
$pdf->SetFont($style['font'], '', $style['size']);

$e = fn($text) => htmlspecialchars($text, ENT_NOQUOTES, 'UTF-8');
$labelWidths = $style['orientation'] === 'L' ? ['14%', '22%'] : ['13%', '21%'];
$valueWidth = sprintf('%.2f%%', (100 - (float)$labelWidths[0] - (float)$labelWidths[1]) / (2 * count($years)));
$html = '<table border="' . $style['border'] . '" cellpadding="1.5"><thead>';
if ($style['header'] === 'two') {
    $html .= '<tr><th rowspan="2" width="' . $labelWidths[0] . '"><b>Indicator</b></th><th rowspan="2" width="'
        . $labelWidths[1] . '"><b>Specificatie</b></th>';
    foreach ($years as $year) {
        $html .= '<th colspan="2" align="center" width="' . sprintf('%.2f%%', 2 * (float)$valueWidth) . '"><b>' . $year
            . '</b></th>';
    }
    $html .= '</tr><tr>';
    foreach ($years as $year) {
        foreach ($style['areas'] as $area) {
            $html .= '<th width="' . $valueWidth . '"><b>' . $e($area) . '</b></th>';
        }
    }
    $html .= '</tr>';
} else {
    $html .= '<tr><th width="' . $labelWidths[0] . '"><b>Indicator</b></th><th width="' . $labelWidths[1]
        . '"><b>Specificatie</b></th>';
    foreach ($years as $year) {
        foreach ($style['areas'] as $area) {
            $html .= '<th width="' . $valueWidth . '"><b>' . $year . ' ' . $e($area) . '</b></th>';
        }
    }
    $html .= '</tr>';
}
$html .= '</thead><tbody>';
$rows = $golden['rows'];
$k = 0;
$n = 0;
while ($k < count($rows)) {
    $end = $k + 1;
    while ($end < count($rows) && $rows[$end]['indicator'] === $rows[$k]['indicator']) {
        $end++;
    }
    for ($r = $k; $r < $end; $r++, $n++) {
        $fill = $style['zebra'] && $n % 2 === 1 ? ' bgcolor="#e4e4e4"' : '';
        $html .= '<tr nobr="true"' . $fill . '>';
        if (!$style['once']) {
            $html .= '<td width="' . $labelWidths[0] . '">' . $e($rows[$r]['indicator']) . '</td>';
        } elseif ($r === $k) {
            $html .= '<td width="' . $labelWidths[0] . '" rowspan="' . ($end - $k) . '">' . $e($rows[$r]['indicator']) . '</td>';
        }
        $html .= '<td width="' . $labelWidths[1] . '">' . $e($rows[$r]['specification']) . '</td>';
        foreach ($years as $year) {
            foreach (['NPLV', 'NL'] as $area) {
                $html .= '<td width="' . $valueWidth . '" align="right">' . $e($rows[$r]['cells']["$year-$area"]) . '</td>';
            }
        }
        $html .= '</tr>';
    }
    $k = $end;
}
$html .= '</tbody></table>';
$pdf->writeHTML($html, true, false, false, false, '');
$pdf->Output($outPath, 'F');
