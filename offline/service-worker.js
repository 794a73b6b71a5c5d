// The page's service worker: keeps the page and every file of it (on-demand ones included) in
// one cache per build, so that a reload works with the network off after one visit.
// offline/build.mjs fills in __VERSION__ (a hash of the file list and contents) and __FILES__
// (every file of the build, relative to this script) and writes it to the site's root
// directory. It answers exactly those files, cache first, and nothing else: requests to the
// server under test, to other origins or to other paths of this host go to the network as if
// there were no service worker, and nothing is ever written to the cache but the build's own
// files.
const VERSION = __VERSION__;
const FILES = __FILES__;

// The scope is in the name: two copies of the page on one host (/a/ and /b/) share the origin's
// caches, and one must never delete the other's.
const PREFIX = `scim-suite-runner ${self.registration.scope} `;
const CACHE = PREFIX + VERSION;
const PAGE = new URL('./', self.location).href;
const INDEX = new URL('index.html', self.location).href;
const PRECACHED = new Set(FILES.map((file) => new URL(file, self.location).href));

// A file named with a content hash (Trunk's `-85ab30f94b86977_bg.wasm`: hex without leading
// zeros) never changes, so a copy in the HTTP cache is good; any other file (index.html,
// suites/) is revalidated, or a stale copy would pass for this build.
const HASHED = /-[0-9a-f]{12,16}(?:_bg)?\.\w+$/;

/** A response a navigation may use: browsers refuse a redirected one served by a worker. */
async function storable(response) {
  if (!response.redirected) return response;
  return new Response(await response.blob(), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

async function precache() {
  const cache = await caches.open(CACHE);
  await Promise.all(
    FILES.map(async (file) => {
      const response = await fetch(file, { cache: HASHED.test(file) ? 'default' : 'no-cache' });
      if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
      await cache.put(file, await storable(response));
    }),
  );
  // The directory's own URL is how the page is usually opened; index.html is what it answers.
  await cache.put(PAGE, (await cache.match(INDEX)).clone());
}

/**
 * Where the browser can route requests without this worker (static routing, Chrome 123 and
 * later): every request outside the page's directory goes straight to the network. A fetch
 * handler is otherwise woken for every request the page sends, each of the run's requests to
 * the server under test included, and passes them on only after that round trip.
 */
async function routeAroundWorker(event) {
  if (typeof event.addRoutes !== 'function' || typeof URLPattern !== 'function') return;
  const scope = new URL(self.registration.scope);
  const ours = new URLPattern({
    protocol: scope.protocol.slice(0, -1),
    hostname: scope.hostname,
    port: scope.port,
    pathname: `${scope.pathname}*`,
  });
  // An older router without `not` refuses the rule; the fetch handler below still decides.
  await event.addRoutes([{ condition: { not: { urlPattern: ours } }, source: 'network' }]).catch(() => {});
}

self.addEventListener('install', (event) => {
  // Until every file is in, the install fails and the browser tries again on a later visit.
  event.waitUntil(Promise.all([routeAroundWorker(event), precache()]));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n)));
      // On the first visit, take the open page too, so its on-demand files come from the cache.
      await self.clients.claim();
    })(),
  );
});

// The page's "Reload" button: the new build replaces the old one now rather than when every
// tab of the old one has closed.
self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

/** The cache key for a request this worker answers, or null for one it leaves alone. */
function precachedKey(request) {
  if (request.method !== 'GET') return null;
  const url = new URL(request.url);
  url.hash = '';
  // The page itself, opened with a query (`?utm_source=…`), is still the page.
  if (request.mode === 'navigate' && (url.origin + url.pathname === PAGE || url.origin + url.pathname === INDEX)) {
    return INDEX;
  }
  return PRECACHED.has(url.href) ? url.href : null;
}

self.addEventListener('fetch', (event) => {
  const key = precachedKey(event.request);
  if (key === null) return;
  event.respondWith(
    (async () => {
      const cached = await caches.match(key, { cacheName: CACHE });
      return cached ?? fetch(event.request);
    })(),
  );
});
