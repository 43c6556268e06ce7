/**
 * The one stylesheet, inlined into every page so a page is self-contained (no external requests).
 * Body text in a Song/Ming serif like printed 公文, headings in a Hei (sans) face, tables in sans for
 * legibility at small sizes. Colours keep WCAG AA contrast (≥ 4.5:1) on white.
 */

const SERIF = `"Noto Serif CJK SC","Source Han Serif SC","Source Han Serif CN","Songti SC","SimSun","STSong",serif`;
const SANS = `"Noto Sans CJK SC","Source Han Sans SC","Source Han Sans CN","PingFang SC","Microsoft YaHei","SimHei",sans-serif`;

export const PAGE_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#eeeeea;color:#1a1a1a;font-family:${SERIF};font-size:16px;line-height:1.9}
.page{max-width:960px;margin:0 auto;background:#fff;padding:24px 56px 40px;min-height:100vh}
a{color:#0b4a8f}
a:focus-visible,.table-wrap:focus-visible{outline:3px solid #0b4a8f;outline-offset:2px}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.page-footer nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 20px}
h1{font-size:26px;line-height:1.5;text-align:center;font-weight:700;margin:28px 0 24px;letter-spacing:.02em}
h1{text-wrap:balance}
h1 .title-line{display:inline-block;text-wrap:balance}
h2{font-family:${SANS};font-size:19px;font-weight:700;line-height:1.6;margin:28px 0 10px}
h3{font-size:16px;font-weight:700;line-height:1.9;margin:10px 0 2px;text-indent:2em}
p{margin:0 0 6px;text-indent:2em;text-align:justify;overflow-wrap:anywhere}
.placeholder{color:#595959}
.break-anywhere{word-break:break-all}
.banner{font-family:${SANS};font-size:15px;line-height:1.6;background:#fff4d6;border:2px solid #8a5a00;color:#4d3200;padding:10px 14px;margin:8px 0 16px;font-weight:700;text-align:center}
.correction{font-family:${SANS};font-size:15px;line-height:1.7;background:#fdf3f2;border:1px solid #c9a19d;border-left:5px solid #9b1c1c;padding:10px 16px;margin:0 0 20px}
.correction .box-title{margin:0 0 4px;text-indent:0;font-weight:700;color:#8b1a1a}
.correction p{text-indent:0}
.table-wrap{overflow-x:auto;margin:8px 0 22px;-webkit-overflow-scrolling:touch;
  background:linear-gradient(to right,#fff 12px,rgba(255,255,255,0)) left center/32px 100%,linear-gradient(to left,#fff 12px,rgba(255,255,255,0)) right center/32px 100%,radial-gradient(farthest-side at 0 50%,rgba(0,0,0,.22),rgba(0,0,0,0)) left center/12px 100%,radial-gradient(farthest-side at 100% 50%,rgba(0,0,0,.22),rgba(0,0,0,0)) right center/12px 100%;
  background-repeat:no-repeat;background-attachment:local,local,scroll,scroll}
.scroll-hint{display:none;font-family:${SANS};font-size:13px;color:#595959;text-indent:0;margin:0}
table{border-collapse:collapse;border-spacing:0}
.report-table{width:100%;font-family:${SANS};font-size:14px;line-height:1.5;border:1.5px solid #000}
.report-table th,.report-table td{border:1px solid #000;padding:6px 6px;vertical-align:middle}
.report-table th{font-weight:400;text-align:center}
.report-table thead th,.report-table .col-head{font-weight:700}
.report-table th.row-head{text-align:left}
.report-table th.block-title{text-align:left;font-weight:700;background:#f2f2f2}
.report-table td{text-align:center;font-variant-numeric:tabular-nums;white-space:nowrap}
.report-table td.note{font-size:13px;text-align:left;line-height:1.5;white-space:normal}
.report-table td.unread{background:#f2f2f2}
.unread-note{font-size:13px;color:#595959}
.t2,.t3,.t4{table-layout:fixed}
.t3,.t4{min-width:760px}
.t3 col{width:7.5%}.t3 .c-label1{width:7%}.t3 .c-label2{width:9.5%}.t3 .c-label3{width:31%}
.t2 col{width:22%}.t2 .c-label{width:34%}.t2-2019 col{width:16.5%}.t2-2019 .c-label{width:34%}
.t4 th,.t4 td{padding:6px 2px}
.list-table{width:100%;min-width:600px;table-layout:fixed;font-family:${SANS};font-size:15px;line-height:1.6;margin:6px 0 18px}
.list-table .c-name{width:40%}.list-table .c-status{width:18%}.list-table .c-version{width:10%}.list-table .c-date{width:16%}
.list-table tbody th{font-weight:400}
.list-table th,.list-table td{border:1px solid #8c8c8c;padding:6px 10px;text-align:left;vertical-align:top}
.list-table thead th{background:#f2f2f2;font-weight:700}
.status-late{color:#9b1c1c;font-weight:700}
.edition-note,.aggregation-note{font-family:${SANS};font-size:15px;line-height:1.7;background:#eef3fa;border:1px solid #9db3cf;border-left:5px solid #0b4a8f;padding:8px 14px;margin:8px 0 16px}
.edition-note p,.aggregation-note p{text-indent:0;margin:0}
.edition-note a{margin-left:.5em;font-weight:700}
.open-data{font-family:${SANS};text-indent:0;text-align:left}
.year-list{font-family:${SANS};font-size:17px;line-height:1.8;list-style:none;padding:0;margin:8px 0 20px}
.year-list li{margin:4px 0}
.index-summary{font-family:${SANS};text-indent:0;color:#333}
.version-list{font-family:${SANS};font-size:15px;line-height:1.7;margin:4px 0 14px;padding-left:0;list-style:none}
.version-list li{margin:2px 0}
.version-note{color:#404040}
.page-footer{margin-top:36px;border-top:1px solid #d0d0d0;padding-top:12px;font-family:${SANS};font-size:14px;line-height:1.7;color:#333}
.page-footer p{text-indent:0;margin:0 0 6px}
.page-footer h2{font-size:15px;margin:10px 0 4px}
@media screen and (max-width:640px){
  body{font-size:16px}
  .page{padding:12px 14px 28px}
  h1{font-size:21px;margin:18px 0 16px}
  h2{font-size:17px}
  .scroll-hint{display:block}
  .list-table{font-size:14px}
}
/* Narrow screens: the wide tables scroll sideways while their row labels stay in view. Label
   columns get fixed widths so each sticky label cell knows its left offset (stick-0 … stick-2). */
@media screen and (max-width:900px){
  .report-table{font-size:13px}
  .report-table th,.report-table td{padding:4px 3px}
  /* max(): at least the widths the sticky offsets assume; a wider screen spreads the columns, and
     then nothing scrolls, so the offsets never come into play. */
  .t3{width:max(574px,100%);min-width:0}
  .t3 col{width:52px}.t3 .c-label1{width:34px}.t3 .c-label2{width:66px}.t3 .c-label3{width:110px}
  /* Collapsed borders stay behind when a sticky cell moves, so these tables draw separate borders:
     each cell its right and bottom edge, the first column its left edge, the table its top edge. */
  .t3,.list-table{border-collapse:separate;border-spacing:0}
  .t3{border-width:1.5px 0 0 0}
  .t3 th,.t3 td{border-width:0 1px 1px 0}
  .t3 .stick-0{border-left-width:1.5px}
  .list-table{border-top:1px solid #8c8c8c}
  .list-table th,.list-table td{border-width:0 1px 1px 0}
  .list-table .stick-0{border-left-width:1px}
  .stick-0,.stick-1,.stick-2{position:sticky;z-index:1;background:#fff}
  .stick-0{left:0}.t3 .stick-1{left:34px}.t3 .stick-2{left:100px}
  .list-table{width:max(680px,100%);min-width:0}
  .list-table .c-name{width:170px}.list-table .c-status{width:150px}.list-table .c-version{width:90px}.list-table .c-date{width:135px}
  .list-table tbody th.stick-0,.list-table thead th.stick-0{background:#fff}
  .list-table thead th.stick-0{background:#f2f2f2}
}
@page{size:A4;margin:20mm 18mm 18mm}
@media print{
  body{background:#fff;font-size:12pt;line-height:1.7}
  .page{max-width:none;padding:0;min-height:0}
  .page-footer nav,.page-footer .versions,.scroll-hint{display:none}
  a{color:inherit;text-decoration:none}
  .table-wrap{overflow:visible;background:none}
  .report-table{font-size:9pt;line-height:1.35}
  .report-table th,.report-table td{padding:3px 4px}
  .t3,.t4{min-width:0}
  .edition-note,.aggregation-note{background:#fff}
  h1{break-after:avoid;page-break-after:avoid}
  thead{display:table-header-group}
  tr{break-inside:avoid;page-break-inside:avoid}
  h2,h3{break-after:avoid;page-break-after:avoid}
  .banner,.correction{background:#fff}
}
`;
