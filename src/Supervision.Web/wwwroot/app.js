// Forms post JSON to the API with the session cookie. Problems are shown next to their field;
// a 409 (someone else changed the case) keeps the user's input across a reload.
(function () {
  function value(form, el) {
    const type = el.dataset.type;
    if (type === "array") return Array.from(form.querySelectorAll(`[name="${el.name}"]:checked`)).map(x => x.value);
    if (type === "lines") return el.value.split(/\r?\n/).map(s => s.trim()).filter(Boolean);
    if (type === "int") return el.value === "" ? null : parseInt(el.value, 10);
    if (type === "number") return el.value.trim() === "" ? null : Number(el.value.trim()); // NaN is sent as null: the API says what is missing
    if (type === "bool") return el.value === "" ? null : el.value === "true"; // "请选择": no default answer
    // a datetime-local field is Beijing time (business time of the app)
    if (type === "datetime") return el.value === "" ? null : (el.value.length === 16 ? el.value + ":00" : el.value) + "+08:00";
    if (type === "checkbox") return el.checked;
    if (type === "files") return JSON.parse(el.dataset.hashes || "[]"); // uploaded before the form is sent (upload below)
    return el.value === "" ? null : el.value;
  }
  function body(form) {
    const data = {};
    for (const el of form.elements) {
      if (!el.name) continue;
      // "complainant.name" becomes { complainant: { name } }
      const path = el.name.split(".");
      let target = data;
      for (const key of path.slice(0, -1)) target = target[key] = target[key] || {};
      const leaf = path[path.length - 1];
      if (!(leaf in target)) target[leaf] = value(form, el);
    }
    return data;
  }
  function restore(form) {
    const saved = sessionStorage.getItem("draft:" + location.pathname + ":" + form.id);
    if (!saved) return;
    sessionStorage.removeItem("draft:" + location.pathname + ":" + form.id);
    const data = JSON.parse(saved);
    for (const el of form.elements) {
      if (!el.name || el.name === "version" || !(el.name in data)) continue;
      if (el.type === "file") { // files already stored (a step from the offline queue): sent by hash unless others are chosen
        if (Array.isArray(data[el.name]) && data[el.name].length) {
          el.dataset.hashes = JSON.stringify(data[el.name]);
          const slot = form.querySelector(`.err[data-for="${el.name}"]`);
          if (slot) slot.textContent = `已附 ${data[el.name].length} 个离线时选择的文件。`;
        }
        continue;
      }
      if (el.type === "checkbox") el.checked = (data[el.name] || []).includes(el.value);
      else if (Array.isArray(data[el.name])) el.value = data[el.name].join("\n");
      else el.value = data[el.name] ?? "";
    }
    const box = form.querySelector(".problem");
    box.textContent = "该案件已被他人修改，页面已刷新为最新内容，您填写的内容已保留，请核对后重新提交。";
    box.hidden = false;
  }
  // A working-day count previews its due date from the server's list (data-due-dates: one date per count, "?" = provisional).
  document.querySelectorAll("input[data-due-dates]").forEach(input => {
    const dates = input.dataset.dueDates.split(","), out = document.getElementById(input.getAttribute("aria-describedby"));
    input.addEventListener("input", () => {
      const n = parseInt(input.value, 10), d = dates[n - 1];
      out.textContent = d ? `按 ${n} 个工作日计算，今日下达的整改截止日期为 ${d.slice(0, 4)}年${+d.slice(5, 7)}月${+d.slice(8, 10)}日${d.endsWith("?") ? "（暂定：该年度节假日安排未公布）" : ""}。` : "";
    });
  });
  // Offline (issue 16 §2): the service worker keeps the inspector's pages opened online; without a network the page says so.
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js").catch(() => {});
  const offlineBox = document.getElementById("offline");
  function showNetwork() { if (offlineBox) offlineBox.hidden = navigator.onLine; }
  window.addEventListener("online", showNetwork);
  window.addEventListener("offline", showNetwork);
  showNetwork();
  // The success message of the step just done, carried across the reload or redirect (sessionStorage: this tab only).
  const flash = sessionStorage.getItem("flash"), flashBox = document.getElementById("flash");
  if (flash && flashBox) { sessionStorage.removeItem("flash"); flashBox.textContent = flash; flashBox.hidden = false; }
  function success(form, json) {
    // Any document number the answer names (documentNumber, decisionNumber, noticeNumber, receiptNumber …).
    const numbers = Object.entries(json || {}).filter(([k, v]) => /Number$/.test(k) && typeof v === "string" && v).map(([, v]) => v);
    return form.dataset.success + (numbers.length ? "编号：" + numbers.join("、") + "。" : "");
  }
  // A file field (data-type="files"): each chosen file goes to the file store first (POST /api/files, with the device's time);
  // the form then sends their SHA-256. A refused file (413 too large, 415 type) is shown at the field and nothing is sent.
  async function upload(form) {
    for (const el of form.querySelectorAll('input[type=file][data-type=files]')) {
      if (el.files.length === 0 && el.dataset.hashes) continue; // stored already (restored from the offline queue)
      const hashes = [];
      for (const file of el.files) {
        const data = new FormData();
        data.append("capturedAt", new Date(file.lastModified || Date.now()).toISOString());
        data.append("file", file, file.name);
        const res = await fetch("/api/files", { method: "POST", credentials: "same-origin", headers: { "Accept": "application/json" }, body: data });
        const json = await res.json().catch(() => ({}));
        if (!res.ok) return { errors: { [el.name]: [json.detail_zh || ("上传失败（" + res.status + "）")] }, detail_zh: `${file.name}：${json.detail_zh || ("上传失败（" + res.status + "）")}` };
        hashes.push(json.sha256);
      }
      el.dataset.hashes = JSON.stringify(hashes);
    }
    return null;
  }
  document.querySelectorAll("form.api").forEach(form => {
    restore(form);
    form.addEventListener("submit", async e => {
      e.preventDefault();
      form.querySelectorAll(".err").forEach(x => x.textContent = "");
      form.querySelectorAll("[aria-invalid]").forEach(x => x.removeAttribute("aria-invalid"));
      const box = form.querySelector(".problem");
      box.hidden = true;
      // Without a network a step on site (data-offline) waits in this browser's queue (offline.js); any other is not sent.
      const noNetwork = async () => {
        if (form.dataset.offline === "true" && window.SupervisionOffline) {
          await window.SupervisionOffline.queue(form, body(form));
          form.reset();
          form.querySelectorAll("input[data-hashes]").forEach(x => delete x.dataset.hashes);
          if (flashBox) { flashBox.textContent = "已保存在本设备，联网后自动提交。可在“待同步”查看。"; flashBox.hidden = false; }
          return;
        }
        box.textContent = "当前无网络连接，未能提交。您填写的内容仍在页面上，请联网后重新提交。"; box.hidden = false;
      };
      if (!navigator.onLine) { await noNetwork(); return; }
      let refused, data, res;
      try {
        refused = await upload(form);
        data = body(form);
        res = refused ? { ok: false, status: 413 } : await fetch(form.dataset.api, { method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json", "Accept": "application/json" }, body: JSON.stringify(data) });
      } catch { await noNetwork(); return; } // the network went away while sending
      const json = refused || await res.json().catch(() => ({}));
      if (res.ok && form.dataset.result) {
        const box = document.getElementById(form.dataset.result);
        // Each [data-field] shows that field of the answer (a receipt number and query code, an activation code): shown once.
        for (const el of box.querySelectorAll("[data-field]")) el.textContent = json[el.dataset.field] ?? "";
        box.hidden = false;
        form.hidden = true;
        return;
      }
      if (res.ok) {
        sessionStorage.setItem("flash", success(form, json));
        // reload(), not location.href = location.href: that only scrolls when the URL has a #fragment (/rectifications/…#order)
        if (form.dataset.redirect) location.href = form.dataset.redirect.replace("{id}", json.id); else location.reload();
        return;
      }
      if (res.status === 409 && json.code === "stale_version") {
        sessionStorage.setItem("draft:" + location.pathname + ":" + form.id, JSON.stringify(data));
        location.reload();
        return;
      }
      let placed = false;
      for (const [field, messages] of Object.entries(json.errors || {})) {
        const slot = form.querySelector(`.err[data-for="${field}"]`);
        if (slot) {
          slot.textContent = json.detail_zh || messages.join("；"); placed = true;
          // tie the problem to its field, so a screen reader reads it with the field
          const input = form.querySelector(`[name="${field}"]`);
          if (!slot.id) slot.id = `${form.id}-err-${field.replace(/\W/g, "-")}`; // unique: two forms may share a field name
          if (input) { input.setAttribute("aria-invalid", "true"); const ids = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
            if (!ids.includes(slot.id)) input.setAttribute("aria-describedby", [...ids, slot.id].join(" ")); }
        }
      }
      if (!placed) { box.textContent = json.detail_zh || ("操作失败（" + res.status + "）"); box.hidden = false; }
    });
  });
})();
