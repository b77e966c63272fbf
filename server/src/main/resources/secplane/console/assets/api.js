// The operator API, same origin, authenticated by the console's session cookie.
// Every call carries X-Secplane-Console: 1: the server refuses a cookie-authenticated
// non-GET request without it, so a form posted from another site (which cannot set
// custom headers without a CORS preflight) cannot act in the operator's name.

/** A call that did not succeed: the HTTP status (0 when the server was not reached), the server's error code and message. */
export class ApiFailure extends Error {
  constructor(status, code, message, body) {
    super(message);
    this.name = 'ApiFailure';
    this.status = status;
    this.code = code;
    this.body = body || null;
  }
}

let unauthorized = () => {};

/** Sets what happens when a call answers 401 (the shell shows the login view). */
export function onUnauthorized(fn) {
  unauthorized = fn;
}

/** path with the query parameters that have a value (null, undefined and '' are left out). */
export function url(path, params) {
  if (!params) {
    return path;
  }
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || v === '') {
      continue;
    }
    if (Array.isArray(v)) {
      v.forEach((x) => q.append(k, String(x)));
    } else {
      q.append(k, String(v));
    }
  }
  const s = q.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

async function request(method, path, { params, body, signal, quiet } = {}) {
  const headers = { 'X-Secplane-Console': '1', Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin', signal, cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(url(path, params), init);
  } catch (e) {
    if (e && e.name === 'AbortError') {
      throw new ApiFailure(0, 'aborted', 'the request was cancelled');
    }
    throw new ApiFailure(0, 'network', `the control plane could not be reached (${e && e.message ? e.message : e})`);
  }
  const text = await res.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      data = null;
    }
  }
  if (!res.ok) {
    const code = data && typeof data.error === 'string' ? data.error : `http-${res.status}`;
    const message = data && typeof data.message === 'string' ? data.message : (res.statusText || `HTTP ${res.status}`);
    const failure = new ApiFailure(res.status, code, message, data);
    if (res.status === 401 && !quiet) {
      unauthorized(failure);
    }
    throw failure;
  }
  if (data === null && text) {
    throw new ApiFailure(res.status, 'not-json', `${method} ${path} answered something that is not JSON`);
  }
  return data;
}

/**
 * An API bound to an AbortSignal: the shell gives each page one whose calls are cancelled when
 * the page is left, so that a slow answer never lands on the next page.
 */
export function bind(signal) {
  return {
    get: (path, params) => request('GET', path, { params, signal }),
    post: (path, body, params) => request('POST', path, { body, params, signal }),
    put: (path, body, params) => request('PUT', path, { body, params, signal }),
    del: (path, params) => request('DELETE', path, { params, signal }),
    url,
  };
}

export const get = (path, params) => request('GET', path, { params });
export const post = (path, body, params) => request('POST', path, { body, params });
export const put = (path, body, params) => request('PUT', path, { body, params });
export const del = (path, params) => request('DELETE', path, { params });

/** The signed-in operator {id, name, role}, or null when there is no session. */
export async function session() {
  try {
    return await request('GET', '/console/session', { quiet: true });
  } catch (e) {
    if (e instanceof ApiFailure && e.status === 401) {
      return null;
    }
    throw e;
  }
}

/** Signs in with an operator token; the server answers the principal and sets the session cookie. */
export function login(token) {
  return request('POST', '/console/session', { body: { token }, quiet: true });
}

export function logout() {
  return request('DELETE', '/console/session', { quiet: true });
}
