// Keneshchi sandbox web chat: play several Telegram users side by side against the bot.
// Talks only to the emulator's /control/ API. Message text is rendered from Telegram's
// text + entities with DOM nodes (textContent), never by injecting HTML from messages.
"use strict";

// The sandbox's simulated people (README "Sandbox users"); `main.py sandbox` creates the same.
const DEFAULT_COLUMNS = [
  { userId: 1001, chatId: 1001, threadId: null },
  { userId: 2001, chatId: -1001000000001, threadId: null },
  { userId: 3001, chatId: 3001, threadId: null },
];
const DEFAULT_USERS = [
  { id: 1001, first_name: "Айбек", last_name: "Жумабеков", language_code: "ky", role: "head" },
  { id: 2001, first_name: "Нургуль", last_name: "Асанова", language_code: "ru", role: "consultant" },
  { id: 3001, first_name: "Бакыт", last_name: "Осмонов", language_code: "ky", role: "admin" },
];
const DEFAULT_GROUP = {
  chat_id: -1001000000001, title: "Консультанттар", is_forum: true, member_ids: [2001, 3001],
};

// --- the page's own interface, in Kyrgyz and Russian ------------------------------------------
const I18N = {
  ky: {
    title: "Кеңешчи — сыноо чөйрөсү",
    subtitle: "Телеграм ботунун эмулятору",
    add_toggle: "+ Катышуучу",
    add_user: "Кошуу",
    ph_id: "номери",
    ph_name: "аты",
    ph_language: "тили",
    ph_group: "топтун номери (милдеттүү эмес)",
    lang_ky: "кыргызча",
    lang_ru: "орусча",
    chat: "чат",
    close_column: "бул тилкени жабуу",
    attach: "файл жөнөтүү",
    more: "буйруктар, байланыш, жайгашкан жер, стикер",
    ph_message: "Билдирүү жазыңыз…",
    send: "жөнөтүү",
    status: "{users} катышуучу · {chats} чат",
    unreachable: "эмулятор жооп бербей жатат — кайра аракет кылып жатам…",
    block: "ботту бөгөттөө",
    unblock: "колдонуучу ботту бөгөттөгөн — ачуу үчүн басыңыз",
    private_chat: "🤖 {bot} (жеке чат)",
    forum: " (форум)",
    no_chat: "{id} чаты (азырынча түзүлгөн эмес)",
    general: "# Жалпы",
    all: "Баары",
    typing: "{bot} жазып жатат…",
    uploading: "{bot} файл жөнөтүп жатат…",
    busy: "{bot} иштеп жатат…",
    empty_chat: "Азырынча билдирүү жок — төмөнгө жазыңыз.",
    no_chat_yet: "Чатты баштоо үчүн билдирүү жөнөтүңүз.",
    topic_created: "«{name}» темасы түзүлдү",
    topic_renamed: "Теманын жаңы аталышы: «{name}»",
    topic_closed: "Тема жабылды",
    topic_reopened: "Тема кайра ачылды",
    pinned: "Бекитилди: {text}",
    a_message: "билдирүү",
    media: "[медиа]",
    photo: "сүрөт",
    voice: "Үн билдирүү, {s} сек.",
    document: "документ",
    edited: "оңдолгон",
    bubble_mine: "басуу: жооп берүү · эки жолу басуу: оңдоо",
    bubble: "басуу: жооп берүү",
    spoiler: "жашырылган текст: көрүү үчүн басыңыз",
    expand: "толук көрүү үчүн басыңыз",
    not_emulated: "мындай баскыч эмуляцияланбайт",
    cmd_start: "ботту кайра баштоо",
    share_contact: "📱 Номеримди бөлүшүү",
    send_location: "📍 Жайгашкан жерди жөнөтүү",
    bishkek: "Бишкек",
    send_sticker: "👍 Стикер жөнөтүү",
    ask_phone: "Бөлүшүлө турган телефон номери",
    edit_message: "Билдирүүнү оңдоо",
    role_head: "айыл өкмөтүнүн башчысы",
    role_consultant: "консультант",
    role_admin: "администратор",
    size_b: "Б", size_kb: "КБ", size_mb: "МБ",
  },
  ru: {
    title: "Кеңешчи — тестовая среда",
    subtitle: "Эмулятор Телеграм-бота",
    add_toggle: "+ Участник",
    add_user: "Добавить",
    ph_id: "номер",
    ph_name: "имя",
    ph_language: "язык",
    ph_group: "номер группы (необязательно)",
    lang_ky: "кыргызский",
    lang_ru: "русский",
    chat: "чат",
    close_column: "закрыть эту колонку",
    attach: "отправить файл",
    more: "команды, контакт, геолокация, стикер",
    ph_message: "Напишите сообщение…",
    send: "отправить",
    status: "участников: {users} · чатов: {chats}",
    unreachable: "эмулятор недоступен — повторяю попытку…",
    block: "заблокировать бота",
    unblock: "пользователь заблокировал бота — нажмите, чтобы разблокировать",
    private_chat: "🤖 {bot} (личный чат)",
    forum: " (форум)",
    no_chat: "чат {id} (ещё не создан)",
    general: "# Общая",
    all: "Все",
    typing: "{bot} печатает…",
    uploading: "{bot} отправляет файл…",
    busy: "{bot} работает…",
    empty_chat: "Сообщений пока нет — напишите ниже.",
    no_chat_yet: "Отправьте сообщение, чтобы начать чат.",
    topic_created: "Создана тема «{name}»",
    topic_renamed: "Тема переименована: «{name}»",
    topic_closed: "Тема закрыта",
    topic_reopened: "Тема открыта снова",
    pinned: "Закреплено: {text}",
    a_message: "сообщение",
    media: "[медиа]",
    photo: "фото",
    voice: "Голосовое сообщение, {s} с",
    document: "документ",
    edited: "изменено",
    bubble_mine: "щелчок: ответить · двойной щелчок: изменить",
    bubble: "щелчок: ответить",
    spoiler: "скрытый текст: нажмите, чтобы показать",
    expand: "нажмите, чтобы развернуть",
    not_emulated: "такая кнопка не эмулируется",
    cmd_start: "перезапустить бота",
    share_contact: "📱 Поделиться номером",
    send_location: "📍 Отправить геолокацию",
    bishkek: "Бишкек",
    send_sticker: "👍 Отправить стикер",
    ask_phone: "Номер телефона, которым поделиться",
    edit_message: "Изменить сообщение",
    role_head: "глава айыл окмоту",
    role_consultant: "консультант",
    role_admin: "администратор",
    size_b: "Б", size_kb: "КБ", size_mb: "МБ",
  },
};
let lang = I18N[localStorage.getItem("sandbox.lang")] ? localStorage.getItem("sandbox.lang") : "ky";

function tr(key, vars = {}) {
  const text = (I18N[lang] && I18N[lang][key]) ?? I18N.ky[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (vars[name] ?? ""));
}

function translateTree(root) {
  for (const node of root.querySelectorAll("[data-i18n]")) node.textContent = tr(node.dataset.i18n);
  for (const attr of ["placeholder", "title", "aria-label"]) {
    for (const node of root.querySelectorAll(`[data-i18n-${attr}]`)) {
      node.setAttribute(attr, tr(node.getAttribute(`data-i18n-${attr}`)));
    }
  }
}

function setLanguage(next) {
  lang = I18N[next] ? next : "ky";
  localStorage.setItem("sandbox.lang", lang);
  document.documentElement.lang = lang;
  document.title = tr("title");
  translateTree(document);
  for (const b of document.querySelectorAll("#langs button")) {
    b.classList.toggle("active", b.dataset.lang === lang);
    b.setAttribute("aria-pressed", String(b.dataset.lang === lang));
  }
  for (const view of views.values()) translateTree(view.root);
  if (snapshot) render();
}
const COLORS = ["#e17076", "#7bc862", "#65aadd", "#a695e7", "#ee7aae", "#6ec9cb", "#faa774"];
const SAFE_URL = /^(https?:|tg:|mailto:)/i;

let snapshot = null;
let columns = loadColumns();
const views = new Map(); // column index -> DOM + local state

function loadColumns() {
  try {
    const saved = JSON.parse(localStorage.getItem("sandbox.columns"));
    if (Array.isArray(saved) && saved.length) return saved;
  } catch (e) { /* ignore */ }
  return DEFAULT_COLUMNS.map((c) => ({ ...c }));
}
function saveColumns() { localStorage.setItem("sandbox.columns", JSON.stringify(columns)); }

async function api(method, path, body) {
  const resp = await fetch(`/control/${path}`, {
    method,
    headers: body ? { "Content-Type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await resp.json();
  if (!resp.ok) throw new Error(data.error || resp.statusText);
  return data;
}

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

// --- Telegram entities -> DOM ---------------------------------------------------------------
// A spoiler or a collapsed quote: a click shows it (the hint names what a click does).
function revealedOnClick(node, hint, reveal) {
  node.title = tr(hint);
  node.addEventListener("click", () => reveal(node.classList));
  return node;
}

function entityNode(e, text) {
  let node;
  switch (e.type) {
    case "bold": node = el("b"); break;
    case "italic": node = el("i"); break;
    case "underline": node = el("u"); break;
    case "strikethrough": node = el("s"); break;
    case "spoiler":
      node = revealedOnClick(el("span", "spoiler"), "spoiler", (c) => c.toggle("shown"));
      break;
    case "code": node = el("code"); break;
    case "pre": {
      const pre = el("pre");
      node = el("code");
      if (e.language) node.dataset.language = e.language;
      pre.appendChild(node);
      return { outer: pre, inner: node };
    }
    case "blockquote": node = el("blockquote"); break;
    case "expandable_blockquote":
      node = revealedOnClick(el("blockquote", "collapsed"), "expand", (c) => c.remove("collapsed"));
      break;
    case "text_link":
    case "url":
    case "email": {
      const href = e.type === "text_link" ? e.url : e.type === "email" ? `mailto:${text}` : text;
      node = el("a");
      if (SAFE_URL.test(href || "")) {
        node.href = href;
        node.target = "_blank";
        node.rel = "noopener noreferrer";
      }
      node.title = href || "";
      break;
    }
    case "mention": case "text_mention": node = el("span", "mention"); break;
    case "hashtag": case "cashtag": node = el("span", "hashtag"); break;
    case "bot_command": node = el("span", "cmd"); node.dataset.command = text; break;
    default: node = el("span");
  }
  return { outer: node, inner: node };
}

function renderRange(text, entities, start, end, parent) {
  // text is a JS string: its indices are UTF-16 code units, the unit of Telegram offsets.
  let cursor = start;
  let i = 0;
  while (i < entities.length) {
    const e = entities[i];
    const eEnd = e.offset + e.length;
    if (e.offset >= end) break;
    if (e.offset < cursor) { i += 1; continue; }
    if (e.offset > cursor) parent.appendChild(document.createTextNode(text.slice(cursor, e.offset)));
    const children = [];
    let j = i + 1;
    while (j < entities.length && entities[j].offset < eEnd) {
      if (entities[j].offset + entities[j].length <= eEnd) children.push(entities[j]);
      j += 1;
    }
    const { outer, inner } = entityNode(e, text.slice(e.offset, eEnd));
    renderRange(text, children, e.offset, Math.min(eEnd, end), inner);
    parent.appendChild(outer);
    cursor = Math.min(eEnd, end);
    i = j;
  }
  if (cursor < end) parent.appendChild(document.createTextNode(text.slice(cursor, end)));
}

function renderText(text, entities) {
  const body = el("div", "body");
  const sorted = [...(entities || [])].sort((a, b) => a.offset - b.offset || b.length - a.length);
  renderRange(text, sorted, 0, text.length, body);
  return body;
}

// --- snapshot helpers -----------------------------------------------------------------------
const userById = (id) => (snapshot?.users || []).find((u) => u.id === id);
const chatById = (id) => (snapshot?.chats || []).find((c) => c.id === id);
const displayName = (u) => (u ? [u.first_name, u.last_name].filter(Boolean).join(" ") : "?");
const roleOf = (id) => DEFAULT_USERS.find((u) => u.id === id)?.role;
const colorFor = (id) => COLORS[Math.abs(id) % COLORS.length];

function chatsOf(userId) {
  return (snapshot?.chats || []).filter(
    (c) => c.id === userId || (c.type !== "private" && c.members[String(userId)]),
  );
}

function inThread(msg, chat, threadId) {
  if (!chat || !chat.is_forum) return true;
  if (threadId === "all") return true;
  return (msg.message_thread_id || null) === threadId;
}

function serviceText(m) {
  if (m.forum_topic_created) return tr("topic_created", { name: m.forum_topic_created.name });
  if (m.forum_topic_edited) return tr("topic_renamed", { name: m.forum_topic_edited.name || "…" });
  if (m.forum_topic_closed) return tr("topic_closed");
  if (m.forum_topic_reopened) return tr("topic_reopened");
  if (m.pinned_message) {
    const text = (m.pinned_message.text || m.pinned_message.caption || tr("a_message")).slice(0, 60);
    return tr("pinned", { text });
  }
  return null;
}

function formatSize(n) {
  if (n == null) return "";
  if (n < 1024) return `${n} ${tr("size_b")}`;
  if (n < 1048576) return `${(n / 1024).toFixed(1)} ${tr("size_kb")}`;
  return `${(n / 1048576).toFixed(1)} ${tr("size_mb")}`;
}

// --- rendering ------------------------------------------------------------------------------
function renderMessage(view, m, chat) {
  const service = serviceText(m);
  if (service) return el("div", "service", service);
  const col = view.col;
  const mine = m.from && m.from.id === col.userId;
  const wrap = el("div", `msg${mine ? " mine" : ""}`);
  wrap.dataset.messageId = m.message_id;
  const bubble = el("div", "bubble");
  if (!mine && chat.type !== "private") {
    const sender = el("div", "sender", displayName(m.from));
    sender.style.color = m.from.is_bot ? "var(--accent)" : colorFor(m.from.id);
    bubble.appendChild(sender);
  }
  const reply = m.reply_to_message;
  if (reply && !reply.forum_topic_created) {
    const quote = el("div", "quote");
    quote.appendChild(el("b", null, `${displayName(reply.from)}: `));
    quote.appendChild(document.createTextNode((reply.text || reply.caption || tr("media")).slice(0, 120)));
    bubble.appendChild(quote);
  }
  bubble.appendChild(renderMedia(m));
  if (m.text !== undefined) bubble.appendChild(renderText(m.text, m.entities));
  else if (m.caption) bubble.appendChild(renderText(m.caption, m.caption_entities));
  const time = new Date(m.date * 1000).toLocaleTimeString("ru-RU", { hour: "2-digit", minute: "2-digit" });
  bubble.appendChild(el("div", "meta", `${m.edit_date ? `${tr("edited")} ` : ""}${time}`));
  bubble.title = mine ? tr("bubble_mine") : tr("bubble");
  bubble.addEventListener("click", (ev) => {
    if (ev.target.closest("a, .spoiler, .cmd, blockquote.collapsed")) return;
    setReply(view, m);
  });
  if (mine && (m.text !== undefined || m.caption)) {
    bubble.addEventListener("dblclick", () => editOwn(view, m));
  }
  wrap.appendChild(bubble);
  const markup = m.reply_markup;
  if (markup && markup.inline_keyboard) wrap.appendChild(renderInlineKeyboard(view, m, markup));
  return wrap;
}

function renderMedia(m) {
  const box = el("div", "media");
  if (m.photo && m.photo.length) {
    const img = el("img");
    img.src = `/control/files/${encodeURIComponent(m.photo[m.photo.length - 1].file_id)}`;
    img.alt = tr("photo");
    img.addEventListener("load", () => keepAtBottom(box.closest(".messages")));
    box.appendChild(img);
  } else if (m.document || m.voice) {
    const f = m.document || m.voice;
    const link = el("a", "file");
    link.href = `/control/files/${encodeURIComponent(f.file_id)}`;
    link.target = "_blank";
    link.rel = "noopener";
    if (m.document) link.download = f.file_name || "";
    link.appendChild(el("span", "fi", m.voice ? "🎤" : "📄"));
    const info = el("span", null, m.voice ? tr("voice", { s: f.duration }) : f.file_name || tr("document"));
    info.appendChild(el("small", null, formatSize(f.file_size)));
    link.appendChild(info);
    box.appendChild(link);
  } else if (m.sticker) {
    box.appendChild(el("div", "sticker", m.sticker.emoji || "🖼"));
  } else if (m.contact) {
    box.appendChild(el("div", null, `👤 ${m.contact.first_name} · ${m.contact.phone_number}`));
  } else if (m.location) {
    box.appendChild(el("div", null, `📍 ${m.location.latitude.toFixed(5)}, ${m.location.longitude.toFixed(5)}`));
  }
  return box;
}

function renderInlineKeyboard(view, m, markup) {
  const kb = el("div", "inline-kb");
  for (const row of markup.inline_keyboard) {
    const r = el("div", "row");
    for (const b of row) {
      const btn = el("button", null, b.text);
      btn.type = "button";
      if (b.callback_data !== undefined) {
        btn.addEventListener("click", () => pressButton(view, m, b.callback_data));
      } else if (b.url && SAFE_URL.test(b.url)) {
        btn.textContent = `${b.text} ↗`;
        btn.addEventListener("click", () => window.open(b.url, "_blank", "noopener"));
      } else {
        btn.disabled = true;
        btn.title = tr("not_emulated");
      }
      r.appendChild(btn);
    }
    kb.appendChild(r);
  }
  return kb;
}

function renderKeyboard(view, chat) {
  const box = view.keyboard;
  box.replaceChildren();
  const kb = chat && chat.keyboard;
  const hidden = !kb || view.hiddenKeyboard === JSON.stringify(kb);
  box.hidden = hidden;
  if (hidden) return;
  for (const row of kb.keyboard) {
    const r = el("div", "row");
    for (const raw of row) {
      const b = typeof raw === "string" ? { text: raw } : raw;
      const btn = el("button", null, b.request_contact ? `📱 ${b.text}` : b.request_location ? `📍 ${b.text}` : b.text);
      btn.type = "button";
      btn.addEventListener("click", async () => {
        if (kb.one_time_keyboard) view.hiddenKeyboard = JSON.stringify(kb);
        if (b.request_contact) await sendContact(view);
        else if (b.request_location) await sendAs(view, { type: "location", latitude: 42.8746, longitude: 74.5698 });
        else await sendAs(view, { type: "text", text: b.text });
      });
      r.appendChild(btn);
    }
    box.appendChild(r);
  }
}

function renderTopics(view, chat) {
  const bar = view.topics;
  bar.replaceChildren();
  bar.hidden = !(chat && chat.is_forum);
  if (bar.hidden) return;
  const counts = {};
  for (const m of chat.messages) {
    const t = m.message_thread_id || null;
    if (m.message_id > (view.seen[t] || 0)) counts[t] = (counts[t] || 0) + 1;
  }
  const chips = [{ id: null, name: tr("general") }, ...chat.topics.map((t) => ({
    id: t.message_thread_id, name: `${t.closed ? "🔒" : "#"} ${t.name}`,
  })), { id: "all", name: tr("all") }];
  for (const t of chips) {
    const chip = el("button", `topic${view.col.threadId === t.id ? " active" : ""}`, t.name);
    chip.type = "button";
    if (t.id !== "all" && view.col.threadId !== t.id && counts[t.id]) {
      chip.appendChild(el("span", "badge", String(counts[t.id])));
    }
    chip.addEventListener("click", () => {
      view.col.threadId = t.id;
      saveColumns();
      view.stick = true;
      renderColumn(view);
    });
    bar.appendChild(chip);
  }
}

function renderColumn(view) {
  const { col } = view;
  const user = userById(col.userId);
  const chat = chatById(col.chatId);
  view.avatar.textContent = (user?.first_name || "?").slice(0, 1);
  view.avatar.style.background = colorFor(col.userId);
  const role = roleOf(col.userId);
  view.name.textContent = displayName(user);
  if (role) view.name.appendChild(el("span", "role", ` · ${tr(`role_${role}`)}`));
  view.name.title = `${displayName(user)} · ${col.userId}`;
  view.blockBtn.classList.toggle("on", Boolean(user?.blocked));
  view.blockBtn.title = user?.blocked ? tr("unblock") : tr("block");

  const options = chatsOf(col.userId);
  const select = view.select;
  select.replaceChildren();
  const privateOpt = el("option", null, tr("private_chat", { bot: displayName(snapshot.bot) }));
  privateOpt.value = String(col.userId);
  select.appendChild(privateOpt);
  for (const c of options) {
    if (c.type === "private") continue;
    const opt = el("option", null, `👥 ${c.title}${c.is_forum ? tr("forum") : ""}`);
    opt.value = String(c.id);
    select.appendChild(opt);
  }
  if (col.chatId !== col.userId && !options.some((c) => c.id === col.chatId)) {
    const opt = el("option", null, chat ? `👥 ${chat.title}` : tr("no_chat", { id: col.chatId }));
    opt.value = String(col.chatId);
    select.appendChild(opt);
  }
  select.value = String(col.chatId);

  renderTopics(view, chat);
  const left = chat && chat.action ? chat.action_until * 1000 - Date.now() : 0;
  const action = chat && chat.action;
  const typingKey = action === "typing" ? "typing" : /^upload/.test(action || "") ? "uploading" : "busy";
  const typing = left > 0 ? tr(typingKey, { bot: displayName(snapshot.bot) }) : "";
  view.typing.hidden = !typing;
  view.typing.textContent = typing;
  clearTimeout(view.typingTimer);
  if (typing) view.typingTimer = setTimeout(() => renderColumn(view), left + 50);

  const box = view.messages;
  const shown = chat ? chat.messages.filter((m) => inThread(m, chat, col.threadId)) : [];
  // The newest message is always brought into view: when one arrives, when the column is
  // (re)opened, and while the reader stays at the bottom (images and keyboards that change
  // the height afterwards are followed by keepAtBottom).
  const newest = shown.length ? shown[shown.length - 1].message_id : 0;
  const arrived = newest !== view.newest;
  view.newest = newest;
  const atBottom = view.stick || arrived || view.pinned;
  view.stick = false;
  box.replaceChildren();
  if (!shown.length) {
    box.appendChild(el("div", "empty", chat ? tr("empty_chat") : tr("no_chat_yet")));
  }
  for (const m of shown) box.appendChild(renderMessage(view, m, chat));
  for (const m of shown) {
    const t = m.message_thread_id || null;
    view.seen[t] = Math.max(view.seen[t] || 0, m.message_id);
  }
  renderKeyboard(view, chat);
  if (atBottom) {
    view.pinned = true;
    keepAtBottom(box);
  }
  for (const [qid, answer] of Object.entries(snapshot.callback_answers || {})) {
    if (view.pending.has(qid)) {
      view.pending.delete(qid);
      if (answer.text) showToast(view, answer.text, answer.show_alert);
    }
  }
}

function render() {
  const main = document.getElementById("columns");
  document.getElementById("bot-name").textContent = `${displayName(snapshot.bot)} · @${snapshot.bot.username}`;
  const status = document.getElementById("status");
  status.textContent = tr("status", { users: snapshot.users.length, chats: snapshot.chats.length });
  status.title = `v${snapshot.version}`;
  columns.forEach((col, index) => {
    let view = views.get(index);
    if (!view || view.col !== col) {
      view = buildColumn(col, index);
      const old = views.get(index);
      if (old) old.root.replaceWith(view.root);
      else main.appendChild(view.root);
      views.set(index, view);
    }
    renderColumn(view);
  });
  for (const [index, view] of views) {
    if (index >= columns.length) { view.root.remove(); views.delete(index); }
  }
  renderPeople();
}

// --- actions --------------------------------------------------------------------------------
function threadFor(view) {
  const chat = chatById(view.col.chatId);
  const t = view.col.threadId;
  return chat && chat.is_forum && typeof t === "number" ? t : undefined;
}

async function sendAs(view, body) {
  const payload = { user_id: view.col.userId, chat_id: view.col.chatId, thread_id: threadFor(view), ...body };
  if (view.replyTo) payload.reply_to = view.replyTo.message_id;
  try {
    await api("POST", "send", payload);
    setReply(view, null);
    view.stick = true;
  } catch (err) {
    showToast(view, `⚠ ${err.message}`);
  }
}

async function sendContact(view) {
  const user = userById(view.col.userId);
  const phone = prompt(tr("ask_phone"), `+99670${String(view.col.userId).padStart(7, "0")}`);
  if (!phone) return;
  await sendAs(view, { type: "contact", phone, first_name: user?.first_name });
}

async function pressButton(view, m, data) {
  try {
    const query = await api("POST", "press", {
      user_id: view.col.userId, chat_id: m.chat.id, message_id: m.message_id, data,
    });
    view.pending.add(query.id);
  } catch (err) {
    showToast(view, `⚠ ${err.message}`);
  }
}

async function editOwn(view, m) {
  const current = m.text !== undefined ? m.text : m.caption;
  const text = prompt(tr("edit_message"), current);
  if (text === null || text === current || !text.trim()) return;
  try {
    await api("POST", "edit", { user_id: view.col.userId, chat_id: m.chat.id, message_id: m.message_id, text });
  } catch (err) {
    showToast(view, `⚠ ${err.message}`);
  }
}

function setReply(view, m) {
  view.replyTo = m;
  view.replying.hidden = !m;
  if (m) {
    view.replyingText.textContent = `↩ ${displayName(m.from)}: ${(m.text || m.caption || tr("media")).slice(0, 80)}`;
    view.input.focus();
  }
}

function showToast(view, text, alert = false) {
  view.toast.textContent = text;
  view.toast.className = `toast${alert ? " alert" : ""}`;
  view.toast.hidden = false;
  clearTimeout(view.toastTimer);
  view.toastTimer = setTimeout(() => { view.toast.hidden = true; }, alert ? 6000 : 2500);
}

function openMenu(view) {
  const menu = view.menu;
  if (!menu.hidden) { menu.hidden = true; return; }
  menu.replaceChildren();
  const add = (label, hint, fn) => {
    const b = el("button", null, label);
    b.type = "button";
    if (hint) { b.appendChild(document.createTextNode(" ")); b.appendChild(el("small", null, hint)); }
    b.addEventListener("click", () => { menu.hidden = true; fn(); });
    menu.appendChild(b);
  };
  for (const c of snapshot.commands || []) {
    add(`/${c.command}`, c.description, () => sendAs(view, { type: "text", text: `/${c.command}` }));
  }
  add("/start", tr("cmd_start"), () => sendAs(view, { type: "text", text: "/start" }));
  add(tr("share_contact"), null, () => sendContact(view));
  add(tr("send_location"), tr("bishkek"), () => sendAs(view, { type: "location", latitude: 42.8746, longitude: 74.5698 }));
  add(tr("send_sticker"), null, () => sendAs(view, { type: "sticker", emoji: "👍" }));
  menu.hidden = false;
}

async function sendFile(view, file) {
  const buf = new Uint8Array(await file.arrayBuffer());
  let bin = "";
  for (let i = 0; i < buf.length; i += 0x8000) bin += String.fromCharCode(...buf.subarray(i, i + 0x8000));
  const isPhoto = /^image\/(png|jpeg|gif)$/.test(file.type);
  const caption = view.input.value.trim() || undefined;
  view.input.value = "";
  await sendAs(view, {
    type: isPhoto ? "photo" : "document", filename: file.name, mime_type: file.type || undefined,
    content_b64: btoa(bin), caption,
  });
}

function buildColumn(col, index) {
  const root = document.getElementById("column-template").content.firstElementChild.cloneNode(true);
  translateTree(root);
  const q = (s) => root.querySelector(s);
  const view = {
    col, root, seen: {}, pending: new Set(), replyTo: null, stick: true, hiddenKeyboard: null,
    newest: null, pinned: true,
    avatar: q(".avatar"), name: q(".name"), select: q(".chat-select"), topics: q(".topics"),
    typing: q(".typing"), messages: q(".messages"), toast: q(".toast"), replying: q(".replying"),
    replyingText: q(".replying-text"), input: q(".input"), keyboard: q(".keyboard"), menu: q(".menu"),
    blockBtn: q(".block-btn"),
  };
  root.dataset.userId = col.userId;
  root.dataset.index = index;
  view.messages.addEventListener("scroll", () => {
    const box = view.messages;
    view.pinned = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  });
  // the message list shrinks when a reply keyboard or a toast appears: stay on the newest
  new ResizeObserver(() => { if (view.pinned) keepAtBottom(view.messages); }).observe(view.messages);
  q(".composer").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = view.input.value;
    if (!text.trim()) return;
    view.input.value = "";
    sendAs(view, { type: "text", text });
  });
  view.input.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      q(".composer").requestSubmit();
    }
  });
  view.messages.addEventListener("click", (ev) => {
    const cmd = ev.target.closest(".cmd");
    if (cmd) sendAs(view, { type: "text", text: cmd.dataset.command });
  });
  q(".cancel-reply").addEventListener("click", () => setReply(view, null));
  q(".attach").addEventListener("click", () => q(".file-input").click());
  q(".file-input").addEventListener("change", async (ev) => {
    const file = ev.target.files[0];
    ev.target.value = "";
    if (file) await sendFile(view, file);
  });
  q(".more").addEventListener("click", () => openMenu(view));
  view.select.addEventListener("change", () => {
    col.chatId = Number(view.select.value);
    col.threadId = null;
    saveColumns();
    view.stick = true;
    setReply(view, null);
    renderColumn(view);
  });
  view.blockBtn.addEventListener("click", async () => {
    const user = userById(col.userId);
    await api("POST", user?.blocked ? "unblock" : "block", { user_id: col.userId });
  });
  q(".close-btn").addEventListener("click", () => {
    columns.splice(index, 1);
    saveColumns();
    for (const v of views.values()) v.root.remove();
    views.clear();
    render();
  });
  return view;
}

document.getElementById("add-user").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const form = ev.target;
  const field = (name) => form.elements.namedItem(name).value.trim();
  const id = Number(field("id"));
  const groupId = field("chat_id") ? Number(field("chat_id")) : null;
  try {
    await api("POST", "users", { id, first_name: field("first_name"), language_code: field("language_code") });
    active = columns.length;
    columns.push({ userId: id, chatId: groupId || id, threadId: null });
    saveColumns();
    form.reset();
    await refresh();
  } catch (err) {
    alert(err.message);
  }
});

// --- sync with the emulator -----------------------------------------------------------------
async function ensureDefaults() {
  const snap = await api("GET", "snapshot");
  for (const { role, ...u } of DEFAULT_USERS) {
    const known = snap.users.find((x) => x.id === u.id);
    // people are shown by name: a member created by id alone ("User 2001") gets its name
    if (!known || /^User \d+$/.test(known.first_name || "")) await api("POST", "users", u);
  }
  const group = snap.chats.find((c) => c.id === DEFAULT_GROUP.chat_id);
  if (!group) await api("POST", "chats", DEFAULT_GROUP);
}

async function refresh() {
  snapshot = await api("GET", "snapshot");
  render();
}

async function loop() {
  try {
    await ensureDefaults();
  } catch (err) {
    console.warn("could not create the default users", err);
  }
  for (;;) {
    try {
      const since = snapshot ? `?since=${snapshot.version}&timeout=20` : "";
      const next = await api("GET", `snapshot${since}`);
      if (!snapshot || next.version !== snapshot.version) {
        snapshot = next;
        render();
      }
    } catch (err) {
      document.getElementById("status").textContent = tr("unreachable");
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

// --- phone width: one person at a time, chosen in the tab bar --------------------------------
let active = Number(localStorage.getItem("sandbox.active") || 0);

function renderPeople() {
  const nav = document.getElementById("people");
  nav.replaceChildren();
  if (active >= columns.length) active = 0;
  columns.forEach((col, index) => {
    const user = userById(col.userId);
    const tab = el("button", `person${index === active ? " active" : ""}`, user?.first_name || String(col.userId));
    tab.type = "button";
    tab.dataset.userId = col.userId;
    tab.addEventListener("click", () => {
      active = index;
      localStorage.setItem("sandbox.active", String(index));
      const view = views.get(index);
      if (view) view.stick = true;
      render();
    });
    nav.appendChild(tab);
  });
  for (const [index, view] of views) view.root.classList.toggle("active", index === active);
}

function keepAtBottom(box) {
  if (!box) return;
  box.scrollTop = box.scrollHeight;
  requestAnimationFrame(() => { box.scrollTop = box.scrollHeight; });
}

for (const b of document.querySelectorAll("#langs button")) {
  b.addEventListener("click", () => setLanguage(b.dataset.lang));
}
// the "add a person" form is open on a wide screen and folded on a phone
const wide = window.matchMedia("(min-width: 761px)");
const foldAddForm = () => { document.getElementById("add-wrap").open = wide.matches; };
wide.addEventListener("change", foldAddForm);
foldAddForm();
setLanguage(lang);
loop();
