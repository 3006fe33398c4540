// The inspector's phone without a signal (issue 16 §2): the pages of the inspector's own cases that were opened online —
// the workbench, inspections, rectifications, units — are kept on the device and shown when the network is gone, with a
// banner saying they are as of the last visit. Everything else goes to the network as before. Network first: online, a
// page is always the server's current one. Logging out (the login page) empties the kept pages: the next user of the
// device does not see them.
const VERSION = "v1";
const SHELL = "supervision-shell-" + VERSION;
const PAGES = "supervision-pages";
const SHELL_FILES = ["/app.css", "/app.js", "/offline.js", "/boards.css", "/favicon.svg", "/manifest.webmanifest", "/offline.html"];
// Only these pages are kept: an inspector's work on site. Complaints (a complainant's identity) and sanction cases never are.
const KEPT = [/^\/$/, /^\/inspections\/[0-9a-f-]{36}$/, /^\/rectifications\/[0-9a-f-]{36}$/, /^\/units\/[0-9a-f-]{36}$/, /^\/sync$/];

self.addEventListener("install", event => {
  event.waitUntil(caches.open(SHELL).then(cache => cache.addAll(SHELL_FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", event => {
  event.waitUntil(caches.keys()
    .then(keys => Promise.all(keys.filter(k => k.startsWith("supervision-shell-") && k !== SHELL).map(k => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", event => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") { event.respondWith(page(request, url)); return; }
  if (SHELL_FILES.includes(url.pathname)) event.respondWith(shell(request));
});

async function page(request, url) {
  try {
    const response = await fetch(request);
    if (url.pathname === "/login") await caches.delete(PAGES); // logged out, or a session that ended
    else if (response.ok && !response.redirected && KEPT.some(k => k.test(url.pathname)))
      await (await caches.open(PAGES)).put(url.pathname, response.clone());
    return response;
  } catch {
    // No network: the page as last seen (app.js shows the offline banner), or the offline page.
    const kept = await (await caches.open(PAGES)).match(url.pathname);
    if (kept) return kept;
    return (await caches.match("/offline.html")) || Response.error();
  }
}

// Scripts and styles: the network when it answers (so a deployment is picked up at once), else the kept copy.
async function shell(request) {
  try {
    const response = await fetch(request);
    if (response.ok) await (await caches.open(SHELL)).put(request, response.clone());
    return response;
  } catch {
    return (await caches.match(request, { ignoreSearch: true })) || Response.error();
  }
}
