/**
 * The site's stylesheets, inlined into each page (the CSP allows exactly the page's own by hash).
 * Identity pages carry only the common sheet: at 10,000 pages every kilobyte is ten megabytes.
 */
export const COMMON_STYLE = `
:root{--ink:#0f172a;--muted:#64748b;--line:#e2e8f0;--bg:#f8fafc;--card:#fff;--accent:#1d4ed8;
--low:#2f9e6b;--medium:#d4a017;--high:#e8710a;--critical:#c5221f;--prod:#b91c1c}
*{box-sizing:border-box}
html{scroll-padding-top:64px}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
a:focus-visible,button:focus-visible,input:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
header.top{position:sticky;top:0;z-index:5;background:#0f172a;color:#e2e8f0;display:flex;align-items:center;gap:24px;padding:0 28px;height:52px}
header.top .brand{font-weight:700;letter-spacing:.02em;color:#fff}
header.top nav{display:flex;gap:4px}
header.top nav a{color:#cbd5e1;padding:6px 12px;border-radius:6px}
header.top nav a:hover{background:#1e293b;color:#fff;text-decoration:none}
header.top .meta{margin-left:auto;color:#94a3b8;font-size:12.5px}
main{max-width:1480px;margin:0 auto;padding:24px 28px 64px}
section{margin-bottom:40px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:0 0 12px}h3{font-size:14px;margin:0 0 10px;color:#334155}
.lead{color:var(--muted);margin:0 0 18px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 18px;min-width:0}
figure{margin:0}
.note{color:var(--muted);font-size:12.5px;margin:8px 0 0}
.alert{background:#fef3c7;border:1px solid #f59e0b;border-radius:8px;padding:10px 14px;margin-bottom:16px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600;color:#334155;background:#f1f5f9;white-space:nowrap}
tbody tr:hover{background:#f8fafc}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
pre{background:#f1f5f9;border:1px solid var(--line);border-radius:8px;padding:10px 12px;overflow:auto;font-size:12px;margin:0}
.badge{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;font-weight:600;border:1px solid transparent;white-space:nowrap}
.tier-low{background:#e6f4ea;color:#1e6b47}.tier-medium{background:#fdf3d0;color:#7a5a00}
.tier-high{background:#feead6;color:#9a4a00}.tier-critical{background:#fde2e1;color:#a50e0e}
.env-prod{background:#fde2e1;color:#a50e0e}.env-staging{background:#e8eefc;color:#1d4ed8}
.env-dev,.env-sandbox{background:#eef2f7;color:#475569}
.state-overdue,.state-never,.state-expired,.state-invalid{color:var(--critical);font-weight:600}
.state-due-soon,.state-expiring{color:var(--high);font-weight:600}
.change-added{background:#e6f4ea;color:#1e6b47}.change-risk-up{background:#fde2e1;color:#a50e0e}
.change-risk-down{background:#e8eefc;color:#1d4ed8}.change-changed{background:#eef2f7;color:#475569}
.sev-error{color:var(--critical);font-weight:600}.sev-warning{color:var(--high);font-weight:600}.sev-info{color:var(--muted)}
table.compact th,table.compact td{padding:6px 8px}
.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:10px 24px;margin:0}
.facts dt{color:var(--muted);font-size:12px}.facts dd{margin:0;font-weight:500;word-break:break-word}
.desc{white-space:pre-wrap}
.facts-card{margin-bottom:32px}
td.date{white-space:nowrap}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

/** The overview, inventory and graph of index.html. */
export const INDEX_STYLE = `
.kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(132px,1fr));gap:12px;margin-bottom:20px}
.kpi{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 14px}
.kpi .value{font-size:24px;font-weight:700;line-height:1.2}
.kpi .label{color:var(--muted);font-size:12.5px}
.kpi.warn .value{color:var(--high)}.kpi.bad .value{color:var(--critical)}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:16px}
.card.wide{grid-column:1/-1}
.chart svg{max-width:100%;height:auto;display:block}
.toolbar{display:flex;gap:12px;align-items:center;margin-bottom:10px;flex-wrap:wrap}
.toolbar input{font:inherit;padding:7px 10px;border:1px solid #cbd5e1;border-radius:8px;min-width:440px;background:#fff}
.toolbar .count{color:var(--muted)}
.pager{display:flex;gap:12px;align-items:center;margin-top:10px;color:var(--muted)}
.pager button{font:inherit;padding:5px 12px;border:1px solid #cbd5e1;border-radius:8px;background:#fff;color:var(--ink);cursor:pointer}
.pager button:disabled{color:#cbd5e1;cursor:default}
.table-wrap{background:var(--card);border:1px solid var(--line);border-radius:10px;overflow:auto;max-height:78vh}
.inventory td,table.compact td{white-space:nowrap}
.table-wrap thead th{position:sticky;top:0;z-index:1}
th button{all:unset;cursor:pointer;display:inline-flex;gap:4px;align-items:center}
th button::after{content:"\\2195";color:#94a3b8;font-size:11px}
th[aria-sort=ascending] button::after{content:"\\2191";color:var(--accent)}
th[aria-sort=descending] button::after{content:"\\2193";color:var(--accent)}
.matrix code{display:inline-block;margin:0 6px 2px 0}.matrix th[scope=row]{white-space:normal;width:26%}
.matrix td.covered{background:#e6f4ea}.matrix td.gap{background:#fde2e1;color:#a50e0e;font-weight:600}
.legend{display:flex;gap:16px;flex-wrap:wrap;color:var(--muted);font-size:12.5px;margin-top:8px}
.legend span::before{content:"";display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px;vertical-align:-1px;background:currentColor}
.legend-prod{color:#b91c1c}.legend-escalation{color:#c5221f}.legend-cross{color:#e8710a}.legend-grant{color:#94a3b8}
.graph{overflow:auto;max-height:80vh}.graph svg{max-width:none}
`;
