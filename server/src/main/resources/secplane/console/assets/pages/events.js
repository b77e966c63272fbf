// Events: what the agents report — a live stream (new events every 2 s), filters kept in the
// address, paging to older events on the server, the detail of one event with its evidence and
// stack, and the counts over time and blocks by rule (docs/console.md "Events").

export const messages = {
  en: {
    'events.title': 'Events',
    'events.subtitle': 'Verdicts and agent events as the agents report them, newest first.',
    'events.live': 'Live',
    'events.live.hint': 'Look for new events every 2 seconds',
    'events.live.paused': 'Live updates paused',
    'events.live.error': 'Live updates failed: {message}. Retrying every 2 seconds.',
    'events.new': '{count} new',
    'events.drillBadge': 'drill',
    'events.filter.service': 'Service',
    'events.filter.rule': 'Rule',
    'events.filter.verdict': 'Verdict',
    'events.filter.type': 'Type',
    'events.filter.range': 'Time',
    'events.filter.instance': 'Instance',
    'events.range.all': 'Any time',
    'events.range.1h': 'Last hour',
    'events.range.24h': 'Last 24 hours',
    'events.range.7d': 'Last 7 days',
    'events.range.30d': 'Last 30 days',
    'events.col.time': 'Time',
    'events.col.service': 'Service',
    'events.col.instance': 'Instance',
    'events.col.verdict': 'Verdict',
    'events.col.rule': 'Rule',
    'events.col.type': 'Type',
    'events.col.joinPoint': 'Join point',
    'events.col.message': 'Message',
    'events.empty': 'No events match.',
    'events.empty.hint': 'Events appear here as agents report them; with Live on, new ones show up within seconds.',
    'events.empty.filtered': 'Widen the time range or clear the filters.',
    'events.rows': '{count} events shown',
    'events.older': 'Load older events',
    'events.end': 'No older events.',
    'events.trimmed': 'Only the newest {count} events are kept on screen.',
    'events.reloadOlder': 'Reload to page older events',
    'events.chart.overTime': 'Events over time',
    'events.chart.byRule': 'Blocks by rule',
    'events.chart.24h': '24 h by minute',
    'events.chart.7d': '7 days by hour',
    'events.chart.last7d': 'last 7 days',
    'events.chart.none': 'No events in this period.',
    'events.chart.noBlocks': 'No blocks in the last 7 days.',
    'events.chart.noRule': '(no rule)',
    'events.chart.failed': 'The chart could not be drawn: {message}',
    'events.detail.title': '{rule}',
    'events.detail.event': 'Event',
    'events.detail.id': 'Event id',
    'events.detail.time': 'Time',
    'events.detail.type': 'Type',
    'events.detail.verdict': 'Verdict',
    'events.detail.rule': 'Rule',
    'events.detail.message': 'Message',
    'events.detail.joinPoint': 'Join point',
    'events.detail.aspect': 'Aspect',
    'events.detail.policyVersion': 'Policy version',
    'events.detail.thread': 'Thread',
    'events.detail.drill': 'Drill run',
    'events.detail.drillMarker': 'Drill marker',
    'events.detail.where': 'Where',
    'events.detail.service': 'Service',
    'events.detail.instance': 'Instance',
    'events.detail.agent': 'Agent',
    'events.detail.request': 'Request',
    'events.detail.method': 'Method',
    'events.detail.uri': 'URI',
    'events.detail.client': 'Client address',
    'events.detail.response': 'Response',
    'events.detail.evidence': 'Evidence',
    'events.detail.noEvidence': 'This event carries no evidence.',
    'events.detail.stack': 'Stack trace ({count} frames)',
    'events.detail.noStack': 'No stack trace was recorded.',
    'events.detail.raw': 'The event as stored (JSON)',
    'events.detail.sameRule': 'Only events of this rule',
    'events.detail.sameInstance': 'Only events of this instance',
  },
  'zh-CN': {
    'events.title': '安全事件',
    'events.subtitle': '探针上报的判定结果与运行事件，最新的在前。',
    'events.live': '实时',
    'events.live.hint': '每 2 秒获取一次新事件',
    'events.live.paused': '实时更新已暂停',
    'events.live.error': '实时更新失败：{message}。每 2 秒重试一次。',
    'events.new': '新增 {count} 条',
    'events.drillBadge': '演练',
    'events.filter.service': '服务',
    'events.filter.rule': '规则',
    'events.filter.verdict': '判定',
    'events.filter.type': '类型',
    'events.filter.range': '时间',
    'events.filter.instance': '实例',
    'events.range.all': '全部时间',
    'events.range.1h': '最近 1 小时',
    'events.range.24h': '最近 24 小时',
    'events.range.7d': '最近 7 天',
    'events.range.30d': '最近 30 天',
    'events.col.time': '时间',
    'events.col.service': '服务',
    'events.col.instance': '实例',
    'events.col.verdict': '判定',
    'events.col.rule': '规则',
    'events.col.type': '类型',
    'events.col.joinPoint': '连接点',
    'events.col.message': '描述',
    'events.empty': '没有符合条件的事件。',
    'events.empty.hint': '探针上报事件后即显示在此；开启“实时”后，新事件会在数秒内出现。',
    'events.empty.filtered': '请扩大时间范围或清除筛选条件。',
    'events.rows': '已显示 {count} 条事件',
    'events.older': '加载更早的事件',
    'events.end': '没有更早的事件了。',
    'events.trimmed': '屏幕上仅保留最新的 {count} 条事件。',
    'events.reloadOlder': '重新加载以翻阅更早的事件',
    'events.chart.overTime': '事件趋势',
    'events.chart.byRule': '各规则拦截次数',
    'events.chart.24h': '24 小时（按分钟）',
    'events.chart.7d': '7 天（按小时）',
    'events.chart.last7d': '最近 7 天',
    'events.chart.none': '该时段内没有事件。',
    'events.chart.noBlocks': '最近 7 天没有拦截。',
    'events.chart.noRule': '（无规则）',
    'events.chart.failed': '图表无法绘制：{message}',
    'events.detail.title': '{rule}',
    'events.detail.event': '事件',
    'events.detail.id': '事件 ID',
    'events.detail.time': '时间',
    'events.detail.type': '类型',
    'events.detail.verdict': '判定',
    'events.detail.rule': '规则',
    'events.detail.message': '描述',
    'events.detail.joinPoint': '连接点',
    'events.detail.aspect': '切面',
    'events.detail.policyVersion': '策略版本',
    'events.detail.thread': '线程',
    'events.detail.drill': '演练批次',
    'events.detail.drillMarker': '演练标记',
    'events.detail.where': '来源',
    'events.detail.service': '服务',
    'events.detail.instance': '实例',
    'events.detail.agent': '探针',
    'events.detail.request': '请求',
    'events.detail.method': '方法',
    'events.detail.uri': 'URI',
    'events.detail.client': '客户端地址',
    'events.detail.response': '响应',
    'events.detail.evidence': '证据',
    'events.detail.noEvidence': '该事件没有附带证据。',
    'events.detail.stack': '调用栈（{count} 帧）',
    'events.detail.noStack': '未记录调用栈。',
    'events.detail.raw': '事件原始数据（JSON）',
    'events.detail.sameRule': '只看该规则的事件',
    'events.detail.sameInstance': '只看该实例的事件',
  },
};

const PAGE_SIZE = 50;
const LIVE_MS = 2000;
const CHART_REFRESH_POLLS = 15; // counts again every 30 s while live
const MAX_ROWS = 1000;
const VERDICTS = ['block', 'observe', 'patched', 'rewrite', 'allow'];
// docs/agent.md "Events": the types an agent reports
const TYPES = ['verdict', 'agent.started', 'agent.detached', 'policy.applied', 'policy.rejected', 'aspect.deployed', 'aspect.removed',
  'aspect.rejected', 'aspect.quarantined', 'patch.applied', 'patch.removed', 'agent.events-dropped', 'snapshot.applied',
  'snapshot.rejected', 'control-plane.refused'];
const RANGES = { all: 0, '1h': 3600e3, '24h': 86400e3, '7d': 7 * 86400e3, '30d': 30 * 86400e3 };
const FILTER_KEYS = ['service', 'rule', 'verdict', 'type', 'range', 'agentId'];

let page = null;
// Whether the control plane answers cursors and the verdict counts (docs/protocol.md "Console
// calls"), learnt from the first answer: later visits ask for rows and charts at the same time.
let knownCursorApi = null;

function minuteFloor(ms) {
  return Math.floor(ms / 60000) * 60000;
}

/** The event filters of the API from the page's filters (the time range becomes `from`). */
function query(filters) {
  const q = {
    service: filters.service, rule: filters.rule, verdict: filters.verdict, type: filters.type, agentId: filters.agentId,
  };
  if (filters.range && RANGES[filters.range]) {
    q.from = new Date(page.loadedAt - RANGES[filters.range]).toISOString();
  }
  return q;
}

function eventAt(e) {
  const ms = Date.parse(e.time);
  return Number.isNaN(ms) ? 0 : ms;
}

function columns(ctx) {
  const { ui } = ctx;
  return [
    { key: 'time', titleKey: 'events.col.time', className: 'nowrap', render: (e) => ui.absTime(e.time) },
    { key: 'service', titleKey: 'events.col.service' },
    { key: 'instanceId', titleKey: 'events.col.instance', className: 'mono nowrap' },
    {
      key: 'verdict', titleKey: 'events.col.verdict', className: 'nowrap',
      // a drill's event is marked, so that nobody takes a rehearsal for an incident
      render: (e) => (e.verdict || e.drill ? ui.el('span', null, e.verdict ? ui.badge(e.verdict) : null,
        e.drill ? [' ', ui.el('span', { class: 'badge badge-muted', title: e.drill, 'data-test': 'event-drill' }, ctx.t('events.drillBadge'))] : null) : null),
    },
    { key: 'rule', titleKey: 'events.col.rule', className: 'mono nowrap' },
    { key: 'type', titleKey: 'events.col.type', className: 'mono' },
    { key: 'joinPoint', titleKey: 'events.col.joinPoint', className: 'mono' },
    { key: 'message', titleKey: 'events.col.message', className: 'wrap' },
  ];
}

function rowSpec(ctx) {
  return {
    columns: columns(ctx),
    rowTestId: 'event-row',
    rowAttrs: (e) => ({
      'data-event-id': e.id, 'data-rule': e.rule, 'data-verdict': e.verdict, 'data-service': e.service, 'data-type': e.type,
    }),
    onRow: (e) => showDetail(ctx, e),
    selected: (e) => e.id === page.selected,
  };
}

// ---- the list --------------------------------------------------------------------------------

async function firstPage(ctx) {
  const res = await ctx.api.get('/v1/events', Object.assign(query(page.filters), { limit: PAGE_SIZE }));
  // A server with keyset paging answers `next` and `newest` (docs/protocol.md "Console calls").
  page.cursorApi = Object.prototype.hasOwnProperty.call(res, 'newest');
  knownCursorApi = page.cursorApi;
  page.next = page.cursorApi ? res.next : (res.events.length === PAGE_SIZE ? 'time' : null);
  page.newest = page.cursorApi ? res.newest : null;
  page.rows = res.events.slice();
  for (const e of page.rows) {
    page.seen.add(e.id);
  }
  page.newestAt = page.rows.reduce((m, e) => Math.max(m, eventAt(e)), page.loadedAt - 5000);
  renderList(ctx);
}

function renderList(ctx) {
  const { ui, t } = ctx;
  const filtered = FILTER_KEYS.some((k) => page.filters[k]);
  const spec = rowSpec(ctx);
  const tbl = ui.table(Object.assign({}, spec, {
    rows: page.rows,
    testId: 'events-table',
    empty: ui.emptyState(t('events.empty'), filtered ? t('events.empty.filtered') : t('events.empty.hint')),
  }));
  page.tbody = tbl.querySelector('tbody');
  page.info = ui.el('span', { class: 'muted', 'data-test': 'events-count' }, t('events.rows', { count: page.rows.length }));
  ui.replace(page.tableHost, tbl, pagerRow(ctx));
}

function pagerRow(ctx) {
  const { ui, t } = ctx;
  let action;
  if (page.trimmed) {
    action = [ui.el('span', { class: 'muted' }, t('events.trimmed', { count: MAX_ROWS })),
      ui.el('button', { type: 'button', class: 'btn', onclick: () => ctx.reload() }, t('events.reloadOlder'))];
  } else if (page.next) {
    action = ui.el('button', { type: 'button', class: 'btn', 'data-test': 'events-older', onclick: (ev) => older(ctx, ev.target) }, t('events.older'));
  } else if (page.rows.length) {
    action = ui.el('span', { class: 'muted' }, t('events.end'));
  }
  page.pager = ui.el('div', { class: 'pager', 'data-test': 'events-pager' }, page.info, action);
  return page.pager;
}

async function older(ctx, button) {
  const { ui } = ctx;
  const mine = page;
  button.disabled = true;
  try {
    let res;
    if (page.cursorApi) {
      res = await ctx.api.get('/v1/events', Object.assign(query(page.filters), { limit: PAGE_SIZE, before: page.next }));
      page.next = res.next;
    } else {
      // A server without cursors: the page older than the oldest event shown ("to" is exclusive,
      // so one millisecond later; events already shown are dropped by id).
      const oldest = page.rows.reduce((m, e) => Math.min(m, eventAt(e)), Infinity);
      res = await ctx.api.get('/v1/events', Object.assign(query(page.filters), { limit: PAGE_SIZE, to: new Date(oldest + 1).toISOString() }));
      page.next = res.events.length === PAGE_SIZE ? 'time' : null;
    }
    if (page !== mine) {
      return;
    }
    const spec = rowSpec(ctx);
    if (page.rows.length === 0) {
      page.tbody.replaceChildren();
    }
    for (const e of res.events) {
      if (page.seen.has(e.id)) {
        continue;
      }
      page.seen.add(e.id);
      page.rows.push(e);
      page.tbody.appendChild(ui.tableRow(Object.assign({ row: e }, spec)));
    }
    page.info = ui.el('span', { class: 'muted', 'data-test': 'events-count' }, ctx.t('events.rows', { count: page.rows.length }));
    page.pager.replaceWith(pagerRow(ctx));
  } catch (e) {
    if (page === mine) {
      button.disabled = false;
      ui.toast(`${ui.nextStep(e)} ${e.message}`, 'error');
    }
  }
}

// ---- live ------------------------------------------------------------------------------------

async function poll(ctx) {
  if (!page || page.polling || !page.live) {
    return;
  }
  page.polling = true;
  const mine = page;
  try {
    let res;
    if (page.cursorApi) {
      res = await ctx.api.get('/v1/events', Object.assign(query(page.filters), { after: page.newest, limit: 200 }));
      if (page !== mine) {
        return;
      }
      page.newest = res.newest || page.newest;
    } else {
      // Without cursors: what happened since a little before the newest event shown; ids dedupe.
      res = await ctx.api.get('/v1/events', Object.assign(query(page.filters), { from: new Date(page.newestAt - 2000).toISOString(), limit: 200 }));
      if (page !== mine) {
        return;
      }
    }
    const fresh = res.events.filter((e) => !page.seen.has(e.id));
    if (fresh.length) {
      addFresh(ctx, fresh);
    }
    setLiveStatus(ctx, null);
    page.polls++;
    if (page.polls % CHART_REFRESH_POLLS === 0) {
      drawCharts(ctx);
    }
  } catch (e) {
    if (page === mine && e.code !== 'aborted') {
      setLiveStatus(ctx, e);
    }
  } finally {
    mine.polling = false;
  }
}

function addFresh(ctx, fresh) {
  const { ui, t } = ctx;
  fresh.sort((a, b) => eventAt(b) - eventAt(a));
  const spec = rowSpec(ctx);
  if (page.rows.length === 0) {
    page.tbody.replaceChildren();
  }
  const first = page.tbody.firstChild;
  for (const e of fresh) {
    page.seen.add(e.id);
    page.newestAt = Math.max(page.newestAt, eventAt(e));
    const tr = ui.tableRow(Object.assign({ row: e }, spec));
    tr.classList.add('fresh');
    tr.setAttribute('data-fresh', 'true');
    page.tbody.insertBefore(tr, first);
  }
  page.rows = fresh.concat(page.rows);
  if (page.rows.length > MAX_ROWS) {
    // Keep the page light during a long live session; the cursor of older pages no longer follows
    // the last row shown, so paging further back starts again from a reload.
    page.rows.length = MAX_ROWS;
    while (page.tbody.children.length > MAX_ROWS) {
      page.tbody.lastChild.remove();
    }
    page.trimmed = true;
  }
  page.info = ui.el('span', { class: 'muted', 'data-test': 'events-count' }, t('events.rows', { count: page.rows.length }));
  page.pager.replaceWith(pagerRow(ctx));
  ui.replace(page.newBadge, ui.el('span', { class: 'badge badge-info', 'data-test': 'events-new' }, t('events.new', { count: fresh.length })));
  clearTimeout(page.newBadgeTimer);
  page.newBadgeTimer = setTimeout(() => page && page.newBadge.replaceChildren(), 4000);
}

function setLiveStatus(ctx, failure) {
  const { ui, t } = ctx;
  if (!failure) {
    if (page.liveError) {
      page.liveStatus.replaceChildren();
      page.liveError = false;
    }
    return;
  }
  page.liveError = true;
  ui.replace(page.liveStatus, ui.el('div', { class: 'error-box', role: 'alert', 'data-test': 'events-live-error' },
    t('events.live.error', { message: failure.message }), ' ', ui.nextStep(failure)));
}

function setLive(ctx, on) {
  page.live = on;
  page.liveLabel.classList.toggle('live-on', on);
  clearInterval(page.timer);
  page.timer = null;
  if (on) {
    page.timer = setInterval(() => poll(ctx), LIVE_MS);
  }
  ctx.setParams(hashParams({ live: on ? null : '0' }), { quiet: true });
}

function hashParams(extra) {
  const p = {};
  for (const k of FILTER_KEYS) {
    p[k] = page.filters[k];
  }
  p.live = page.live ? null : '0';
  p.chart = page.chartWindow === '7d' ? '7d' : null;
  p.event = page.selected;
  return Object.assign(p, extra || {});
}

// ---- detail ----------------------------------------------------------------------------------

function evidenceValue(ui, v) {
  if (v !== null && typeof v === 'object') {
    return ui.el('pre', { class: 'code' }, JSON.stringify(v, null, 2));
  }
  return ui.el('span', { class: 'mono' }, v === null || v === undefined ? '—' : String(v));
}

function showDetail(ctx, e) {
  const { ui, t } = ctx;
  page.selected = e.id;
  ctx.setParams(hashParams(), { quiet: true });
  for (const tr of page.tbody.querySelectorAll('tr[data-event-id]')) {
    const on = tr.dataset.eventId === e.id;
    tr.classList.toggle('selected', on);
    if (on) {
      tr.setAttribute('aria-selected', 'true');
    } else {
      tr.removeAttribute('aria-selected');
    }
  }
  const close = () => {
    page.selected = null;
    ctx.setParams(hashParams(), { quiet: true });
    page.layout.classList.remove('with-detail');
    page.detailHost.replaceChildren();
    for (const tr of page.tbody.querySelectorAll('tr.selected')) {
      tr.classList.remove('selected');
      tr.removeAttribute('aria-selected');
    }
  };
  const evidence = e.evidence && typeof e.evidence === 'object' ? Object.entries(e.evidence) : [];
  const stack = Array.isArray(e.stack) ? e.stack : [];
  const req = e.request && typeof e.request === 'object' ? e.request : null;
  const panel = ui.detailPanel({
    title: t('events.detail.title', { rule: e.rule || e.type }), testId: 'event-detail', onClose: close,
    attrs: { 'data-event-id': e.id, 'data-rule': e.rule, 'data-verdict': e.verdict },
  },
  ui.kv([
    ['events.detail.time', ui.absTime(e.time)],
    ['events.detail.verdict', e.verdict ? ui.badge(e.verdict) : null],
    ['events.detail.rule', e.rule ? ui.el('span', { class: 'mono' }, e.rule) : null],
    ['events.detail.type', ui.el('span', { class: 'mono' }, e.type)],
    ['events.detail.message', e.message],
    ['events.detail.joinPoint', e.joinPoint ? ui.el('span', { class: 'mono' }, e.joinPoint) : null],
    ['events.detail.aspect', e.aspect ? ui.el('span', { class: 'mono' }, `${e.aspect}${e.aspectVersion ? ` ${e.aspectVersion}` : ''}`) : null],
    ['events.detail.policyVersion', e.policyVersion === undefined ? null : String(e.policyVersion)],
    ['events.detail.thread', e.thread ? ui.el('span', { class: 'mono' }, e.thread) : null],
    e.drill ? ['events.detail.drill', ui.el('span', { class: 'mono' }, e.drill)] : null,
    e.drillMarker ? ['events.detail.drillMarker', ui.badge(e.drillMarker, 'warn')] : null,
    ['events.detail.id', ui.el('span', { class: 'mono' }, e.id)],
  ]),
  ui.el('h3', null, t('events.detail.where')),
  ui.kv([
    ['events.detail.service', e.service],
    ['events.detail.instance', ui.el('span', { class: 'mono' }, e.instanceId || '—')],
    ['events.detail.agent', e.agentId ? ui.el('span', { class: 'mono' }, e.agentId) : null],
  ]),
  req ? [ui.el('h3', null, t('events.detail.request')),
    ui.el('div', { 'data-test': 'event-request' }, ui.kv([
      ['events.detail.method', req.method],
      ['events.detail.uri', req.uri ? ui.el('span', { class: 'mono' }, req.uri) : null],
      ['events.detail.client', req.clientAddress ? ui.el('span', { class: 'mono' }, req.clientAddress) : null],
      req.response !== undefined ? ['events.detail.response', ui.el('span', { class: 'mono' }, String(req.response))] : null,
    ]))] : null,
  ui.el('h3', null, t('events.detail.evidence')),
  evidence.length
    ? ui.el('dl', { class: 'kv', 'data-test': 'event-evidence' }, evidence.map(([k, v]) => [ui.el('dt', { class: 'mono' }, k), ui.el('dd', null, evidenceValue(ui, v))]))
    : ui.el('p', { class: 'muted', 'data-test': 'event-evidence' }, t('events.detail.noEvidence')),
  stack.length
    ? ui.el('details', { open: true, 'data-test': 'event-stack' },
      ui.el('summary', null, t('events.detail.stack', { count: stack.length })),
      ui.el('ol', { class: 'stack' }, stack.map((f) => ui.el('li', null, String(f)))))
    : ui.el('p', { class: 'muted', 'data-test': 'event-stack' }, t('events.detail.noStack')),
  ui.el('details', null, ui.el('summary', null, t('events.detail.raw')), ui.jsonBlock(e, 'event-raw')),
  ui.el('p', { class: 'small' },
    e.rule ? ui.el('a', { href: ctx.hashFor('events', { rule: e.rule }) }, t('events.detail.sameRule')) : null,
    e.rule && e.agentId ? ' · ' : null,
    e.agentId ? ui.el('a', { href: ctx.hashFor('events', { service: e.service, agentId: e.agentId }) }, t('events.detail.sameInstance')) : null));
  page.detailHost.replaceChildren(panel);
  page.layout.classList.add('with-detail');
  panel.focus({ preventScroll: true });
}

// ---- charts ----------------------------------------------------------------------------------

/**
 * Counts per verdict and bucket. A server with the rollup answers by=verdict in one call; an older
 * one counts by service with a verdict filter, one call per verdict.
 */
async function countsByVerdict(ctx, params) {
  if (page.cursorApi) {
    const res = await ctx.api.get('/v1/events/counts', Object.assign({ by: 'verdict' }, params));
    return res.counts.map((c) => ({ bucket: c.bucket, verdict: c.verdict, count: c.count }));
  }
  const verdicts = params.verdict ? [params.verdict] : VERDICTS;
  const parts = await Promise.all(verdicts.map((v) => ctx.api.get('/v1/events/counts', Object.assign({}, params, { by: 'service', verdict: v }))
    .then((res) => res.counts.map((c) => ({ bucket: c.bucket, verdict: v, count: c.count })))));
  return parts.flat();
}

function overTimeOption(ctx, counts, fromMs, toMs, bucketMs) {
  const { ui, t } = ctx;
  const byVerdict = new Map();
  for (const c of counts) {
    const v = c.verdict || 'other';
    if (!byVerdict.has(v)) {
      byVerdict.set(v, new Map());
    }
    const m = byVerdict.get(v);
    const at = Date.parse(c.bucket);
    m.set(at, (m.get(at) || 0) + Number(c.count));
  }
  const order = VERDICTS.concat(['other']).filter((v) => byVerdict.has(v))
    .concat([...byVerdict.keys()].filter((v) => !VERDICTS.includes(v) && v !== 'other'));
  const withDate = toMs - fromMs > 86400e3;
  return {
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, data: order.map((v) => ui.label('state', v)) },
    tooltip: {
      trigger: 'axis', axisPointer: { type: 'shadow' }, renderMode: 'richText',
      formatter: (items) => {
        // plain text: with renderMode 'richText' nothing in it is parsed as markup
        const list = Array.isArray(items) ? items : [items];
        const head = list.length ? ctx.fmtTime(list[0].value[0]) : '';
        return [head].concat(list.filter((i) => i.value[1]).map((i) => `${i.seriesName}: ${ctx.fmtNumber(i.value[1])}`)).join('\n');
      },
    },
    xAxis: {
      type: 'time', min: fromMs, max: toMs,
      axisLabel: { formatter: (v) => ctx.fmtClock(v, withDate), hideOverlap: true },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: order.map((v) => ({
      name: ui.label('state', v), type: 'bar', stack: 'verdicts', barMaxWidth: 16, barMinWidth: 1,
      itemStyle: { color: ui.COLORS[v] || ui.COLORS.other },
      data: [...byVerdict.get(v)].sort((a, b) => a[0] - b[0]).map(([at, n]) => [at + bucketMs / 2, n]),
    })),
  };
}

function byRuleOption(ctx, totals) {
  const { ui } = ctx;
  const rows = totals.slice(0, 15).reverse();
  return {
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, renderMode: 'richText' },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((r) => r[0]), axisLabel: { width: 200, overflow: 'truncate' } },
    series: [{
      type: 'bar', data: rows.map((r) => r[1]), itemStyle: { color: ui.COLORS.block }, barMaxWidth: 22,
      label: { show: true, position: 'right', formatter: (p) => ctx.fmtNumber(p.value) },
    }],
  };
}

async function drawCharts(ctx) {
  const { ui, t } = ctx;
  const mine = page;
  const now = Date.now();
  const sevenDays = page.chartWindow === '7d';
  const bucketMs = sevenDays ? 3600e3 : 60e3;
  const to = Math.floor(now / bucketMs) * bucketMs + bucketMs;
  const from = minuteFloor(now - (sevenDays ? 7 * 86400e3 : 86400e3));
  const filters = {
    service: page.filters.service, rule: page.filters.rule, type: page.filters.type, agentId: page.filters.agentId, verdict: page.filters.verdict,
  };
  const weekFrom = minuteFloor(now - 7 * 86400e3);
  const overTime = countsByVerdict(ctx, Object.assign({}, filters, { bucket: sevenDays ? 'hour' : 'minute', from: new Date(from).toISOString() }));
  const blocks = ctx.api.get('/v1/events/counts', {
    service: filters.service, rule: filters.rule, type: filters.type, agentId: filters.agentId,
    by: 'rule', verdict: 'block', bucket: page.cursorApi ? 'day' : 'hour', from: new Date(weekFrom).toISOString(),
  });
  const [a, b] = await Promise.allSettled([overTime, blocks]);
  if (page !== mine) {
    return;
  }
  if (a.status === 'fulfilled') {
    const counts = a.value;
    // An empty period is still drawn (its time axis, and a sentence in the middle).
    const box = ensureChartBox(page.overTimeHost, 'events-chart', t('events.chart.overTime'));
    box.setAttribute('data-empty', String(counts.length === 0));
    const option = overTimeOption(ctx, counts, from, to, bucketMs);
    if (!counts.length) {
      option.title = emptyTitle(t('events.chart.none'));
    }
    await ui.chart(box, option).catch((e) => chartFailed(ctx, page.overTimeHost, e));
  } else {
    chartFailed(ctx, page.overTimeHost, a.reason);
  }
  if (page !== mine) {
    return;
  }
  if (b.status === 'fulfilled') {
    const totals = new Map();
    for (const c of b.value.counts) {
      const rule = c.rule || t('events.chart.noRule');
      totals.set(rule, (totals.get(rule) || 0) + Number(c.count));
    }
    const sorted = [...totals].sort((x, y) => y[1] - x[1]);
    const box = ensureChartBox(page.byRuleHost, 'blocks-by-rule-chart', t('events.chart.byRule'));
    box.setAttribute('data-empty', String(sorted.length === 0));
    const option = byRuleOption(ctx, sorted);
    if (!sorted.length) {
      option.title = emptyTitle(t('events.chart.noBlocks'));
    }
    const chart = await ui.chart(box, option).catch((e) => chartFailed(ctx, page.byRuleHost, e));
    if (chart && page === mine && !page.byRuleClick) {
      page.byRuleClick = true;
      // a bar leads to the events of that rule
      chart.on('click', (p) => {
        if (p && p.name && p.name !== t('events.chart.noRule')) {
          ctx.setParams(Object.assign(hashParams(), { rule: p.name, verdict: 'block', event: null }));
        }
      });
    }
  } else {
    chartFailed(ctx, page.byRuleHost, b.reason);
  }
}

function emptyTitle(text) {
  return { text, left: 'center', top: 'middle', textStyle: { color: '#5f6b7a', fontSize: 14, fontWeight: 'normal' } };
}

/** The chart's element in host, made once and kept, so that a redraw updates the same ECharts instance. */
function ensureChartBox(host, testId, label) {
  const first = host.firstChild;
  if (first && first.classList && first.classList.contains('chart')) {
    return first;
  }
  const box = page.ctx.ui.el('div', { class: 'chart', 'data-test': testId, role: 'img', 'aria-label': label });
  host.replaceChildren(box);
  if (host === page.byRuleHost) {
    page.byRuleClick = false; // a new instance: its click handler is still to be added
  }
  return box;
}

function chartFailed(ctx, host, e) {
  if (!page || (e && e.code === 'aborted')) {
    return;
  }
  ctx.ui.replace(host, e && e.status !== undefined ? ctx.ui.errorBox(e) : ctx.ui.el('div', { class: 'error-box' }, ctx.t('events.chart.failed', { message: e && e.message ? e.message : String(e) })));
}

// ---- filters ---------------------------------------------------------------------------------

/** Values seen in the last 7 days for a select's options (by=service / by=rule counts, per day or hour). */
// The lists change slowly and cost the server a 7-day count each: kept for 5 minutes across visits.
const LIST_TTL_MS = 5 * 60 * 1000;
const listCache = new Map();

async function knownValues(ctx, by) {
  const cached = listCache.get(by);
  if (cached && Date.now() - cached.at < LIST_TTL_MS) {
    return cached.values;
  }
  const values = await countValues(ctx, by);
  listCache.set(by, { at: Date.now(), values });
  return values;
}

async function countValues(ctx, by) {
  const res = await ctx.api.get('/v1/events/counts', {
    by, bucket: page.cursorApi ? 'day' : 'hour', from: new Date(minuteFloor(Date.now() - 7 * 86400e3)).toISOString(),
  });
  return [...new Set(res.counts.map((c) => c[by]).filter(Boolean))].sort();
}

function filterBar(ctx, services, rules) {
  const { ui, t } = ctx;
  const apply = (change) => ctx.setParams(Object.assign(hashParams(), change, { event: null }));
  const withCurrent = (list, v) => (v && !list.includes(v) ? list.concat([v]) : list);
  return ui.el('div', { class: 'filters' },
    ui.select({
      labelKey: 'events.filter.service', testId: 'filter-service', value: page.filters.service,
      options: [['', t('common.all')], ...withCurrent(services, page.filters.service).map((s) => [s, s])], onchange: (v) => apply({ service: v, agentId: null }),
    }),
    ui.select({
      labelKey: 'events.filter.rule', testId: 'filter-rule', value: page.filters.rule,
      options: [['', t('common.all')], ...withCurrent(rules, page.filters.rule).map((s) => [s, s])], onchange: (v) => apply({ rule: v }),
    }),
    ui.select({
      labelKey: 'events.filter.verdict', testId: 'filter-verdict', value: page.filters.verdict,
      options: [['', t('common.all')], ...withCurrent(VERDICTS, page.filters.verdict).map((v) => [v, ui.label('state', v)])], onchange: (v) => apply({ verdict: v }),
    }),
    ui.select({
      labelKey: 'events.filter.type', testId: 'filter-type', value: page.filters.type,
      options: [['', t('common.all')], ...withCurrent(TYPES, page.filters.type).map((v) => [v, v])], onchange: (v) => apply({ type: v }),
    }),
    ui.select({
      labelKey: 'events.filter.range', testId: 'filter-range', value: page.filters.range,
      options: Object.keys(RANGES).map((r) => [r === 'all' ? '' : r, t(`events.range.${r}`)]), onchange: (v) => apply({ range: v }),
    }),
    page.filters.agentId ? ui.el('span', { class: 'field' }, ui.el('span', null, t('events.filter.instance')),
      ui.el('span', { class: 'badge badge-info mono', 'data-test': 'filter-agent' }, page.filters.agentId)) : null,
    FILTER_KEYS.some((k) => page.filters[k])
      ? ui.el('button', { type: 'button', class: 'btn', 'data-test': 'filter-clear', onclick: () => ctx.setParams({ live: page.live ? null : '0' }) }, t('common.clear')) : null);
}

export default {
  id: 'events',
  titleKey: 'events.title',

  async render(root, ctx) {
    const { ui, t, params } = ctx;
    const filters = ui.filtersFrom(params, FILTER_KEYS, RANGES);
    page = {
      ctx,
      filters,
      live: params.live !== '0',
      chartWindow: params.chart === '7d' ? '7d' : '24h',
      selected: null,
      rows: [],
      seen: new Set(),
      loadedAt: Date.now(),
      polls: 0,
      tableHost: ui.el('div', null, ui.loading()),
      detailHost: ui.el('div'),
      overTimeHost: ui.el('div', null, ui.el('div', { class: 'chart-empty' }, ui.loading())),
      byRuleHost: ui.el('div', null, ui.el('div', { class: 'chart-empty' }, ui.loading())),
      liveStatus: ui.el('div'),
      newBadge: ui.el('span', { 'aria-live': 'polite' }),
    };
    const mine = page;
    const liveBox = ui.el('input', { type: 'checkbox', 'data-test': 'events-live', prop: { checked: page.live } });
    liveBox.addEventListener('change', () => setLive(ctx, liveBox.checked));
    page.liveLabel = ui.el('label', { class: ['toggle', page.live ? 'live-on' : null], title: t('events.live.hint') },
      liveBox, ui.el('span', { class: 'live-dot', 'aria-hidden': 'true' }), t('events.live'));
    const windowButton = (w) => ui.el('button', {
      type: 'button', class: ['btn', page.chartWindow === w ? 'btn-primary' : null], 'aria-pressed': String(page.chartWindow === w),
      'data-test': `events-chart-${w}`, onclick: () => ctx.setParams(Object.assign(hashParams(), { chart: w === '7d' ? '7d' : null })),
    }, t(`events.chart.${w}`));
    const filtersHost = ui.el('div');
    page.layout = ui.el('div', { class: 'layout-detail' }, ui.el('div', null, page.tableHost), page.detailHost);
    root.append(
      ui.el('div', { class: 'page-head' },
        ui.el('div', null, ui.el('h1', null, t('events.title')), ui.el('p', { class: 'muted' }, t('events.subtitle'))),
        ui.el('div', { class: 'filters' }, page.newBadge, page.liveLabel)),
      page.liveStatus,
      filtersHost,
      ui.el('div', { class: 'charts' },
        ui.el('div', { class: 'chart-box' },
          ui.el('div', { class: 'page-head' }, ui.el('h2', null, t('events.chart.overTime')), ui.el('div', null, windowButton('24h'), ' ', windowButton('7d'))),
          page.overTimeHost),
        ui.el('div', { class: 'chart-box' },
          ui.el('div', { class: 'page-head' }, ui.el('h2', null, t('events.chart.byRule')), ui.el('span', { class: 'muted small' }, t('events.chart.last7d'))),
          page.byRuleHost)),
      page.layout);

    ui.replace(filtersHost, filterBar(ctx, [], []));
    // Once the server is known, the charts' counts are asked for beside the first page of rows.
    let earlyCharts = null;
    if (knownCursorApi !== null) {
      page.cursorApi = knownCursorApi;
      earlyCharts = drawCharts(ctx);
    }
    await firstPage(ctx);
    if (page !== mine) {
      return;
    }
    if (params.event) {
      const chosen = page.rows.find((e) => e.id === params.event);
      if (chosen) {
        showDetail(ctx, chosen);
      }
    }
    root.setAttribute('data-ready', 'true');
    if (page.live) {
      page.timer = setInterval(() => poll(ctx), LIVE_MS);
    }
    // The filters' lists and the charts come after the rows, side by side.
    const lists = Promise.all([knownValues(ctx, 'service'), knownValues(ctx, 'rule')]).then(([services, rules]) => {
      if (page === mine) {
        ui.replace(filtersHost, filterBar(ctx, services, rules));
      }
    }, () => {
      // the lists stay as they are (the current filters only); the rows and charts do not depend on them
    });
    await Promise.all([lists, earlyCharts || drawCharts(ctx)]);
  },

  dispose() {
    if (page) {
      clearInterval(page.timer);
      clearTimeout(page.newBadgeTimer);
    }
    page = null;
  },
};
