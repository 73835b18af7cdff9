/**
 * Cowork's service worker: keeps the app shell so the installed window opens (and says
 * "Reconnecting…") while the daemon is down. The build fills in VERSION (a hash of the bundle's
 * file names, which carry their content hashes) and SHELL (index.html's own scripts and styles).
 *
 * - Pages are fetched from the daemon first, always: after an upgrade the new shell is what loads,
 *   and a signed-out browser gets the login page. The cached shell is only for when the daemon
 *   does not answer.
 * - /assets/ files are named by their content hash, so a cached one is never stale.
 * - /api/, /auth/ and /oauth/ are never touched (nor the WebSocket, which no service worker sees);
 *   nothing here holds or reads a token.
 */
const VERSION = '__COWORK_VERSION__';
const SHELL = __COWORK_SHELL__;
const CACHE = `cowork-shell-${VERSION}`;
const UNCACHED = ['/api/', '/auth/', '/oauth/'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await Promise.all(SHELL.map((url) => fetchAndKeep(cache, new Request(url), url)));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (UNCACHED.some((prefix) => url.pathname.startsWith(prefix))) return;
  if (request.mode === 'navigate') return event.respondWith(page(request));
  if (url.pathname.startsWith('/assets/')) return event.respondWith(hashed(request));
  event.respondWith(networkFirst(request, request));
});

/** Every page is the one shell (client-side routes): kept under '/', served only when offline. */
function page(request) {
  return networkFirst(request, '/');
}

async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  try {
    return await fetchAndKeep(cache, request, key);
  } catch (err) {
    const kept = await cache.match(key);
    if (kept) return kept;
    throw err;
  }
}

async function hashed(request) {
  const cache = await caches.open(CACHE);
  return (await cache.match(request)) ?? fetchAndKeep(cache, request, request);
}

/** Fetches; keeps only a plain 200 (never the login page's 401, a redirect or an error). */
async function fetchAndKeep(cache, request, key) {
  const response = await fetch(request);
  if (response.status === 200 && response.type === 'basic') await cache.put(key, response.clone());
  return response;
}
