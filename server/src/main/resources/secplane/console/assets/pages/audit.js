// Audit: every change made to the plane — who, when, what, on which target, and the state
// before and after — paged on the server, newest first (docs/console.md "Audit").

export const messages = {
  en: {
    'audit.title': 'Audit trail',
    'audit.subtitle': 'Every change to policies, rollouts, patches, bundles, drills and tokens, written in the same transaction as the change.',
    'audit.filter.actor': 'Actor',
    'audit.filter.action': 'Action',
    'audit.filter.target': 'Target',
    'audit.filter.range': 'Time',
    'audit.range.all': 'Any time',
    'audit.range.24h': 'Last 24 hours',
    'audit.range.7d': 'Last 7 days',
    'audit.range.30d': 'Last 30 days',
    'audit.col.time': 'Time',
    'audit.col.actor': 'Actor',
    'audit.col.action': 'Action',
    'audit.col.target': 'Target',
    'audit.col.details': 'Details',
    'audit.created': 'created',
    'audit.deleted': 'removed',
    'audit.noChange': 'no recorded state',
    'audit.more': '+{count} more',
    'audit.empty': 'No audit entries match.',
    'audit.empty.hint': 'Changes appear here as soon as they are made.',
    'audit.empty.filtered': 'Clear the filters or widen the time range.',
    'audit.rows': '{count} entries',
    'audit.detail.title': '{action}',
    'audit.detail.before': 'Before',
    'audit.detail.after': 'After',
    'audit.detail.changes': 'What changed',
    'audit.detail.id': 'Entry',
    'audit.detail.time': 'Time',
    'audit.detail.actor': 'Actor',
    'audit.detail.target': 'Target',
    'audit.detail.none': '(nothing)',
    'audit.system': 'the control plane itself',
    'audit.onlyActor': 'show only this actor\'s changes',
    'audit.actorHint': 'the whole actor, e.g. operator:tk-… (name)',
  },
  'zh-CN': {
    'audit.title': '审计日志',
    'audit.subtitle': '策略、灰度发布、虚拟补丁、切面包、演练和令牌的每一次变更，与变更本身在同一事务中写入。',
    'audit.filter.actor': '操作人',
    'audit.filter.action': '操作',
    'audit.filter.target': '对象',
    'audit.filter.range': '时间',
    'audit.range.all': '全部时间',
    'audit.range.24h': '最近 24 小时',
    'audit.range.7d': '最近 7 天',
    'audit.range.30d': '最近 30 天',
    'audit.col.time': '时间',
    'audit.col.actor': '操作人',
    'audit.col.action': '操作',
    'audit.col.target': '对象',
    'audit.col.details': '详情',
    'audit.created': '新建',
    'audit.deleted': '已删除',
    'audit.noChange': '未记录状态',
    'audit.more': '另有 {count} 项',
    'audit.empty': '没有符合条件的审计记录。',
    'audit.empty.hint': '任何变更发生后都会立即记录在此。',
    'audit.empty.filtered': '请清除筛选条件或扩大时间范围。',
    'audit.rows': '共 {count} 条记录',
    'audit.detail.title': '{action}',
    'audit.detail.before': '变更前',
    'audit.detail.after': '变更后',
    'audit.detail.changes': '变更内容',
    'audit.detail.id': '记录编号',
    'audit.detail.time': '时间',
    'audit.detail.actor': '操作人',
    'audit.detail.target': '对象',
    'audit.detail.none': '（无）',
    'audit.system': '控制平面自身',
    'audit.onlyActor': '只看该操作人的变更',
    'audit.actorHint': '完整的操作人，例如 operator:tk-…（名称）',
  },
};

const PAGE_SIZE = 50;
const RANGES = { all: 0, '24h': 86400e3, '7d': 7 * 86400e3, '30d': 30 * 86400e3 };
// The actions the control plane writes (server: Audit.record callers); free text finds others.
const ACTIONS = ['console.login', 'policy.push', 'policy.rollback', 'rollout.pause', 'rollout.resume', 'rollout.abort', 'rollout.advance',
  'patch.apply', 'patch.revert', 'bundle.upload', 'bundle.delete', 'advisories.import', 'token.create', 'token.revoke',
  'data.finding.close', 'drill.target.register', 'drill.run.start', 'drill.run.result', 'drill.schedule.create', 'drill.schedule.delete'];
const FILTER_KEYS = ['actor', 'action', 'target', 'range'];

let page = null;

function short(v) {
  if (v === undefined) {
    return '—';
  }
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 59)}…` : s;
}

/** An object as its first few plain members ("kind: operator, role: viewer"), anything else shortened. */
function summary(v) {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    // the time and author of the change are the entry's own columns already
    const plain = Object.entries(v).filter(([k, x]) => x !== null && typeof x !== 'object' && k !== 'id' && !/(At|By)$/.test(k));
    if (plain.length) {
      return plain.slice(0, 3).map(([k, x]) => `${k}: ${short(x)}`).join(', ');
    }
  }
  return short(v);
}

/** The top-level members whose value differs between before and after: [[key, before, after]]. */
function changes(before, after) {
  const b = before && typeof before === 'object' && !Array.isArray(before) ? before : null;
  const a = after && typeof after === 'object' && !Array.isArray(after) ? after : null;
  if (!b || !a) {
    return null;
  }
  const keys = [...new Set(Object.keys(b).concat(Object.keys(a)))];
  return keys.filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k])).map((k) => [k, b[k], a[k]]);
}

function details(ctx, entry) {
  const { ui, t } = ctx;
  const diff = changes(entry.before, entry.after);
  if (diff) {
    const shown = diff.slice(0, 3).map(([k, b, a]) => ui.el('div', { class: 'mono small' }, `${k}: ${short(b)} → ${short(a)}`));
    return ui.el('div', null, shown, diff.length > 3 ? ui.el('div', { class: 'muted small' }, t('audit.more', { count: diff.length - 3 })) : null);
  }
  if (entry.before == null && entry.after == null) {
    return ui.el('span', { class: 'muted' }, t('audit.noChange'));
  }
  if (entry.before == null) {
    return ui.el('div', null, ui.el('span', { class: 'badge badge-ok' }, t('audit.created')), ' ', ui.el('span', { class: 'mono small' }, summary(entry.after)));
  }
  return ui.el('div', null, ui.el('span', { class: 'badge badge-muted' }, t('audit.deleted')), ' ', ui.el('span', { class: 'mono small' }, summary(entry.before)));
}

function actor(ctx, a) {
  const { ui, t } = ctx;
  if (!a) {
    return null;
  }
  // "operator:<token id> (<name>)" — the name is what people recognise, the token id is in the title.
  // The name links to that actor's changes (the API filters on the whole actor text).
  const m = /^operator:(\S+) \((.*)\)$/.exec(a);
  const text = m ? m[2] : (a === 'system' || a.startsWith('system') ? t('audit.system') : a);
  return ui.el('a', {
    href: ctx.hashFor('audit', Object.assign({}, page.filters, { actor: a })), title: `${a} — ${t('audit.onlyActor')}`,
    class: m ? null : 'mono', 'data-test': 'audit-actor',
  }, text);
}

function columns(ctx) {
  const { ui } = ctx;
  return [
    { key: 'time', titleKey: 'audit.col.time', className: 'nowrap', render: (e) => ui.absTime(e.time) },
    { key: 'actor', titleKey: 'audit.col.actor', render: (e) => actor(ctx, e.actor) },
    { key: 'action', titleKey: 'audit.col.action', className: 'mono' },
    { key: 'target', titleKey: 'audit.col.target', className: 'mono' },
    { key: 'details', titleKey: 'audit.col.details', className: 'wrap', render: (e) => details(ctx, e) },
  ];
}

function query(filters, loadedAt) {
  const q = { actor: filters.actor, action: filters.action, target: filters.target };
  if (filters.range && RANGES[filters.range]) {
    q.from = new Date(loadedAt - RANGES[filters.range]).toISOString();
  }
  return q;
}

/**
 * One page of entries. A server with audit paging answers `next` and filters by actor and time
 * itself; an older one answers the newest entries of the action/target only, which are then
 * filtered here (no further pages).
 */
async function load(ctx, before) {
  const q = Object.assign(query(page.filters, page.loadedAt), { limit: PAGE_SIZE, before });
  const res = await ctx.api.get('/v1/audit', q);
  if (Object.prototype.hasOwnProperty.call(res, 'next')) {
    return { rows: res.entries, next: res.next };
  }
  const from = q.from ? Date.parse(q.from) : null;
  return {
    rows: res.entries.filter((e) => (!page.filters.actor || e.actor === page.filters.actor) && (!from || Date.parse(e.time) >= from)),
    next: null,
  };
}

function showDetail(ctx, entry) {
  const { ui, t } = ctx;
  for (const tr of page.tbody.querySelectorAll('tr[data-audit-id]')) {
    tr.classList.toggle('selected', tr.dataset.auditId === String(entry.id));
  }
  const close = () => {
    page.layout.classList.remove('with-detail');
    page.detailHost.replaceChildren();
    for (const tr of page.tbody.querySelectorAll('tr.selected')) {
      tr.classList.remove('selected');
    }
  };
  const diff = changes(entry.before, entry.after);
  const panel = ui.detailPanel({ title: t('audit.detail.title', { action: entry.action }), testId: 'audit-detail', onClose: close, attrs: { 'data-audit-id': String(entry.id) } },
    ui.kv([
      ['audit.detail.id', String(entry.id)],
      ['audit.detail.time', ui.absTime(entry.time)],
      ['audit.detail.actor', ui.el('span', { class: 'mono' }, entry.actor)],
      ['audit.detail.target', ui.el('span', { class: 'mono' }, entry.target)],
    ]),
    diff && diff.length ? [ui.el('h3', null, t('audit.detail.changes')),
      ui.el('ul', { class: 'small' }, diff.map(([k, b, a]) => ui.el('li', { class: 'mono' }, `${k}: ${short(b)} → ${short(a)}`)))] : null,
    ui.el('h3', null, t('audit.detail.before')),
    entry.before == null ? ui.el('p', { class: 'muted' }, t('audit.detail.none')) : ui.jsonBlock(entry.before, 'audit-before'),
    ui.el('h3', null, t('audit.detail.after')),
    entry.after == null ? ui.el('p', { class: 'muted' }, t('audit.detail.none')) : ui.jsonBlock(entry.after, 'audit-after'));
  page.detailHost.replaceChildren(panel);
  page.layout.classList.add('with-detail');
  panel.focus({ preventScroll: true });
}

function rowSpec(ctx) {
  return {
    columns: columns(ctx),
    rowTestId: 'audit-row',
    rowAttrs: (e) => ({ 'data-audit-id': String(e.id), 'data-action': e.action, 'data-target': e.target }),
    onRow: (e) => showDetail(ctx, e),
  };
}

function pagerRow(ctx) {
  const { ui, t } = ctx;
  const info = ui.el('span', { class: 'muted', 'data-test': 'audit-count' }, t('audit.rows', { count: page.rows.length }));
  page.pager = ui.pager({
    testId: 'audit-pager', info, hasNext: Boolean(page.next), onMore: (ev) => more(ctx, ev.target),
  });
  return page.pager;
}

async function more(ctx, button) {
  const { ui } = ctx;
  const mine = page;
  button.disabled = true;
  try {
    const res = await load(ctx, page.next);
    if (page !== mine) {
      return;
    }
    page.next = res.next;
    const spec = rowSpec(ctx);
    for (const e of res.rows) {
      page.rows.push(e);
      page.tbody.appendChild(ui.tableRow(Object.assign({ row: e }, spec)));
    }
    page.pager.replaceWith(pagerRow(ctx));
  } catch (e) {
    if (page === mine) {
      button.disabled = false;
      ui.toast(`${ui.nextStep(e)} ${e.message}`, 'error');
    }
  }
}

function filterBar(ctx) {
  const { ui, t } = ctx;
  const apply = (change) => ctx.setParams(Object.assign({}, page.filters, change));
  const actions = page.filters.action && !ACTIONS.includes(page.filters.action) ? ACTIONS.concat([page.filters.action]) : ACTIONS;
  return ui.el('div', { class: 'filters' },
    ui.input({
      labelKey: 'audit.filter.actor', testId: 'audit-filter-actor', value: page.filters.actor, type: 'search', list: 'audit-actors',
      placeholder: t('audit.actorHint'), onchange: (v) => apply({ actor: v }),
    }),
    page.actors,
    ui.select({
      labelKey: 'audit.filter.action', testId: 'audit-filter-action', value: page.filters.action,
      options: [['', t('common.all')], ...actions.map((a) => [a, a])], onchange: (v) => apply({ action: v }),
    }),
    ui.input({ labelKey: 'audit.filter.target', testId: 'audit-filter-target', value: page.filters.target, type: 'search', onchange: (v) => apply({ target: v }) }),
    ui.select({
      labelKey: 'audit.filter.range', testId: 'audit-filter-range', value: page.filters.range,
      options: Object.keys(RANGES).map((r) => [r === 'all' ? '' : r, t(`audit.range.${r}`)]), onchange: (v) => apply({ range: v }),
    }),
    FILTER_KEYS.some((k) => page.filters[k]) ? ui.el('button', { type: 'button', class: 'btn', onclick: () => ctx.setParams({}) }, t('common.clear')) : null);
}

export default {
  id: 'audit',
  titleKey: 'audit.title',

  async render(root, ctx) {
    const { ui, t, params } = ctx;
    const filters = ui.filtersFrom(params, FILTER_KEYS, RANGES);
    page = {
      filters, loadedAt: Date.now(), rows: [], next: null, detailHost: ui.el('div'), tableHost: ui.el('div', null, ui.loading()),
      actors: ui.el('datalist', { id: 'audit-actors' }),
    };
    const mine = page;
    page.layout = ui.el('div', { class: 'layout-detail' }, ui.el('div', null, page.tableHost), page.detailHost);
    root.append(
      ui.el('div', { class: 'page-head' },
        ui.el('div', null, ui.el('h1', null, t('audit.title')), ui.el('p', { class: 'muted' }, t('audit.subtitle'))),
        ui.el('button', { type: 'button', class: 'btn', 'data-test': 'audit-refresh', onclick: () => ctx.reload() }, t('common.refresh'))),
      filterBar(ctx),
      page.layout);
    const res = await load(ctx, null);
    if (page !== mine) {
      return;
    }
    page.rows = res.rows.slice();
    page.next = res.next;
    // the actors on this page, offered as the actor filter's suggestions
    ui.replace(page.actors, [...new Set(page.rows.map((e) => e.actor).filter(Boolean))].sort().map((a) => ui.el('option', { value: a })));
    const filtered = FILTER_KEYS.some((k) => page.filters[k]);
    const tbl = ui.table(Object.assign(rowSpec(ctx), {
      rows: page.rows,
      testId: 'audit-table',
      empty: ui.emptyState(t('audit.empty'), filtered ? t('audit.empty.filtered') : t('audit.empty.hint')),
    }));
    page.tbody = tbl.querySelector('tbody');
    ui.replace(page.tableHost, tbl, pagerRow(ctx));
  },

  dispose() {
    page = null;
  },
};
