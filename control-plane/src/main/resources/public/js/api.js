// Talks to the control plane's JSON API. Admin calls carry the API key kept in sessionStorage;
// a 401 asks the operator for the key (once, shared by concurrent calls) and retries.

const KEY_STORAGE = 'backtide.apiKey';

/** An error answer from the server: status plus its `{error, detail}` body. */
export class ApiError extends Error {
  constructor(status, error, detail) {
    super(detail ? `${error}: ${detail}` : error);
    this.status = status;
    this.error = error;
    this.detail = detail;
  }
}

/** Set once a data route answered 401: the server runs with API_READ_AUTH=true. */
export const auth = { dataNeedsKey: false };

let askForKey = async () => null;
let pendingAsk = null;

/** Sets the function that prompts for a key; it resolves to the key or null if dismissed. */
export function onKeyNeeded(prompt) {
  askForKey = prompt;
}

export function storedKey() {
  return sessionStorage.getItem(KEY_STORAGE);
}

export function forgetKey() {
  sessionStorage.removeItem(KEY_STORAGE);
}

async function send(method, path, body, key) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (key) headers['X-API-Key'] = key;
  return fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
  });
}

async function errorOf(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: fall back to the status line
  }
  const error = body && body.error ? body.error : `HTTP ${response.status}`;
  const detail = body && body.detail ? body.detail : response.statusText;
  return new ApiError(response.status, error, detail);
}

async function newKey(refused) {
  if (!pendingAsk) {
    pendingAsk = askForKey(refused).finally(() => {
      pendingAsk = null;
    });
  }
  return pendingAsk;
}

/** Sends a request and returns the parsed JSON body; throws ApiError for any non-2xx answer. */
export async function request(method, path, body) {
  let key = storedKey();
  let response = await send(method, path, body, key);
  while (response.status === 401) {
    if (path.startsWith('/data/')) auth.dataNeedsKey = true;
    const refusedKey = key;
    key = await newKey(Boolean(refusedKey));
    if (!key) throw await errorOf(response);
    sessionStorage.setItem(KEY_STORAGE, key);
    response = await send(method, path, body, key);
    if (response.status === 401 && storedKey() === key) forgetKey();
  }
  if (!response.ok) throw await errorOf(response);
  return response.status === 204 ? null : response.json();
}

/**
 * Downloads a data file with the API key (a plain link cannot send the header) and hands it to
 * the browser as a blob; used only when the server protects data routes.
 */
export async function downloadWithKey(href, filename) {
  let response = await send('GET', href, undefined, storedKey());
  if (response.status === 401) {
    const key = await newKey(true);
    if (key) sessionStorage.setItem(KEY_STORAGE, key);
    response = await send('GET', href, undefined, key);
  }
  if (!response.ok) throw await errorOf(response);
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const api = {
  feeds: () => request('GET', '/reports/backfill/feeds'),
  jobs: (limit = 25) => request('GET', `/reports/backfill/jobs?limit=${limit}`),
  job: (id) => request('GET', `/reports/backfill/jobs/${encodeURIComponent(id)}`),
  start: (body) => request('POST', '/reports/backfill', body),
  cancel: (id) => request('POST', `/reports/backfill/jobs/${encodeURIComponent(id)}/cancel`),
  resume: (id) => request('POST', `/reports/backfill/jobs/${encodeURIComponent(id)}/resume`),
  index: () => request('GET', '/data/backfill/index'),
  gaps: (feed, start, end) => request('GET', `/reports/backfill/feeds/${feed}/gaps?start=${start}&end=${end}`),
  bulks: (limit = 1) => request('GET', `/reports/backfill/bulk?limit=${limit}`),
  startBulk: (body) => request('POST', '/reports/backfill/bulk', body),
};
