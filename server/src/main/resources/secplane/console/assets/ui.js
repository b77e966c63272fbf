// DOM building blocks. Data only ever reaches the page as text nodes and attribute values,
// never through innerHTML, so an event's evidence (which is attacker input by definition)
// cannot become markup (OWASP XSS Prevention Cheat Sheet, rule #1 and "safe sinks").

import { t, has, fmtTime, fmtRelative, fmtNumber } from './i18n.js';

const ECHARTS = '/webjars/echarts/5.3.1/dist/echarts.esm.min.js';

/**
 * el('div', {class: 'x', 'data-test': 'y', onclick: fn, hidden: true}, 'text', child, [more])
 * Strings become text nodes; null, undefined and false children are skipped; arrays are flattened.
 * Attributes: class, text, on<event> (a function), boolean true (present) / false or null (absent),
 * anything else as a string attribute. A property (value, checked, disabled...) with prop: {…}.
 */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) {
        continue;
      }
      if (k === 'class') {
        node.className = Array.isArray(v) ? v.filter(Boolean).join(' ') : v;
      } else if (k === 'text') {
        node.textContent = String(v);
      } else if (k === 'prop') {
        Object.assign(node, v);
      } else if (k.startsWith('on') && typeof v === 'function') {
        node.addEventListener(k.slice(2).toLowerCase(), v);
      } else if (v === true) {
        node.setAttribute(k, '');
      } else {
        node.setAttribute(k, String(v));
      }
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) {
      continue;
    }
    if (Array.isArray(c)) {
      append(node, c);
    } else if (c instanceof Node) {
      node.appendChild(c);
    } else {
      node.appendChild(document.createTextNode(String(c)));
    }
  }
}

/** Removes every child of node and appends the given ones. */
export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** A translated value (a state, a verdict) when a message exists for prefix.value, the raw value otherwise. */
export function label(prefix, value) {
  if (value === null || value === undefined || value === '') {
    return '—';
  }
  const key = `${prefix}.${value}`;
  return has(key) ? t(key) : String(value);
}

const BADGE_KIND = {
  applied: 'ok', active: 'ok', done: 'ok', allow: 'ok', ok: 'ok', closed: 'ok', patched: 'info',
  pending: 'warn', running: 'info', 'waiting-for-class': 'warn', paused: 'warn', observe: 'info', rewrite: 'info', open: 'warn',
  failed: 'bad', block: 'bad', aborted: 'bad', quarantined: 'bad', error: 'bad',
  stale: 'muted', superseded: 'muted', 'out-of-scope': 'muted', revoked: 'muted',
};

/** A coloured badge for a state or verdict; the text is translated (state.<value>), data-state keeps the raw value. */
export function badge(value, kind) {
  const k = kind || BADGE_KIND[value] || 'muted';
  return el('span', { class: `badge badge-${k}`, 'data-state': value }, label('state', value));
}

/** A time as "3 minutes ago", the exact time in the browser's zone on hover. */
export function relTime(v) {
  if (v === null || v === undefined || v === '') {
    return el('span', { class: 'muted' }, '—');
  }
  const iso = typeof v === 'number' ? new Date(v).toISOString() : String(v);
  return el('time', { datetime: iso, title: fmtTime(v) }, fmtRelative(v));
}

/** A time in the browser's zone, the relative time on hover. */
export function absTime(v) {
  if (v === null || v === undefined || v === '') {
    return el('span', { class: 'muted' }, '—');
  }
  const iso = typeof v === 'number' ? new Date(v).toISOString() : String(v);
  return el('time', { datetime: iso, title: fmtRelative(v) }, fmtTime(v));
}

/** A loading indicator (role=status so screen readers announce it). */
export function loading(text) {
  return el('div', { class: 'loading', role: 'status' }, el('span', { class: 'spinner', 'aria-hidden': 'true' }), text || t('common.loading'));
}

/** What to show where a list has nothing: a sentence, and optionally what to do about it. */
export function emptyState(text, hint) {
  return el('div', { class: 'empty' }, el('p', null, text || t('common.empty')), hint ? el('p', { class: 'muted' }, hint) : null);
}

/**
 * A table with a sticky header.
 * columns: [{key, titleKey, render(row) -> node|string, num: true (right-aligned), className}]
 * rows: objects; testId: the table's data-test; rowTestId: each row's data-test;
 * rowAttrs(row): more attributes for the row (data-agent-id…); onRow(row, tr): click / Enter on a row;
 * empty: node or text shown when there are no rows; selected(row): whether the row is marked selected.
 */
export function table({ columns, rows, testId, rowTestId, rowAttrs, onRow, empty, selected, caption }) {
  const head = el('thead', null, el('tr', null, columns.map((c) => el('th', {
    scope: 'col', class: c.num ? 'num' : null, title: c.hintKey ? t(c.hintKey) : null,
  }, c.titleKey ? t(c.titleKey) : (c.title || '')))));
  const body = el('tbody');
  if (!rows || rows.length === 0) {
    body.appendChild(el('tr', { class: 'empty-row' }, el('td', { colspan: columns.length },
      empty instanceof Node ? empty : emptyState(empty))));
  } else {
    for (const row of rows) {
      body.appendChild(tableRow({ columns, row, rowTestId, rowAttrs, onRow, selected }));
    }
  }
  const tbl = el('table', { class: ['data', onRow ? 'clickable' : null], 'data-test': testId },
    caption ? el('caption', { class: 'sr-only' }, caption) : null, head, body);
  return el('div', { class: 'table-wrap' }, tbl);
}

/** One row as table() makes it, for pages that add rows to an existing table (live streams). */
export function tableRow({ columns, row, rowTestId, rowAttrs, onRow, selected }) {
  const attrs = Object.assign({ 'data-test': rowTestId }, rowAttrs ? rowAttrs(row) : {});
  if (selected && selected(row)) {
    attrs.class = 'selected';
    attrs['aria-selected'] = 'true';
  }
  if (onRow) {
    attrs.tabindex = '0';
  }
  const tr = el('tr', attrs, columns.map((c) => {
    const v = c.render ? c.render(row) : row[c.key];
    return el('td', { class: [c.num ? 'num' : null, c.className] }, v === null || v === undefined || v === '' ? '—' : v);
  }));
  if (onRow) {
    tr.addEventListener('click', (e) => {
      if (e.target.closest('a, button, input, select, textarea')) {
        return;
      }
      onRow(row, tr);
    });
    tr.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        onRow(row, tr);
      }
    });
  }
  return tr;
}

/**
 * Paging controls for server-side paging. With cursors: hasPrev/hasNext and onPrev/onNext;
 * info: a text such as "rows 1–100". onMore alone gives a single "load older" button.
 */
export function pager({ hasPrev, hasNext, onPrev, onNext, onMore, info, testId, moreKey }) {
  if (onMore) {
    return el('div', { class: 'pager', 'data-test': testId },
      info ? el('span', { class: 'muted' }, info) : null,
      hasNext === false ? null : el('button', { type: 'button', class: 'btn', onclick: onMore, 'data-test': testId ? `${testId}-more` : null },
        t(moreKey || 'common.loadMore')));
  }
  return el('div', { class: 'pager', 'data-test': testId },
    el('button', { type: 'button', class: 'btn', disabled: !hasPrev, onclick: onPrev, 'data-test': testId ? `${testId}-prev` : null }, t('common.previous')),
    info ? el('span', { class: 'muted' }, info) : null,
    el('button', { type: 'button', class: 'btn', disabled: !hasNext, onclick: onNext, 'data-test': testId ? `${testId}-next` : null }, t('common.next')));
}

// ECharts instances of the current page; the shell disposes them when the page is left.
const charts = new Set();
let echartsModule = null;
let resizeObserver = null;

function echartsLib() {
  if (!echartsModule) {
    echartsModule = import(ECHARTS).catch((e) => {
      echartsModule = null;
      throw e;
    });
  }
  return echartsModule;
}

/**
 * Draws option in container with ECharts (the container's existing chart is updated in place).
 * Resized with the window, disposed when the page is left. Resolves to the ECharts instance.
 */
export async function chart(container, option) {
  const echarts = await echartsLib();
  if (!container.isConnected) {
    return null; // the page was left while the library loaded
  }
  let instance = echarts.getInstanceByDom(container);
  if (!instance) {
    instance = echarts.init(container, null, { renderer: 'canvas' });
    charts.add(instance);
    if (!resizeObserver) {
      resizeObserver = new ResizeObserver((entries) => {
        for (const e of entries) {
          const i = echarts.getInstanceByDom(e.target);
          if (i) {
            i.resize();
          }
        }
      });
    }
    resizeObserver.observe(container);
  }
  const opts = Object.assign({ animation: false, textStyle: { fontFamily: 'inherit' } }, option);
  // Tooltips drawn as rich text on the canvas, never as HTML: a label may come from an event
  // (a rule name, a service) and ECharts' HTML tooltips would parse a formatter's markup.
  for (const tip of [].concat(opts.tooltip || [])) {
    if (tip && !tip.renderMode) {
      tip.renderMode = 'richText';
    }
  }
  instance.setOption(opts, true);
  return instance;
}

/** Disposes every chart of the page being left (called by the shell). */
export function disposeCharts() {
  for (const c of charts) {
    if (resizeObserver) {
      resizeObserver.unobserve(c.getDom());
    }
    c.dispose();
  }
  charts.clear();
}

/** Colours of verdicts and states, the same in every chart and badge. */
export const COLORS = {
  block: '#c62828', observe: '#1565c0', allow: '#2e7d32', rewrite: '#6a1b9a', patched: '#00838f', other: '#757575',
  applied: '#2e7d32', pending: '#f9a825', failed: '#c62828', stale: '#9e9e9e',
};

/** A progress bar; data-percent carries the number for tests and assistive technology reads aria-valuenow. */
export function progressBar(percent, testId, state) {
  const p = Math.max(0, Math.min(100, Math.round(Number(percent) || 0)));
  const fill = el('div', { class: 'progress-fill' });
  // CSSOM, not a style attribute: the Content-Security-Policy allows it and no markup is parsed.
  fill.style.width = `${p}%`;
  return el('div', {
    class: ['progress', state ? `progress-${state}` : null], role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100',
    'aria-valuenow': String(p), 'data-test': testId, 'data-percent': String(p), 'data-state': state,
  }, fill, el('span', { class: 'progress-label' }, `${p}%`));
}

let toasts = null;

/** A short message at the corner of the screen; kind: info, ok, error. Errors stay until dismissed. */
export function toast(message, kind) {
  if (!toasts || !toasts.isConnected) {
    toasts = el('div', { class: 'toasts', role: 'status', 'aria-live': 'polite' });
    document.body.appendChild(toasts);
  }
  const k = kind || 'info';
  const item = el('div', { class: `toast toast-${k}`, 'data-test': 'toast' },
    el('span', null, message),
    el('button', { type: 'button', class: 'link', 'aria-label': t('common.close'), onclick: () => item.remove() }, '×'));
  toasts.appendChild(item);
  if (k !== 'error') {
    setTimeout(() => item.remove(), 6000);
  }
  return item;
}

/** Asks a yes/no question in a modal dialog; resolves true when confirmed. */
export function confirmDialog(text, { confirmKey, danger } = {}) {
  return new Promise((resolve) => {
    const dialog = el('dialog', { class: 'dialog', 'data-test': 'confirm-dialog' });
    const done = (answer) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    dialog.append(
      el('p', null, text),
      el('div', { class: 'dialog-actions' },
        el('button', { type: 'button', class: 'btn', 'data-test': 'confirm-no', onclick: () => done(false) }, t('common.cancel')),
        el('button', { type: 'button', class: ['btn', danger ? 'btn-danger' : 'btn-primary'], 'data-test': 'confirm-yes', onclick: () => done(true) },
          t(confirmKey || 'common.confirm'))));
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      done(false);
    });
    document.body.appendChild(dialog);
    dialog.showModal();
  });
}

const ROLES = ['viewer', 'operator', 'admin'];

/** Whether the session's role is at least role (viewer < operator < admin). */
export function roleAtLeast(session, role) {
  if (!session) {
    return false;
  }
  return ROLES.indexOf(session.role) >= ROLES.indexOf(role) && ROLES.indexOf(role) >= 0;
}

/** What to do after a failure, by status: the sentence a person needs next. */
export function nextStep(failure) {
  const s = failure && failure.status;
  if (s === 0) {
    return t('error.next.network');
  }
  if (s === 401) {
    return t('error.next.401');
  }
  if (s === 403) {
    return t('error.next.403');
  }
  if (s === 404) {
    return t('error.next.404');
  }
  if (s === 409) {
    return t('error.next.409');
  }
  if (s === 413) {
    return t('error.next.413');
  }
  if (s === 429) {
    return t('error.next.429');
  }
  if (s >= 400 && s < 500) {
    return t('error.next.400');
  }
  return t('error.next.500');
}

/**
 * A box that says what went wrong (the server's own message) and what to do next.
 * retry: optional function offered as a "Try again" button.
 */
export function errorBox(failure, retry) {
  if (failure && failure.code === 'aborted') {
    return el('span'); // the page was left; nobody is looking
  }
  const status = failure && failure.status ? `HTTP ${failure.status}` : t('error.noConnection');
  const message = failure && failure.message ? failure.message : String(failure);
  return el('div', { class: 'error-box', role: 'alert', 'data-test': 'error' },
    el('strong', null, nextStep(failure)),
    el('p', { class: 'error-detail' }, `${status}${failure && failure.code ? ` · ${failure.code}` : ''}: ${message}`),
    retry ? el('button', { type: 'button', class: 'btn', onclick: retry }, t('common.retry')) : null);
}

/** A definition list of [labelKey, value] pairs; values may be nodes. Pairs with an undefined value are left out. */
export function kv(pairs) {
  return el('dl', { class: 'kv' }, pairs.filter((p) => p && p[1] !== undefined).map(([k, v]) => [
    el('dt', null, t(k)), el('dd', null, v === null || v === '' ? '—' : v)]));
}

/** A pretty-printed JSON value in a monospace block. */
export function jsonBlock(value, testId) {
  return el('pre', { class: 'code', 'data-test': testId }, JSON.stringify(value, null, 2));
}

/**
 * A panel beside the list for one item's detail: a title, a close button, and content.
 * onClose is called by the close button and by Escape.
 */
export function detailPanel({ title, testId, onClose, attrs }, ...children) {
  const panel = el('aside', Object.assign({ class: 'detail', 'data-test': testId, 'aria-label': title, tabindex: '-1' }, attrs || {}),
    el('header', { class: 'detail-head' },
      el('h2', null, title),
      el('button', { type: 'button', class: 'btn btn-icon', 'aria-label': t('common.close'), 'data-test': testId ? `${testId}-close` : null, onclick: onClose }, '×')),
    el('div', { class: 'detail-body' }, children));
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && onClose) {
      onClose();
    }
  });
  return panel;
}

/** A summary tile: a big number and what it counts; kind 'warn'/'bad' colours it when the number is not zero. */
export function tile(labelKey, value, { kind, testId, hintKey } = {}) {
  const n = Number(value);
  return el('div', { class: ['tile', kind && n > 0 ? `tile-${kind}` : null], 'data-test': testId, 'data-value': String(value), title: hintKey ? t(hintKey) : null },
    el('div', { class: 'tile-value' }, typeof value === 'number' ? fmtNumber(value) : String(value)),
    el('div', { class: 'tile-label' }, t(labelKey)));
}

/** A labelled <select>; options: [[value, text]]. */
export function select({ labelKey, value, options, testId, onchange, name }) {
  const s = el('select', { 'data-test': testId, name, onchange: onchange ? (e) => onchange(e.target.value) : null },
    options.map(([v, text]) => el('option', { value: v, selected: String(v) === String(value ?? '') }, text)));
  return el('label', { class: 'field' }, el('span', null, t(labelKey)), s);
}

/** A labelled text <input>; onchange fires on Enter and on leaving the field. */
export function input({ labelKey, value, testId, onchange, type, placeholder, list, name }) {
  const i = el('input', { type: type || 'text', 'data-test': testId, placeholder, list, name, prop: { value: value ?? '' } });
  if (onchange) {
    i.addEventListener('change', () => onchange(i.value.trim()));
  }
  return el('label', { class: 'field' }, el('span', null, t(labelKey)), i);
}

/**
 * A page's filters from the address's query: each key's value, or '' when absent; a time range only
 * when it is one of those the page offers.
 */
export function filtersFrom(params, keys, ranges) {
  const filters = {};
  for (const k of keys) {
    filters[k] = params[k] || '';
  }
  if (filters.range && !(filters.range in ranges)) {
    filters.range = '';
  }
  return filters;
}
