// The service worker of a debug build (`trunk serve`): it removes itself. A release build
// served earlier from the same origin (scripts/serve and `trunk serve` both use 127.0.0.1:8080)
// left a worker that would keep answering with the old page; the browser fetches this file
// when it checks that worker for an update, and this one takes over, deletes the page's caches,
// unregisters and reloads the open tabs from the network. offline/build.mjs writes it.
const PREFIX = `scim-suite-runner ${self.registration.scope} `;

self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((n) => n.startsWith(PREFIX)).map((n) => caches.delete(n)));
      await self.registration.unregister();
      const tabs = await self.clients.matchAll({ type: 'window' });
      await Promise.all(tabs.map((tab) => tab.navigate(tab.url).catch(() => {})));
    })(),
  );
});
