// hk-visa-widget: a dependency-light chat widget for Rasa 3.6's Socket.IO channel.
//
// Embed with one tag:
//   <script src="/hk-visa-widget.js" data-server-url="http://localhost:5005"
//           data-title="HK visa assistant" data-lang="en"></script>
//
// Protocol (rasa/core/channels/socketio.py, Rasa 3.6):
//   client -> "session_request" {session_id}    server -> "session_confirm" <session_id>
//   client -> "user_uttered" {message, session_id, metadata}
//   server -> "bot_uttered" {text, quick_replies?, attachment?} or a result card
//             {type: "result_card", text, heading, intro, results, notes, buttons}
// With `session_persistence: true` Rasa uses the session_id we send as the
// conversation id and puts this socket into that room, so the session_request
// must be re-sent after every (re)connect.
// With `jwt_key` set, Rasa reads the token from the Socket.IO handshake `auth`
// payload (`auth.token`, optional "Bearer " prefix) - not from the query string.
//
// Security: user and bot text are only ever inserted with textContent /
// createTextNode (see richtext.js). No innerHTML anywhere.

import { io } from "socket.io-client";
import { appendRichText, safeHref } from "./richtext.js";
import { resolveLang, strings } from "./i18n.js";
import { CSS } from "./styles.js";

const MAX_STORED_MESSAGES = 300;
const TYPING_TIMEOUT_MS = 30000;
const TYPING_LINGER_MS = 600;

function currentScript() {
  if (document.currentScript) return document.currentScript;
  const found = document.querySelectorAll("script[data-server-url]");
  return found.length ? found[found.length - 1] : null;
}

function readConfig(script) {
  const ds = (script && script.dataset) || {};
  const lang = resolveLang(ds.lang || document.documentElement.lang || navigator.language);
  const t = strings(lang);
  let socketPath = ds.socketPath || "/socket.io/";
  if (!socketPath.startsWith("/")) socketPath = "/" + socketPath;
  const serverUrl = (ds.serverUrl || "").replace(/\/+$/, "");
  return {
    serverUrl,
    title: ds.title || t("defaultTitle"),
    lang,
    t,
    token: ds.token || null,
    socketPath,
    initPayload: ds.initPayload !== undefined ? ds.initPayload : "/greet",
    startOpen: ds.open === "true" || ds.open === "",
    storageKey: "hk-visa-widget:" + (ds.storageKey || serverUrl),
  };
}

// ---------------------------------------------------------------- storage
function makeStore(key) {
  let ls = null;
  try {
    ls = window.localStorage;
    ls.setItem(key + ":probe", "1");
    ls.removeItem(key + ":probe");
  } catch (e) {
    ls = null; // private mode / blocked storage: work in memory only
  }
  const empty = () => ({ sessionId: null, messages: [], open: null });
  let state = empty();
  if (ls) {
    try {
      const raw = ls.getItem(key);
      if (raw) {
        const parsed = JSON.parse(raw);
        if (parsed && Array.isArray(parsed.messages)) state = Object.assign(empty(), parsed);
      }
    } catch (e) {
      state = empty();
    }
  }
  return {
    state,
    save() {
      if (state.messages.length > MAX_STORED_MESSAGES) {
        state.messages = state.messages.slice(-MAX_STORED_MESSAGES);
      }
      if (!ls) return;
      try {
        ls.setItem(key, JSON.stringify(state));
      } catch (e) {
        /* quota exceeded: keep going in memory */
      }
    },
  };
}

// ---------------------------------------------------------------- DOM helpers
function el(doc, tag, attrs, text) {
  const node = doc.createElement(tag);
  if (attrs) {
    for (const k of Object.keys(attrs)) {
      if (k === "className") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    }
  }
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

const CHAT_ICON =
  "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"; // path data, not markup

function chatIcon(doc) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = doc.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = doc.createElementNS(ns, "path");
  path.setAttribute("d", CHAT_ICON);
  svg.appendChild(path);
  return svg;
}

// ---------------------------------------------------------------- widget
function mount(cfg) {
  const { t } = cfg;
  const doc = document;
  const store = makeStore(cfg.storageKey);
  const state = store.state;

  const host = el(doc, "div", { id: "hk-visa-widget", "data-hk-visa-widget": "" });
  const shadow = host.attachShadow({ mode: "open" });
  if (shadow.adoptedStyleSheets !== undefined && typeof CSSStyleSheet === "function" &&
      "replaceSync" in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS); // constructed sheet: no inline <style>, friendlier to strict CSP
    shadow.adoptedStyleSheets = [sheet];
  } else {
    shadow.appendChild(el(doc, "style", null, CSS));
  }

  const root = el(doc, "div", { className: "hkvw-root", lang: cfg.lang });
  const panelId = "hkvw-panel";

  const launcher = el(doc, "button", {
    className: "hkvw-launcher", type: "button", "aria-expanded": "false", "aria-controls": panelId,
    "aria-label": t("openChat", { title: cfg.title }),
  });
  launcher.appendChild(chatIcon(doc));
  launcher.appendChild(el(doc, "span", { "aria-hidden": "true" }, cfg.title));

  const panel = el(doc, "section", { className: "hkvw-panel", id: panelId, "aria-labelledby": "hkvw-title" });
  const header = el(doc, "div", { className: "hkvw-header" });
  const title = el(doc, "h2", { className: "hkvw-title", id: "hkvw-title" }, cfg.title);
  const status = el(doc, "span", { className: "hkvw-status", role: "status" });
  title.appendChild(status);
  const restartBtn = el(doc, "button", {
    className: "hkvw-hbtn hkvw-restart", type: "button", "aria-label": t("restartLabel"),
  }, t("restart"));
  const closeBtn = el(doc, "button", {
    className: "hkvw-hbtn hkvw-close", type: "button", "aria-label": t("closeChat"),
  }, "\u00d7");
  header.append(title, restartBtn, closeBtn);

  // The conversation log. role=log is implicitly aria-live=polite; both are set
  // explicitly for older screen readers. Only additions are announced.
  const log = el(doc, "div", {
    className: "hkvw-log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
    "aria-label": t("log"), tabindex: "0",
  });
  const typing = el(doc, "div", { className: "hkvw-typing", "aria-hidden": "true" });
  typing.append(el(doc, "span", { className: "hkvw-dot" }), el(doc, "span", { className: "hkvw-dot" }),
    el(doc, "span", { className: "hkvw-dot" }));
  const typingStatus = el(doc, "div", { className: "hkvw-sr", role: "status" });

  const form = el(doc, "form", { className: "hkvw-form", autocomplete: "off" });
  const inputId = "hkvw-input";
  const label = el(doc, "label", { className: "hkvw-sr", for: inputId }, t("inputLabel"));
  const input = el(doc, "input", {
    className: "hkvw-input", id: inputId, type: "text", placeholder: t("placeholder"),
    maxlength: "2000", enterkeyhint: "send", autocomplete: "off",
  });
  const sendBtn = el(doc, "button", { className: "hkvw-send", type: "submit" }, t("send"));
  form.append(label, input, sendBtn);

  panel.append(header, log, typing, typingStatus, form);
  root.append(launcher, panel);
  shadow.appendChild(root);
  doc.body.appendChild(host);

  // ------------------------------------------------------------ rendering
  const timeFmt = new Intl.DateTimeFormat(cfg.lang, { hour: "2-digit", minute: "2-digit" });
  const dateTimeFmt = new Intl.DateTimeFormat(cfg.lang, {
    month: "short", day: "numeric", hour: "2-digit", minute: "2-digit",
  });
  function formatTime(ts) {
    const d = new Date(ts);
    if (isNaN(d.getTime())) return "";
    return d.toDateString() === new Date().toDateString() ? timeFmt.format(d) : dateTimeFmt.format(d);
  }

  function removeReplies() {
    for (const g of Array.from(log.querySelectorAll(".hkvw-replies"))) g.remove();
  }

  function renderReplies(container, replies) {
    const group = el(doc, "div", { className: "hkvw-replies", role: "group", "aria-label": t("suggestions") });
    for (const r of replies) {
      if (!r || (r.title == null && r.payload == null)) continue;
      const titleText = String(r.title != null ? r.title : r.payload);
      const payload = String(r.payload != null ? r.payload : r.title);
      const b = el(doc, "button", { className: "hkvw-reply", type: "button" }, titleText);
      b.addEventListener("click", () => {
        sendUserMessage(payload, titleText);
        input.focus();
      });
      group.appendChild(b);
    }
    if (group.childNodes.length) container.appendChild(group);
  }

  function renderAttachment(bubble, att) {
    if (!att || typeof att !== "object") return;
    const payload = att.payload || {};
    if (att.type === "image") {
      const href = safeHref(payload.src || "");
      if (!href) return;
      const img = el(doc, "img", { alt: payload.alt || t("image"), loading: "lazy" });
      img.src = href;
      bubble.appendChild(img);
    } else if (att.type === "template" && payload.elements) {
      const els = Array.isArray(payload.elements) ? payload.elements : [payload.elements];
      for (const e of els) {
        if (!e || typeof e !== "object") continue;
        const card = el(doc, "div", { className: "hkvw-card" });
        if (e.title) card.appendChild(el(doc, "div", { className: "hkvw-card-title" }, e.title));
        if (e.subtitle) appendRichText(card.appendChild(el(doc, "div")), e.subtitle, t("newTab"));
        bubble.appendChild(card);
      }
    } else {
      const href = safeHref(payload.src || payload.url || "");
      if (href) {
        const a = el(doc, "a", { href, target: "_blank", rel: "noopener noreferrer" }, payload.title || href);
        bubble.appendChild(a);
      }
    }
  }

  // English labels of a result card, for a card that carries none of its own.
  const CARD_LABELS = { stay: "Stay", fees: "Fees", official_page: "Official page" };

  // A result card (custom payload `type: result_card`, actions/cards.py): what is said first, one
  // card per scheme (deciding reason, stay, fees, official page), then the notes. Text only through
  // text nodes and appendRichText; links through safeHref.
  function renderResultCard(bubble, card) {
    const box = el(doc, "div", { className: "hkvw-result" });
    for (const line of Array.isArray(card.intro) ? card.intro : []) {
      if (typeof line === "string") appendRichText(box.appendChild(el(doc, "p", { className: "hkvw-result-intro" })), line, t("newTab"));
    }
    if (typeof card.heading === "string" && card.heading) {
      box.appendChild(el(doc, "div", { className: "hkvw-result-heading" }, card.heading));
    }
    // Labels in the conversation's language, from the card (English when a card has none).
    const given = card.labels && typeof card.labels === "object" ? card.labels : {};
    const labels = {};
    for (const [key, english] of Object.entries(CARD_LABELS)) {
      labels[key] = typeof given[key] === "string" && given[key] ? given[key] : english;
    }
    const colon = /^zh/.test(String(card.language || "")) ? "：" : ": ";
    for (const r of Array.isArray(card.results) ? card.results : []) {
      if (!r || typeof r !== "object") continue;
      const item = el(doc, "div", { className: "hkvw-card hkvw-result-scheme", "data-scheme": String(r.scheme || "") });
      item.appendChild(el(doc, "div", { className: "hkvw-card-title" }, String(r.label || r.name || "")));
      if (r.reason) item.appendChild(el(doc, "div", { className: "hkvw-result-reason" }, String(r.reason)));
      for (const key of ["stay", "fees"]) {
        if (r[key]) item.appendChild(el(doc, "div", { className: "hkvw-result-" + key }, labels[key] + colon + String(r[key])));
      }
      const href = safeHref(r.url || "");
      if (href) item.appendChild(el(doc, "a", { href, target: "_blank", rel: "noopener noreferrer", className: "hkvw-result-link" }, labels.official_page));
      box.appendChild(item);
    }
    for (const note of Array.isArray(card.notes) ? card.notes : []) {
      if (typeof note === "string") appendRichText(box.appendChild(el(doc, "p", { className: "hkvw-result-note" })), note, t("newTab"));
    }
    bubble.appendChild(box);
  }

  // Renders one stored message. Returns the element.
  function renderMessage(m, withReplies) {
    const cls = m.from === "user" ? "hkvw-user" : m.from === "system" ? "hkvw-system" : "hkvw-bot";
    const wrap = el(doc, "div", { className: "hkvw-msg " + cls });
    if (m.pending) wrap.classList.add("hkvw-pending");
    if (m.from === "system") {
      wrap.textContent = m.text || "";
      log.appendChild(wrap);
      return wrap;
    }
    const bubble = el(doc, "div", { className: "hkvw-bubble" });
    bubble.appendChild(el(doc, "span", { className: "hkvw-sr" }, (m.from === "user" ? t("youSaid") : t("botSaid")) + " "));
    if (m.from === "user") {
      bubble.appendChild(doc.createTextNode(m.text || "")); // user text: always literal
    } else {
      if (m.card) renderResultCard(bubble, m.card);
      else if (m.text) appendRichText(bubble, m.text, t("newTab"));
      if (m.attachment) renderAttachment(bubble, m.attachment);
    }
    wrap.appendChild(bubble);
    const time = el(doc, "time", { className: "hkvw-meta" }, formatTime(m.ts));
    try {
      time.setAttribute("datetime", new Date(m.ts).toISOString());
    } catch (e) { /* ignore bad timestamp */ }
    wrap.appendChild(time);
    if (withReplies && m.from === "bot" && Array.isArray(m.quick_replies) && m.quick_replies.length) {
      renderReplies(wrap, m.quick_replies);
    }
    log.appendChild(wrap);
    return wrap;
  }

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  function renderAll() {
    log.textContent = "";
    let lastUser = -1;
    state.messages.forEach((m, i) => { if (m.from === "user") lastUser = i; });
    state.messages.forEach((m, i) => renderMessage(m, i > lastUser));
    scrollToEnd();
  }

  function addMessage(m) {
    state.messages.push(m);
    store.save();
    if (m.from === "user") removeReplies();
    const node = renderMessage(m, true);
    scrollToEnd();
    return node;
  }

  // ------------------------------------------------------------ typing indicator
  let typingTimer = null;
  let lingerTimer = null;
  function setTyping(on) {
    clearTimeout(typingTimer);
    clearTimeout(lingerTimer);
    typing.classList.toggle("hkvw-on", on);
    typingStatus.textContent = on ? t("typing") : "";
    if (on) typingTimer = setTimeout(() => setTyping(false), TYPING_TIMEOUT_MS);
  }

  // ------------------------------------------------------------ connection
  let confirmed = false;
  const outbox = []; // messages typed while not connected; sent after session_confirm

  function setStatus(text) {
    status.textContent = text;
  }

  const socketOpts = {
    path: cfg.socketPath,
    reconnection: true,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 5000,
    timeout: 10000,
    autoConnect: false,
    // WebSocket first: no HTTP long-polling round trips, and no dependence on Sanic's
    // CORS headers. Falls back to polling where a proxy blocks WebSockets (then
    // `rasa run --cors <origin>` must list the page's origin).
    transports: ["websocket", "polling"],
    tryAllTransports: true,
  };
  if (cfg.token) {
    // Rasa 3.6 SocketIOInput.connect() checks auth["token"] against jwt_key.
    socketOpts.auth = { token: cfg.token };
  }
  const socket = io(cfg.serverUrl || undefined, socketOpts);

  function emitUser(message) {
    socket.emit("user_uttered", {
      message,
      session_id: state.sessionId,
      metadata: { language: cfg.lang, source: "hk-visa-widget" },
    });
    setTyping(true);
  }

  function flushOutbox() {
    let changed = false;
    while (outbox.length && confirmed && socket.connected) {
      const item = outbox.shift();
      emitUser(item.payload);
      if (item.msg) {
        item.msg.pending = false;
        if (item.node) item.node.classList.remove("hkvw-pending");
        changed = true;
      }
    }
    if (changed) store.save();
  }

  socket.on("connect", () => {
    confirmed = false;
    setStatus(t("connecting"));
    socket.emit("session_request", { session_id: state.sessionId });
  });

  socket.on("session_confirm", (data) => {
    // Rasa emits the bare session id; some forks emit {session_id}.
    const id = data && typeof data === "object" ? data.session_id : data;
    if (id) {
      state.sessionId = String(id);
      store.save();
    }
    confirmed = true;
    setStatus(t("connected"));
    root.setAttribute("data-session-id", state.sessionId || "");
    if (!state.messages.length && !outbox.length && cfg.initPayload) {
      outbox.push({ payload: cfg.initPayload, msg: null });
    }
    flushOutbox();
  });

  socket.on("bot_uttered", (data) => {
    if (!data || typeof data !== "object") return;
    const m = { from: "bot", ts: Date.now() };
    if (typeof data.text === "string") m.text = data.text;
    const replies = data.quick_replies || data.buttons;
    if (Array.isArray(replies) && replies.length) {
      m.quick_replies = replies.map((r) => ({ title: r && r.title, payload: r && r.payload }));
    }
    if (data.attachment && typeof data.attachment === "object") m.attachment = data.attachment;
    if (data.type === "result_card") m.card = data;   // text stays as the plain version (history, screen readers)
    if (!m.text && !m.quick_replies && !m.attachment && !m.card) return;
    addMessage(m);
    // Rasa sends one event per message part; keep the dots up briefly in case more follow.
    setTyping(false);
    typing.classList.add("hkvw-on");
    lingerTimer = setTimeout(() => typing.classList.remove("hkvw-on"), TYPING_LINGER_MS);
  });

  socket.on("disconnect", (reason) => {
    confirmed = false;
    setTyping(false);
    setStatus(t("reconnecting"));
    if (reason === "io server disconnect") {
      // The server closed the namespace; socket.io does not retry on its own.
      setTimeout(() => socket.connect(), 2000);
    }
  });

  socket.on("connect_error", (err) => {
    confirmed = false;
    if (!socket.active) {
      // Rejected by the server's connect handler (Rasa: bad or missing JWT).
      setStatus(t("authFailed"));
      root.setAttribute("data-auth-failed", "true");
    } else {
      setStatus(t("connectFailed"));
    }
  });

  // ------------------------------------------------------------ sending
  function sendUserMessage(payload, shownText) {
    const text = String(payload);
    if (!text.trim()) return;
    const m = { from: "user", text: shownText != null ? String(shownText) : text, ts: Date.now() };
    const online = confirmed && socket.connected;
    if (!online) m.pending = true;
    m.payload = text;
    const node = addMessage(m);
    if (online) emitUser(text);
    else outbox.push({ payload: text, msg: m, node });
  }

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = input.value;
    if (!text.trim()) return;
    input.value = "";
    sendUserMessage(text);
    input.focus();
  });

  restartBtn.addEventListener("click", () => {
    state.messages = [];
    store.save();
    outbox.length = 0;
    renderAll();
    addMessage({ from: "system", text: t("restarted"), ts: Date.now() });
    // "/restart" triggers Rasa's action_restart; then greet again.
    const hidden = ["/restart"];
    if (cfg.initPayload) hidden.push(cfg.initPayload);
    if (confirmed && socket.connected) hidden.forEach(emitUser);
    else hidden.forEach((p) => outbox.push({ payload: p, msg: null }));
    input.focus();
  });

  // ------------------------------------------------------------ open / close
  function setOpen(open, focus) {
    root.classList.toggle("hkvw-open", open);
    launcher.setAttribute("aria-expanded", String(open));
    state.open = open;
    store.save();
    if (open) {
      if (!socket.connected && !socket.active) socket.connect();
      scrollToEnd();
      if (focus) input.focus();
    } else if (focus) {
      launcher.focus();
    }
  }
  launcher.addEventListener("click", () => setOpen(true, true));
  closeBtn.addEventListener("click", () => setOpen(false, true));
  panel.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") {
      ev.stopPropagation();
      setOpen(false, true);
    }
  });

  renderAll();
  // Messages typed while offline and not yet sent before a reload: send them now.
  const pendingNodes = log.querySelectorAll(".hkvw-pending");
  state.messages.filter((m) => m.pending && m.from === "user").forEach((m, i) => {
    outbox.push({ payload: m.payload || m.text, msg: m, node: pendingNodes[i] || null });
  });
  const open = state.open !== null && state.open !== undefined ? state.open : cfg.startOpen;
  setStatus(t("connecting"));
  socket.connect();
  setOpen(!!open, false);

  return {
    open: () => setOpen(true, true),
    close: () => setOpen(false, true),
    send: (text) => sendUserMessage(text),
    get sessionId() { return state.sessionId; },
    socket,
  };
}

function boot() {
  const script = currentScript();
  const cfg = readConfig(script);
  if (!cfg.serverUrl) {
    // eslint-disable-next-line no-console
    console.error("[hk-visa-widget] " + cfg.t("noServer"));
  }
  const start = () => {
    const api = mount(cfg);
    window.HKVisaWidget = Object.assign(api, { version: __WIDGET_VERSION__, socketIoClient: __SIO_VERSION__ });
  };
  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start, { once: true });
}

boot();
