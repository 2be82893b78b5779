// UI strings. Bot text comes from Rasa and is not translated here.
const STRINGS = {
  en: {
    defaultTitle: "Hong Kong visa assistant",
    openChat: "Open chat: {title}",
    closeChat: "Close chat",
    restart: "Restart",
    restartLabel: "Restart the conversation",
    restarted: "Conversation restarted.",
    inputLabel: "Type your message",
    placeholder: "Type your message…",
    send: "Send",
    you: "You",
    bot: "Assistant",
    youSaid: "You said:",
    botSaid: "Assistant said:",
    typing: "Assistant is typing…",
    suggestions: "Suggested replies",
    connecting: "Connecting…",
    connected: "Connected",
    reconnecting: "Connection lost. Reconnecting…",
    authFailed: "Could not connect: the chat server refused the access token.",
    connectFailed: "Could not reach the chat server. Retrying…",
    queued: "Will be sent when the connection is back.",
    newTab: "(opens in a new tab)",
    image: "Image",
    log: "Conversation",
    noServer: "Chat widget error: data-server-url is missing.",
  },
  "zh-Hant": {
    defaultTitle: "香港簽證助理",
    openChat: "開啟對話：{title}",
    closeChat: "關閉對話",
    restart: "重新開始",
    restartLabel: "重新開始對話",
    restarted: "對話已重新開始。",
    inputLabel: "輸入訊息",
    placeholder: "輸入訊息…",
    send: "傳送",
    you: "你",
    bot: "助理",
    youSaid: "你說：",
    botSaid: "助理說：",
    typing: "助理正在輸入…",
    suggestions: "建議回覆",
    connecting: "連線中…",
    connected: "已連線",
    reconnecting: "連線中斷，正在重新連線…",
    authFailed: "無法連線：聊天伺服器拒絕了存取權杖。",
    connectFailed: "無法連接聊天伺服器，正在重試…",
    queued: "連線恢復後會傳送。",
    newTab: "（在新分頁開啟）",
    image: "圖片",
    log: "對話內容",
    noServer: "聊天元件錯誤：缺少 data-server-url。",
  },
  "zh-Hans": {
    defaultTitle: "香港签证助理",
    openChat: "打开对话：{title}",
    closeChat: "关闭对话",
    restart: "重新开始",
    restartLabel: "重新开始对话",
    restarted: "对话已重新开始。",
    inputLabel: "输入消息",
    placeholder: "输入消息…",
    send: "发送",
    you: "你",
    bot: "助理",
    youSaid: "你说：",
    botSaid: "助理说：",
    typing: "助理正在输入…",
    suggestions: "建议回复",
    connecting: "连接中…",
    connected: "已连接",
    reconnecting: "连接中断，正在重新连接…",
    authFailed: "无法连接：聊天服务器拒绝了访问令牌。",
    connectFailed: "无法连接聊天服务器，正在重试…",
    queued: "连接恢复后会发送。",
    newTab: "（在新标签页打开）",
    image: "图片",
    log: "对话内容",
    noServer: "聊天组件错误：缺少 data-server-url。",
  },
};

/** Maps a BCP-47 tag to one of the supported UI languages. */
export function resolveLang(tag) {
  const t = String(tag || "").trim().toLowerCase();
  if (!t) return "en";
  if (t === "zh-hant" || t.startsWith("zh-hant") || t === "zh-hk" || t === "zh-tw" || t === "zh-mo") {
    return "zh-Hant";
  }
  if (t.startsWith("zh")) return "zh-Hans";
  return "en";
}

export function strings(lang) {
  const table = STRINGS[lang] || STRINGS.en;
  return (key, vars) => {
    let s = table[key] !== undefined ? table[key] : STRINGS.en[key];
    if (vars) for (const k of Object.keys(vars)) s = s.split(`{${k}}`).join(String(vars[k]));
    return s;
  };
}
