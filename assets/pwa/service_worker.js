// Relais service worker: keeps the app shell on the device so a repeat visit
// loads without the network, and swaps it cleanly when a new release ships.
//
// app/web_shell.py fills in the three placeholders; the release id changes
// whenever any shell file changes, which makes this script differ byte for
// byte, which is what makes the browser install the new worker.
"use strict";

const RELEASE = "__RELEASE__";
const RELEASE_BASE = "/_v/" + RELEASE + "/";
const CACHE_PREFIX = "relais-shell-";
const CACHE = CACHE_PREFIX + RELEASE;
const PRECACHE = __PRECACHE__;
const FIXED_URLS = new Set(__FIXED_URLS__);
const APP_PAGE = "/";
// On a flaky connection, show the stored app rather than a blank page.
const NAVIGATION_TIMEOUT_MS = 4000;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    // Every older release goes at once: nobody keeps running a stale client.
    for (const name of await caches.keys()) {
      if (name.startsWith(CACHE_PREFIX) && name !== CACHE) await caches.delete(name);
    }
    if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
    await self.clients.claim();
    for (const client of await self.clients.matchAll({ type: "window" })) {
      client.postMessage({ type: "relais-release", release: RELEASE });
    }
  })());
});

self.addEventListener("message", (event) => {
  // The page lists the engine files it loaded (they differ between browsers):
  // keep them, from the HTTP cache they were just stored in.
  if (event.data && event.data.type === "relais-keep" && Array.isArray(event.data.urls)) {
    event.waitUntil(keep(event.data.urls));
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(appPage(event));
  } else if (url.pathname.startsWith(RELEASE_BASE) || FIXED_URLS.has(url.pathname)) {
    event.respondWith(cacheFirst(request));
  }
});

async function keep(urls) {
  const cache = await caches.open(CACHE);
  for (const address of urls) {
    const url = new URL(address, self.location.origin);
    if (url.origin !== self.location.origin || !url.pathname.startsWith(RELEASE_BASE)) continue;
    if (await cache.match(url.pathname, { ignoreVary: true })) continue;
    try {
      await cache.add(url.pathname);
    } catch (error) {
      // Next visit caches it on the way through instead.
    }
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request, { ignoreVary: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.status === 200) await cache.put(request, response.clone());
  return response;
}

async function appPage(event) {
  const cache = await caches.open(CACHE);
  try {
    const response = await withTimeout(networkPage(event), NAVIGATION_TIMEOUT_MS);
    // Store only a page of this release: its files are the ones in this cache.
    if (response.ok && response.headers.get("X-Relais-Release") === RELEASE) {
      await cache.put(APP_PAGE, response.clone());
    }
    return response;
  } catch (error) {
    const cached = await cache.match(APP_PAGE, { ignoreVary: true });
    if (cached) return cached;
    throw error;
  }
}

async function networkPage(event) {
  const preloaded = await event.preloadResponse;
  return preloaded || fetch(event.request);
}

function withTimeout(promise, milliseconds) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), milliseconds);
    promise.then(
      (value) => { clearTimeout(timer); resolve(value); },
      (error) => { clearTimeout(timer); reject(error); }
    );
  });
}

// -- Notifications (DESIGN.md decision 11) ------------------------------------
// Every push shows a notification: a browser revokes a subscription whose
// pushes show nothing. The payload names a kind of event and where to go,
// never what anyone wrote; its tag is the outbox row, so a push sent twice
// replaces the first instead of showing twice.
const NOTIFICATION_HOME = "/home";
const NOTIFICATION_SETTINGS = "/home/profile/notifications";

function sameOriginPath(address) {
  try {
    const url = new URL(address, self.location.origin);
    return url.origin === self.location.origin ? url.pathname : NOTIFICATION_HOME;
  } catch (error) {
    return NOTIFICATION_HOME;
  }
}

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = {};
  }
  event.waitUntil(self.registration.showNotification(data.title || "Relais", {
    body: typeof data.body === "string" ? data.body : "",
    tag: typeof data.tag === "string" ? data.tag : "relais",
    icon: "/icons/icon-192.png",
    badge: "/icons/icon-maskable-192.png",
    data: { url: sameOriginPath(data.url || NOTIFICATION_HOME) },
    // Every notification's way to stop them: its settings, one tap away.
    actions: typeof data.settings === "string" && data.settings
      ? [{ action: "settings", title: data.settings }] : [],
  }));
});

// A tap opens Relais where the notification points: in the open window if
// there is one (navigated there and brought forward), else in a new one.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const address = event.action === "settings" ? NOTIFICATION_SETTINGS
    : event.notification.data && event.notification.data.url;
  const target = new URL(sameOriginPath(address), self.location.origin).href;
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
    if (!open) {
      await self.clients.openWindow(target);
      return;
    }
    try {
      await open.focus();
    } catch (error) {
      // Focus needs the click's permission; navigating does not.
    }
    try {
      await open.navigate(target);
    } catch (error) {
      // Not under this worker's control (yet): the page goes there itself (push.js).
      open.postMessage({ type: "relais-open", url: target });
    }
  })());
});
