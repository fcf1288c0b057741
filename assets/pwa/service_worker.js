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
