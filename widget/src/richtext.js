// Safe rendering of bot text. NOTHING here ever assigns HTML strings:
// every node is created with document.createElement / createTextNode and
// text is inserted with textContent, so markup in bot or user text is shown
// literally. Recognised (and only these):
//   [label](https://url)   markdown link   -> <a href=url>label</a>
//   https://url            bare link       -> <a href=url>url</a>
//   **bold**                                -> <strong>bold</strong>
// Only http:, https: and mailto: targets become links; anything else stays text.

const TOKEN = /\[([^\]\n]{1,200})\]\(((?:https?:\/\/|mailto:)[^\s()]+)\)|((?:https?:\/\/)[^\s<>"'`]+)|\*\*([^*\n]{1,500})\*\*/gi;
const TRAILING = /[.,;:!?'"\u3002\uff0c\uff1b\uff1a\uff01\uff1f]+$/;

/** Returns a normalised href if the URL is safe to link to, else null. */
export function safeHref(raw) {
  let u;
  try {
    u = new URL(raw);
  } catch (e) {
    return null;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:" && u.protocol !== "mailto:") return null;
  return u.href;
}

function splitTrailing(url) {
  // Strip sentence punctuation and an unbalanced closing bracket from a bare URL.
  let rest = "";
  let m = url.match(TRAILING);
  if (m) {
    rest = m[0] + rest;
    url = url.slice(0, -m[0].length);
  }
  while (url.endsWith(")") && (url.match(/\(/g) || []).length < (url.match(/\)/g) || []).length) {
    rest = ")" + rest;
    url = url.slice(0, -1);
    m = url.match(TRAILING);
    if (m) {
      rest = m[0] + rest;
      url = url.slice(0, -m[0].length);
    }
  }
  return [url, rest];
}

function makeLink(doc, href, label, newTabText) {
  const a = doc.createElement("a");
  a.href = href;
  a.textContent = label;
  if (!href.startsWith("mailto:")) {
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    const sr = doc.createElement("span");
    sr.className = "hkvw-sr";
    sr.textContent = " " + newTabText;
    a.appendChild(sr);
  }
  return a;
}

/** Appends `text` to `parent` as text nodes, links and <strong> elements. */
export function appendRichText(parent, text, newTabText = "(opens in a new tab)") {
  const doc = parent.ownerDocument;
  const s = String(text == null ? "" : text);
  let last = 0;
  TOKEN.lastIndex = 0;
  let m;
  while ((m = TOKEN.exec(s)) !== null) {
    if (m.index > last) parent.appendChild(doc.createTextNode(s.slice(last, m.index)));
    if (m[1] !== undefined) {
      const href = safeHref(m[2]);
      if (href) parent.appendChild(makeLink(doc, href, m[1], newTabText));
      else parent.appendChild(doc.createTextNode(m[0]));
    } else if (m[3] !== undefined) {
      const [url, rest] = splitTrailing(m[3]);
      const href = safeHref(url);
      if (href) parent.appendChild(makeLink(doc, href, url, newTabText));
      else parent.appendChild(doc.createTextNode(url));
      if (rest) parent.appendChild(doc.createTextNode(rest));
    } else {
      const strong = doc.createElement("strong");
      strong.textContent = m[4];
      parent.appendChild(strong);
    }
    last = TOKEN.lastIndex;
  }
  if (last < s.length) parent.appendChild(doc.createTextNode(s.slice(last)));
  return parent;
}
