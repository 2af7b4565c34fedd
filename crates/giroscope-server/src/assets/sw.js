// The service worker: after the first visit the page and its module load from this cache, so
// the page opens and checks in airplane mode. VERSION is a hash of every file of the site
// (written in when the site is made), so a changed file changes this script: the browser
// finds that on the next visit, installs the new files beside the old ones, and the page
// uses them from then on.
//
// The full module (PDF, TIFF and WebP, 5.4 MB) and the builds for browsers without
// WebAssembly SIMD are not fetched ahead: a photo check downloads only what it needs. Each is
// kept once it was needed.
const VERSION = '{{version}}';
const CACHE = `giroscope-${VERSION}`;
const FILES = {{files}};
const LATER = {{later}};

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // Revalidated with the server, not taken from the browser's HTTP cache unasked: the
    // files of this version, without a second download of what the page has just fetched.
    await cache.addAll(FILES.map((file) => new Request(file, { cache: 'no-cache' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('giroscope-') && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

/** The file a request asks for, relative to this worker's folder; null for anything else. */
function fileOf(request) {
  if (request.method !== 'GET') return null;
  const url = new URL(request.url);
  const base = new URL('./', self.location.href);
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) return null;
  const file = url.pathname.slice(base.pathname.length);
  // The page under any ?lang=…: the same file, which picks its language itself.
  if (request.mode === 'navigate' && (file === '' || file === 'index.html')) return './';
  if (FILES.includes(file) || LATER.includes(file)) return file;
  return null;
}

self.addEventListener('fetch', (event) => {
  const file = fileOf(event.request);
  if (file === null) return; // the server's API and anything else: not ours
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(file);
    if (hit) return hit;
    const response = await fetch(event.request);
    if (response.ok && LATER.includes(file)) await cache.put(file, response.clone());
    return response;
  })());
});
