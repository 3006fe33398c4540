// The offline queue (issue 16 §2): a step taken on site without a network — on a form marked data-offline — is kept in this
// browser's IndexedDB with the chosen files, its own Idempotency-Key and the case version it was based on, and sent when the
// network returns: in order, files first. Nothing is trusted for being offline: the server checks every step as if it were
// sent now. A step the case has moved past (409) is a conflict the inspector resolves on the sync page (/sync): open the case
// as it is now and submit again, or discard. Kept in IndexedDB, the queue survives closing the browser or restarting the phone.
(function () {
  const DB = "supervision-offline", STORE = "queue";
  let replaying = false;

  function open() {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: "id" });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  async function tx(mode, work) {
    const db = await open();
    return new Promise((resolve, reject) => {
      const t = db.transaction(STORE, mode), store = t.objectStore(STORE);
      const result = work(store);
      t.oncomplete = () => { db.close(); resolve(result && "result" in result ? result.result : undefined); };
      t.onerror = () => { db.close(); reject(t.error); };
    });
  }
  // Each step is the signed-in user's own: another user of the same phone neither sees nor sends it.
  const me = () => document.body && document.body.dataset.user || null;
  const all = () => tx("readonly", s => s.getAll()).then(items => (items || []).filter(i => i.user === me()).sort((a, b) => a.seq - b.seq));
  const put = item => tx("readwrite", s => s.put(item));
  const remove = id => tx("readwrite", s => s.delete(id));

  // Keeps a step: the form's JSON, its chosen files as blobs, what it was based on. Chained after an earlier waiting step of
  // the same case page, whose answered version it will carry (two hazards recorded offline on one inspection).
  async function queue(form, data) {
    const items = await all();
    const page = location.pathname;
    const before = items.filter(i => i.page === page && i.status !== "sent").pop();
    const files = [];
    for (const el of form.querySelectorAll('input[type=file][data-type=files]'))
      if (el.files.length) files.push({ field: el.name, files: Array.from(el.files).map(f => ({ name: f.name, type: f.type, capturedAt: new Date(f.lastModified || Date.now()).toISOString(), blob: f })) });
    let heading = form.previousElementSibling;
    while (heading && heading.tagName !== "H2") heading = heading.previousElementSibling;
    const title = heading?.textContent || form.querySelector("button[type=submit]")?.textContent || "";
    const item = {
      id: crypto.randomUUID(), key: crypto.randomUUID(), user: me(), seq: Date.now() + Math.random(), api: form.dataset.api, page, formId: form.id,
      title: document.title.split(" · ")[0], step: title.trim(), body: data, files, baseVersion: data.version ?? null, after: before ? before.id : null,
      queuedAt: new Date().toISOString(), status: "waiting",
    };
    await put(item);
    await count();
    return item;
  }

  async function upload(file) {
    const data = new FormData();
    data.append("capturedAt", file.capturedAt);
    data.append("file", file.blob, file.name);
    const res = await fetch("/api/files", { method: "POST", credentials: "same-origin", headers: { "Accept": "application/json" }, body: data });
    const json = await res.json().catch(() => ({}));
    return res.ok ? { sha256: json.sha256 } : { problem: `${file.name}：${json.detail_zh || ("上传失败（" + res.status + "）")}`, status: res.status };
  }

  // Sends what waits, oldest first. A case with a step refused or in conflict holds its later steps back (they were based on it).
  async function replay() {
    if (replaying || !navigator.onLine || !me()) return;
    // One sender at a time across this browser's tabs (Web Locks): two tabs would send the same step twice.
    if (navigator.locks) return navigator.locks.request("supervision-offline-replay", { ifAvailable: true }, lock => lock ? send() : undefined);
    return send();
  }

  async function send() {
    replaying = true;
    try {
      const items = await all();
      const held = new Set();
      for (const item of items) {
        if (item.status === "sent") continue;
        if (item.status !== "waiting" || held.has(item.page)) { held.add(item.page); continue; }
        const body = Object.assign({}, item.body);
        let refused = null;
        for (const group of item.files) {
          const hashes = [];
          for (const file of group.files) {
            const up = await upload(file);
            if (up.problem) { refused = up; break; }
            hashes.push(up.sha256);
          }
          if (refused) break;
          body[group.field] = hashes;
        }
        if (refused && refused.status === 401) { needLogin(); break; } // logged out: keep everything for after the login
        if (!refused) {
          const previous = item.after && items.find(i => i.id === item.after);
          if (previous && previous.status === "sent" && previous.answeredVersion != null && item.baseVersion === previous.baseVersion)
            body.version = previous.answeredVersion;
          // Counted before sending: a step whose answer was lost (the page closed, the network dropped) is sent again only
          // as a second attempt, and a 409 then may mean "already recorded" — the inspector checks the case.
          item.attempts = (item.attempts || 0) + 1;
          await put(item);
          const res = await fetch(item.api, {
            method: "POST", credentials: "same-origin",
            headers: { "Content-Type": "application/json", "Accept": "application/json", "Idempotency-Key": item.key, "X-Device-Time": item.queuedAt },
            body: JSON.stringify(body),
          });
          const json = await res.json().catch(() => ({}));
          if (res.status === 401) { needLogin(); break; }
          if (res.ok) {
            Object.assign(item, { status: "sent", sentAt: new Date().toISOString(), answeredVersion: json.version ?? null, files: [], answer: json });
          } else {
            const unsure = res.status === 409 && item.attempts > 1
              ? "此前已发送过一次但未收到答复，可能已经记录：请打开案件核对，已记录的请放弃。" : "";
            Object.assign(item, { status: res.status === 409 ? "conflict" : "refused",
              problem: unsure + (json.detail_zh || json.title || ("提交失败（" + res.status + "）")), currentVersion: json.currentVersion ?? null, sentBody: body });
          }
        } else {
          Object.assign(item, { status: "refused", problem: refused.problem });
        }
        if (item.status !== "sent") held.add(item.page);
        await put(item);
        render();
      }
    } catch (e) {
      // The network went away again: what was not sent waits.
    } finally {
      replaying = false;
      await count();
      render();
    }
  }

  // The session ended (a restarted phone has no session cookie): the queue waits for the next login, which sends it.
  function needLogin() {
    const box = document.getElementById("sync-login");
    if (box) box.hidden = false;
  }

  // The header's 待同步 link shows how many steps wait or need the inspector.
  async function count() {
    const link = document.getElementById("sync-count");
    if (!link) return;
    const open = (await all()).filter(i => i.status !== "sent").length;
    link.textContent = open ? `（${open}）` : "";
  }

  const STATUS = { waiting: "等待发送", sent: "已发送", refused: "被拒绝", conflict: "冲突：案件已变化" };

  // The sync page: each step with its state; a refused or conflicting one can be opened to submit again, or discarded.
  async function render() {
    const table = document.getElementById("sync-queue");
    if (!table) return;
    const items = await all();
    const tbody = table.querySelector("tbody");
    tbody.replaceChildren();
    document.getElementById("sync-empty").hidden = items.length > 0;
    for (const item of items) {
      const row = tbody.insertRow();
      row.dataset.status = item.status;
      row.insertCell().textContent = item.queuedAt.slice(0, 16).replace("T", " ");
      const what = row.insertCell();
      const link = document.createElement("a");
      link.href = item.page; link.textContent = `${item.title}：${item.step}`;
      what.append(link);
      const files = item.files.reduce((n, g) => n + g.files.length, 0);
      if (files) what.append(`（附 ${files} 个文件）`);
      const state = row.insertCell();
      state.textContent = STATUS[item.status] || item.status;
      if (item.problem) { const p = document.createElement("div"); p.className = "problem"; p.textContent = item.problem; state.append(p); }
      if (item.status === "conflict" && item.currentVersion != null) {
        state.append(`案件现为第 ${item.currentVersion} 版，本次提交基于第 ${item.baseVersion} 版。`);
        changes(item, state);
      }
      const actions = row.insertCell();
      if (item.status === "conflict" || item.status === "refused") {
        const again = document.createElement("button");
        again.type = "button"; again.textContent = "打开案件重新提交"; again.dataset.action = "resubmit";
        again.addEventListener("click", async () => {
          // The form on the case's current page, with this step's input and its files (uploaded now, named by hash) as after any
          // stale form; then the step leaves the queue.
          const body = Object.assign({}, item.body);
          for (const group of item.files) {
            const hashes = [];
            for (const file of group.files) { const up = await upload(file).catch(() => ({})); if (up.sha256) hashes.push(up.sha256); }
            body[group.field] = hashes;
          }
          sessionStorage.setItem("draft:" + item.page + ":" + item.formId, JSON.stringify(body));
          await remove(item.id);
          location.href = item.page;
        });
        actions.append(again);
      }
      if (item.status !== "sent") {
        const drop = document.createElement("button");
        drop.type = "button"; drop.className = "danger"; drop.textContent = "放弃"; drop.dataset.action = "discard";
        drop.addEventListener("click", async () => { if (confirm("放弃这一步？离线记录的内容将被删除。")) { await remove(item.id); render(); count(); } });
        actions.append(drop);
      }
    }
    const clear = document.getElementById("sync-clear");
    if (clear) clear.hidden = !items.some(i => i.status === "sent");
  }

  // What changed on the case since the step was recorded: its record's entries after the version the step was based on.
  async function changes(item, cell) {
    const id = (item.page.match(/[0-9a-f]{8}-[0-9a-f-]{27}/) || [])[0];
    if (!id || item.baseVersion == null || !navigator.onLine) return;
    const res = await fetch(`/api/cases/${id}/history`, { credentials: "same-origin", headers: { "Accept": "application/json" } }).catch(() => null);
    if (!res || !res.ok) return;
    const later = (await res.json()).filter(e => e.version > item.baseVersion);
    if (!later.length) return;
    const list = document.createElement("ul");
    list.className = "changes";
    for (const e of later) {
      const li = document.createElement("li");
      li.textContent = `第 ${e.version} 版：${e.eventName}（${new Date(e.timestamp).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai" })}）`;
      list.append(li);
    }
    cell.append("此后案件的变化：", list);
  }

  window.SupervisionOffline = { queue, replay };
  document.addEventListener("DOMContentLoaded", () => {
    const clear = document.getElementById("sync-clear");
    if (clear) clear.addEventListener("click", async () => { for (const i of await all()) if (i.status === "sent") await remove(i.id); render(); });
    const now = document.getElementById("sync-now");
    if (now) now.addEventListener("click", () => replay());
    render(); count(); replay();
  });
  window.addEventListener("online", () => replay());
})();
