import { INBOX_CSS } from '../connect/inbox-style.js';

/**
 * The inbox's stylesheet (colours, focus, forms) plus what the figures need: a filter form that wraps, charts
 * that take the width, tables that scroll sideways inside their own box on a phone rather than the page.
 */
export const INSIGHTS_CSS = `${INBOX_CSS}
main{max-width:72rem}
.filters{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:flex-end;background:#f3f2f1;padding:12px;border-radius:6px}
.filters label{margin:0 0 4px}
.filters input,.filters select{font:inherit;padding:8px;border:2px solid #1b1b1b;border-radius:4px;background:#fff;min-height:44px;max-width:100%}
.filters .go{flex-basis:auto}
.narrow{max-width:28rem}
.contents{columns:2 14rem;padding-left:1.2rem}
.report{border-top:4px solid #0b4f8a;margin:32px 0 0;padding-top:8px}
.chart{width:100%;height:320px;margin:8px 0}
.table-wrap{overflow-x:auto;max-width:100%}
.table-wrap th,.table-wrap td{overflow-wrap:normal;min-width:4rem}
.table-wrap td,.table-wrap th[scope=row]{white-space:nowrap}
.table-wrap:focus{outline:3px solid #1b1b1b;box-shadow:0 0 0 6px #ffdd00}
table{font-variant-numeric:tabular-nums}
th[scope=row]{font-weight:400}
.num{text-align:right;white-space:nowrap}
.note{color:#505a5f;font-size:.95rem;margin:6px 0}
.download{font-weight:600}
@media (max-width:30rem){.chart{height:260px}.filters>div{flex:1 1 100%}.filters input,.filters select{width:100%}}
`;
