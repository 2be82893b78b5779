// Styles live inside the widget's shadow root, so the host page cannot break
// them and they cannot leak into the host page.
export const CSS = `
:host { all: initial; }
*, *::before, *::after { box-sizing: border-box; }
.hkvw-root {
  --hkvw-accent: #0b4f8a; --hkvw-accent-text: #fff; --hkvw-bg: #fff; --hkvw-fg: #1b1b1b;
  --hkvw-muted: #555; --hkvw-bot: #eef2f7; --hkvw-user: #0b4f8a; --hkvw-user-text: #fff;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK TC",
        "PingFang TC", "Microsoft JhengHei", sans-serif;
  color: var(--hkvw-fg);
  position: fixed; right: 20px; bottom: 20px; z-index: 2147483000;
}
.hkvw-sr { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0; }
button { font: inherit; cursor: pointer; }
:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
.hkvw-launcher { display: flex; align-items: center; gap: 8px; border: 0; border-radius: 28px;
  padding: 12px 18px; background: var(--hkvw-accent); color: var(--hkvw-accent-text);
  box-shadow: 0 4px 14px rgba(0,0,0,.25); font-weight: 600; }
.hkvw-launcher svg { width: 22px; height: 22px; fill: currentColor; }
.hkvw-panel { display: none; flex-direction: column; width: 380px; height: min(720px, calc(100vh - 40px));
  background: var(--hkvw-bg); border-radius: 12px; overflow: hidden;
  box-shadow: 0 8px 30px rgba(0,0,0,.3); border: 1px solid #d0d7de; }
.hkvw-root.hkvw-open .hkvw-panel { display: flex; }
.hkvw-root.hkvw-open .hkvw-launcher { display: none; }
.hkvw-header { display: flex; align-items: center; gap: 8px; padding: 10px 12px;
  background: var(--hkvw-accent); color: var(--hkvw-accent-text); }
.hkvw-title { flex: 1; margin: 0; font-size: 16px; font-weight: 600; line-height: 1.25; }
.hkvw-status { display: block; font-size: 12px; font-weight: 400; opacity: .9; min-height: 1em; }
.hkvw-hbtn { border: 1px solid rgba(255,255,255,.6); background: transparent; color: inherit;
  border-radius: 6px; padding: 4px 10px; font-size: 13px; min-height: 32px; }
.hkvw-hbtn:hover { background: rgba(255,255,255,.15); }
.hkvw-close { font-size: 20px; line-height: 1; padding: 2px 10px; }
.hkvw-log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 8px;
  background: #fafbfc; overscroll-behavior: contain; }
.hkvw-msg { max-width: 85%; display: flex; flex-direction: column; }
.hkvw-msg.hkvw-bot { align-self: flex-start; }
.hkvw-msg.hkvw-user { align-self: flex-end; align-items: flex-end; }
.hkvw-msg.hkvw-system { align-self: center; max-width: 100%; font-size: 13px; color: var(--hkvw-muted);
  font-style: italic; }
.hkvw-bubble { padding: 8px 12px; border-radius: 14px; white-space: pre-wrap; overflow-wrap: anywhere; }
.hkvw-bot .hkvw-bubble { background: var(--hkvw-bot); border-bottom-left-radius: 4px; }
.hkvw-user .hkvw-bubble { background: var(--hkvw-user); color: var(--hkvw-user-text);
  border-bottom-right-radius: 4px; }
.hkvw-bubble a { color: #0645ad; text-decoration: underline; }
.hkvw-user .hkvw-bubble a { color: #fff; }
.hkvw-result-heading { font-weight: 600; margin: 4px 0; }
.hkvw-result p { margin: 4px 0; }
.hkvw-result-scheme { margin: 6px 0; }
.hkvw-result-reason { margin: 2px 0; }
.hkvw-result-stay, .hkvw-result-fees, .hkvw-result-note { font-size: 0.85em; opacity: 0.85; }
.hkvw-bubble img { max-width: 100%; border-radius: 8px; display: block; }
.hkvw-meta { font-size: 11px; color: var(--hkvw-muted); margin: 2px 6px 0; }
.hkvw-pending .hkvw-meta::after { content: " \\2026"; }
.hkvw-replies { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }
.hkvw-reply { border: 1px solid var(--hkvw-accent); color: var(--hkvw-accent); background: #fff;
  border-radius: 16px; padding: 6px 12px; min-height: 36px; text-align: left; }
.hkvw-reply:hover { background: #e8f0f8; }
.hkvw-card { border: 1px solid #d0d7de; border-radius: 8px; padding: 8px; margin-top: 6px; background: #fff; }
.hkvw-card-title { font-weight: 600; }
.hkvw-typing { display: none; align-self: flex-start; padding: 10px 14px; background: var(--hkvw-bot);
  border-radius: 14px; border-bottom-left-radius: 4px; margin: 0 12px 8px; width: max-content; }
.hkvw-typing.hkvw-on { display: flex; gap: 4px; }
.hkvw-dot { width: 7px; height: 7px; border-radius: 50%; background: #6b7785; animation: hkvw-b 1.2s infinite; }
.hkvw-dot:nth-child(2) { animation-delay: .2s; } .hkvw-dot:nth-child(3) { animation-delay: .4s; }
@keyframes hkvw-b { 0%, 80%, 100% { opacity: .3; transform: translateY(0); } 40% { opacity: 1; transform: translateY(-3px); } }
@media (prefers-reduced-motion: reduce) { .hkvw-dot { animation: none; opacity: .7; } }
.hkvw-form { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #d0d7de; background: #fff; }
.hkvw-input { flex: 1; min-width: 0; font: inherit; font-size: 16px; padding: 8px 10px;
  border: 1px solid #8a96a3; border-radius: 8px; color: var(--hkvw-fg); background: #fff; }
.hkvw-send { border: 0; border-radius: 8px; padding: 8px 14px; background: var(--hkvw-accent);
  color: var(--hkvw-accent-text); font-weight: 600; min-height: 40px; }
.hkvw-send:disabled { opacity: .6; cursor: default; }
@media (max-width: 520px) {
  .hkvw-root { right: 12px; bottom: 12px; }
  .hkvw-root.hkvw-open { inset: 0; right: 0; bottom: 0; }
  .hkvw-root.hkvw-open .hkvw-panel { width: 100vw; height: 100vh; height: 100dvh; border-radius: 0; border: 0; }
  .hkvw-msg { max-width: 92%; }
}
`;
