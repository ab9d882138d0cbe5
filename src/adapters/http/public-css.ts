/** The page's stylesheet. */
export const PUBLIC_CSS = `
body { font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif; margin: 0 auto;
  max-width: 1400px; padding: 1rem 1.5rem; color: #1f2329; line-height: 1.5; }
h1 { font-size: 1.5rem; margin: 0.5rem 0; }
h2 { font-size: 1.2rem; border-bottom: 2px solid #b22222; padding-bottom: 0.25rem; margin-top: 2rem; }
h3 { font-size: 1rem; margin: 0 0 0.5rem; }
form { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; margin: 0.75rem 0; }
input[type=search] { width: 18rem; padding: 0.3rem; }
button { padding: 0.3rem 1rem; }
nav a, a { color: #1456b8; }
.muted { color: #646a73; font-size: 0.9rem; }
.notice { background: #fff7e6; padding: 0.5rem 0.75rem; border-left: 4px solid #f5a623; }
.empty { color: #646a73; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { border: 1px solid #d0d3d6; padding: 0.35rem 0.5rem; vertical-align: top; text-align: left; }
th { background: #f2f3f5; white-space: nowrap; }
td.basis { min-width: 16rem; }
td.date { white-space: nowrap; }
ul.rounds { margin: 0; padding-left: 1rem; white-space: nowrap; }
article.draw { border: 1px solid #d0d3d6; border-radius: 6px; padding: 0.75rem 1rem; margin: 0.75rem 0; }
.status { font-weight: normal; font-size: 0.85rem; padding: 0.1rem 0.4rem; border-radius: 4px; background: #f2f3f5; }
.status-dispatched .status, .status-approved .status { background: #e8f7ee; color: #1f7a3d; }
.status.late { background: #fff7e6; color: #ad6800; }
.status-cancelled .status, .status-rejected .status, .status-failed .status { background: #fdecec; color: #a61c1c; }
p.verify { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.5rem 1rem; }
.verdict.ok { color: #1f7a3d; }
.verdict.bad { color: #a61c1c; font-weight: bold; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0; }
dt { color: #646a73; }
dd { margin: 0; }
code { font-family: ui-monospace, monospace; word-break: break-all; font-size: 0.85rem; }
ol.targets { columns: 2; font-size: 0.9rem; }
footer { margin-top: 2rem; border-top: 1px solid #d0d3d6; }
`;
