/**
 * The inbox's only stylesheet, served from /connect/inbox.css (the CSP allows styles from self only). Text is
 * #1b1b1b on white (16:1) and links and buttons #0b4f8a (8:1), above WCAG AA; focus is a thick yellow and
 * black outline; one column on a phone, wider on a desk.
 */
export const INBOX_CSS = `
*{box-sizing:border-box}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1b1b1b;background:#fff}
a{color:#0b4f8a}
a:focus,button:focus,input:focus,select:focus,textarea:focus,summary:focus{outline:3px solid #1b1b1b;box-shadow:0 0 0 6px #ffdd00}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#ffdd00;padding:8px;z-index:2}
header{background:#0b4f8a;color:#fff;padding:12px 16px;display:flex;flex-wrap:wrap;gap:8px;align-items:center;justify-content:space-between}
header a,header button{color:#fff}
header nav{display:flex;gap:16px;align-items:center;flex-wrap:wrap}
main{max-width:60rem;margin:0 auto;padding:16px}
h1{font-size:1.5rem;margin:0 0 12px}
h2{font-size:1.2rem;margin:24px 0 8px}
.tabs{display:flex;flex-wrap:wrap;gap:8px;padding:0;list-style:none}
.tabs a{display:inline-block;padding:8px 12px;border:2px solid #0b4f8a;border-radius:4px;text-decoration:none}
.tabs a[aria-current=page]{background:#0b4f8a;color:#fff}
.requests{list-style:none;padding:0;margin:0}
.requests li{border:1px solid #6f777b;border-radius:6px;padding:12px;margin:0 0 12px}
.requests a{font-weight:600;font-size:1.05rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:8px 0}
dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
.badge{display:inline-block;padding:0 8px;border-radius:4px;background:#eef2f5;border:1px solid #6f777b;font-size:.9rem}
.warning{border-left:6px solid #b10e1e;background:#fdf0f1;padding:8px 12px;margin:12px 0}
.notice{border-left:6px solid #00703c;background:#f0f8f3;padding:8px 12px;margin:12px 0}
.number{font-size:1.6rem;font-weight:700;letter-spacing:.05em}
form{margin:8px 0}
label{display:block;font-weight:600;margin:8px 0 4px}
input[type=email],input[type=password],textarea{width:100%;max-width:28rem;padding:10px;font:inherit;border:2px solid #1b1b1b;border-radius:4px}
textarea{min-height:5rem}
button{font:inherit;font-weight:600;padding:10px 16px;border:2px solid #0b4f8a;border-radius:4px;background:#0b4f8a;color:#fff;cursor:pointer;min-height:44px}
button.secondary{background:#fff;color:#0b4f8a}
header button{background:transparent;border-color:#fff}
.actions{display:flex;flex-wrap:wrap;gap:8px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #b1b4b6;vertical-align:top;overflow-wrap:anywhere}
.pager{display:flex;gap:16px;margin:16px 0}
@media (max-width:30rem){dl{grid-template-columns:1fr}dt{margin-top:6px}}
`;
