// The playground page: chats, bubbles, inline buttons, the clock. Plain JS, no build step.
"use strict";

const state = { chats: [], people: [], bot: "", current: "you", seq: 0, unread: {},
                last: {}, messages: {}, shown: null };
// The newest message seen in each chat, kept across reloads: unread counts stay true.
const READ_KEY = "milestone-playground-read";
const read = JSON.parse(localStorage.getItem(READ_KEY) || "{}");
function markRead(key) {
  const list = state.messages[key] || [];
  read[key] = list.length ? list[list.length - 1].seq : (read[key] || 0);
  localStorage.setItem(READ_KEY, JSON.stringify(read));
  state.unread[key] = 0;
}
const colours = { you: "#3390ec", alex: "#e17076", sam: "#7bc862", group: "#faa774" };

const $ = (id) => document.getElementById(id);

// Bot texts are Telegram HTML with every user string escaped: keep only Telegram's tags.
const ALLOWED = new Set(["B", "STRONG", "I", "EM", "U", "S", "CODE", "PRE", "A", "BLOCKQUOTE", "BR"]);
function safeHtml(html) {
  const doc = new DOMParser().parseFromString(`<div>${html}</div>`, "text/html");
  const clean = (node) => {
    for (const child of [...node.childNodes]) {
      if (child.nodeType === Node.ELEMENT_NODE) {
        if (!ALLOWED.has(child.tagName)) { child.replaceWith(...child.childNodes); clean(node); return; }
        for (const attr of [...child.attributes]) {
          const ok = child.tagName === "A" && attr.name === "href" && /^(https?:|tg:)/.test(attr.value);
          if (!ok) child.removeAttribute(attr.name);
        }
        if (child.tagName === "A") { child.target = "_blank"; child.rel = "noopener"; }
        clean(child);
      }
    }
  };
  const root = doc.body.firstChild;
  clean(root);
  return root.innerHTML;
}

async function api(path, body) {
  const response = await fetch(path, body === undefined ? {} : {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(await response.text());
  return response.json();
}

function renderChats() {
  const nav = $("chats");
  nav.innerHTML = "";
  for (const chat of state.chats) {
    const item = document.createElement("button");
    item.className = "chat-item" + (chat.key === state.current ? " active" : "");
    item.dataset.chat = chat.key;
    const avatar = document.createElement("div");
    avatar.className = "avatar";
    avatar.style.background = colours[chat.key];
    avatar.textContent = chat.title[0];
    const text = document.createElement("div");
    const name = document.createElement("div");
    name.className = "name";
    name.textContent = chat.kind === "group" ? chat.title : `${chat.title} · private chat`;
    const last = document.createElement("div");
    last.className = "last";
    last.textContent = state.last[chat.key] || "";
    text.append(name, last);
    item.append(avatar, text);
    if (state.unread[chat.key]) {
      const badge = document.createElement("span");
      badge.className = "badge";
      badge.textContent = state.unread[chat.key];
      item.append(badge);
    }
    item.onclick = () => { openChat(chat.key); $("app").classList.remove("drawer"); };
    nav.append(item);
  }
}

function openChat(key) {
  state.current = key;
  markRead(key);
  const chat = state.chats.find((c) => c.key === key);
  $("chat-title").textContent = chat.kind === "group" ? `${chat.title} · group` : `Milestone Bot · as ${chat.title}`;
  $("as-label").hidden = chat.kind !== "group";
  renderChats();
  renderMessages();
}

// The pane follows the newest message, unless the person scrolled up to read: then a
// "new messages" pill waits for them.
function nearBottom(box) { return box.scrollHeight - box.scrollTop - box.clientHeight < 60; }

function renderMessages() {
  const box = $("messages");
  const switched = state.shown !== state.current;
  const follow = switched || nearBottom(box);
  const keep = box.scrollTop;
  const list = state.messages[state.current] || [];
  const grew = !switched && list.length > (renderMessages.count || 0);
  box.innerHTML = "";
  for (const message of list) box.append(bubble(message));
  renderMessages.count = list.length;
  state.shown = state.current;
  state.following = follow;
  if (follow) {
    box.scrollTop = box.scrollHeight;
    $("pill").hidden = true;
    markRead(state.current);
  } else {
    box.scrollTop = keep;
    if (grew) $("pill").hidden = false;
  }
}

function toBottom() {
  const box = $("messages");
  box.scrollTop = box.scrollHeight;
  $("pill").hidden = true;
  markRead(state.current);
}

function viewImage(src) {
  const viewer = document.createElement("div");
  viewer.className = "viewer";
  const img = document.createElement("img");
  img.src = src;
  img.alt = "the picture, full size";
  viewer.append(img);
  viewer.onclick = () => viewer.remove();
  document.body.append(viewer);
}

function bubble(message) {
  const wrap = document.createElement("div");
  wrap.style.display = "contents";
  const div = document.createElement("div");
  div.className = "bubble" + (message.mine ? " mine" : "");
  div.dataset.messageId = message.message_id || "";
  if (state.current === "group" || !message.mine) {
    const who = document.createElement("div");
    who.className = "who";
    who.textContent = message.from;
    div.append(who);
  }
  if (message.photo) {
    const img = document.createElement("img");
    img.src = message.photo;
    img.alt = "picture from the bot";
    if (message.photo_size) img.style.aspectRatio = `${message.photo_size[0]} / ${message.photo_size[1]}`;
    img.onclick = () => viewImage(message.photo);
    // A picture arrives after its bubble: a pane that was following keeps following.
    img.onload = () => { if (state.following) $("messages").scrollTop = $("messages").scrollHeight; };
    div.append(img);
  }
  if (message.document) {
    const link = document.createElement("a");
    link.className = "file";
    link.href = message.document.url;
    link.textContent = `📎 ${message.document.name}`;
    div.append(link);
  }
  const body = document.createElement("div");
  body.className = "text";
  // A deep link opens the chat with "/start" (Telegram does not show its payload).
  const shown = message.mine ? (message.text || "").replace(/^\/start \S+$/, "/start") : "";
  if (message.mine) body.textContent = shown; else body.innerHTML = safeHtml(message.text || "");
  div.append(body);
  if (message.edited) {
    const edited = document.createElement("span");
    edited.className = "edited";
    edited.textContent = "edited";
    body.append(edited);
  }
  const time = document.createElement("span");
  time.className = "time";
  time.textContent = message.time ? message.time.slice(11, 16) : "";
  div.append(time);
  wrap.append(div);
  if (message.buttons && message.buttons.length) wrap.append(keyboard(message));
  return wrap;
}

function keyboard(message) {
  const grid = document.createElement("div");
  grid.className = "keyboard";
  for (const row of message.buttons) {
    const line = document.createElement("div");
    line.className = "row";
    for (const button of row) {
      if (button.url) {
        const start = button.url.match(new RegExp(`^https://t\\.me/${state.bot}\\?start=(.+)$`));
        const link = document.createElement(start ? "button" : "a");
        link.textContent = button.text;
        if (start) link.onclick = () => { const me = whoAmI(); openChat(me); sendText(me, `/start ${start[1]}`, true); };
        else if (button.url === `https://t.me/${state.bot}`) link.onclick = () => openChat(whoAmI());
        else { link.href = button.url; link.target = "_blank"; link.rel = "noopener"; }
        line.append(link);
      } else {
        const press = document.createElement("button");
        press.textContent = button.text;
        press.onclick = () => api("/api/press", { chat: state.current, as: whoAmI(),
          message_id: message.message_id, data: button.data }).catch(showError);
        line.append(press);
      }
    }
    grid.append(line);
  }
  return grid;
}

function whoAmI() {
  return state.current === "group" ? $("as").value : state.current;
}

function apply(event) {
  if (event.kind === "clock") return;
  if (event.kind === "toast") { toast(event.text); return; }
  const list = (state.messages[event.chat] = state.messages[event.chat] || []);
  if (event.kind === "message") {
    list.push(event);
    preview(event.chat);
    const unseen = event.chat !== state.current && !event.mine && event.seq > (read[event.chat] || 0);
    if (unseen) state.unread[event.chat] = (state.unread[event.chat] || 0) + 1;
  } else if (event.kind === "edit") {
    const target = list.find((m) => m.message_id === event.message_id && !m.mine);
    if (target) {
      if (event.text !== undefined) { target.text = event.text; target.edited = true; }
      target.buttons = event.buttons;
      preview(event.chat);
    }
  } else if (event.kind === "delete") {
    state.messages[event.chat] = list.filter((m) => m.message_id !== event.message_id || m.mine);
  }
}

function preview(chat) {
  const list = state.messages[chat] || [];
  const newest = list[list.length - 1];
  if (!newest) return;
  const text = (newest.text || "").replace(/<[^>]+>/g, "");
  state.last[chat] = (newest.photo ? "🖼 " : "") + (newest.mine ? text.replace(/^\/start \S+$/, "/start") : text);
}

function toast(text) {
  const box = $("toast");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (box.hidden = true), 2500);
}

function showError(error) { toast(`Something went wrong: ${error.message}`); }

async function poll() {
  for (;;) {
    try {
      const answer = await api(`/api/events?after=${state.seq}&wait=20`);
      if (state.generation === undefined) state.generation = answer.generation;
      if (answer.generation !== state.generation) { afreshDone(); return; }
      for (const event of answer.events) { apply(event); state.seq = event.seq; }
      $("clock").textContent = new Date(answer.clock).toUTCString().replace(" GMT", " UTC");
      if (answer.events.length) { renderChats(); renderMessages(); }
    } catch (error) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

function afreshDone() {
  localStorage.removeItem(READ_KEY);
  location.reload();
}

async function startAfresh() {
  if (!confirm("Start afresh? Every chat and everything the bot stored here is removed.")) return;
  await api("/api/reset", {}).then(afreshDone).catch(showError);
}

async function sendText(chat, text, asPrivate) {
  await api("/api/send", { chat: asPrivate ? chat : state.current, as: whoAmI(), text });
}

async function start() {
  const info = await api("/api/state");
  state.chats = info.chats;
  state.people = info.people;
  state.bot = info.bot;
  for (const person of info.people) {
    const option = document.createElement("option");
    option.value = person.key;
    option.textContent = person.name;
    $("as").append(option);
  }
  $("composer").onsubmit = async (submitted) => {
    submitted.preventDefault();
    const input = $("text");
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    await sendText(state.current, text, false).catch(showError);
  };
  for (const button of document.querySelectorAll(".clock-buttons button")) {
    button.onclick = () => api("/api/clock", { step: button.dataset.step })
      .then((answer) => { $("clock").textContent = new Date(answer.clock).toUTCString().replace(" GMT", " UTC"); })
      .catch(showError);
  }
  $("menu").onclick = () => $("app").classList.toggle("drawer");
  $("afresh").onclick = startAfresh;
  $("pill").onclick = toBottom;
  $("messages").addEventListener("scroll", () => {
    state.following = nearBottom($("messages"));
    if (!state.following) return;
    $("pill").hidden = true;
    markRead(state.current);
  });
  openChat("you");
  poll();
}

start();
