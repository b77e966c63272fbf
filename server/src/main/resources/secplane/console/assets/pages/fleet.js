// Fleet: every agent of the plane — what runs where (JDK, agent version), which policy snapshot
// it applied, when it last called, and which aspects it had to quarantine (docs/console.md "Fleet").

export const messages = {
  en: {
    'fleet.title': 'Fleet',
    'fleet.subtitle': 'Every instance running the agent: its JDK, agent version, applied snapshot and health.',
    'fleet.tiles.instances': 'Instances',
    'fleet.tiles.services': 'Services',
    'fleet.tiles.stale': 'Stale (no contact for 3 heartbeats)',
    'fleet.tiles.quarantined': 'Instances with quarantined aspects',
    'fleet.tiles.pending': 'Snapshot pending',
    'fleet.tiles.failed': 'Snapshot rejected',
    'fleet.chart.jdk': 'Instances by JDK',
    'fleet.chart.agentVersion': 'Instances by agent version',
    'fleet.chart.none': 'No instances yet.',
    'fleet.chart.failed': 'The chart could not be drawn: {message}. Reload the page.',
    'fleet.filter.service': 'Service',
    'fleet.filter.state': 'State',
    'fleet.filter.q': 'Instance, host or agent id',
    'fleet.state.healthy': 'healthy (in contact)',
    'fleet.state.stale': 'stale',
    'fleet.state.quarantined': 'with quarantined aspects',
    'fleet.col.service': 'Service',
    'fleet.col.instance': 'Instance',
    'fleet.col.jdk': 'JDK',
    'fleet.col.agentVersion': 'Agent',
    'fleet.col.snapshot': 'Snapshot applied',
    'fleet.col.lastContact': 'Last contact',
    'fleet.col.quarantined': 'Quarantined aspects',
    'fleet.snapshot.none': 'none yet',
    'fleet.snapshot.noPolicy': 'no policy pushed for this service',
    'fleet.snapshot.target': 'v{version} on its way',
    'fleet.empty': 'No instance matches.',
    'fleet.empty.hint': 'Agents appear here once they enrol: start a JVM with -javaagent:secplane-agent.jar and an enrolment token (secplane tokens create --enrol <service>).',
    'fleet.empty.filtered': 'Clear the filters to see every instance.',
    'fleet.rows': '{count} instances',
    'fleet.rowsOf': '{from}–{to} of {total}',
    'fleet.detail.title': '{instance}',
    'fleet.detail.agent': 'Agent',
    'fleet.detail.agentId': 'Agent id',
    'fleet.detail.service': 'Service',
    'fleet.detail.instance': 'Instance',
    'fleet.detail.host': 'Host',
    'fleet.detail.pid': 'Process id',
    'fleet.detail.jvm': 'JVM',
    'fleet.detail.agentVersion': 'Agent version',
    'fleet.detail.labels': 'Labels',
    'fleet.detail.enrolledAt': 'Enrolled',
    'fleet.detail.lastContact': 'Last contact',
    'fleet.detail.state': 'Snapshot state',
    'fleet.detail.applied': 'Applied version',
    'fleet.detail.appliedAt': 'Applied at',
    'fleet.detail.target': 'Version meant for it',
    'fleet.detail.error': 'Rejection reason',
    'fleet.detail.dropped': 'Events dropped by the agent',
    'fleet.detail.aspects': 'Aspects',
    'fleet.detail.aspect': 'Aspect',
    'fleet.detail.version': 'Version',
    'fleet.detail.aspectState': 'State',
    'fleet.detail.noAspects': 'The agent has not reported its aspects yet.',
    'fleet.detail.inventory': 'Inventory',
    'fleet.detail.noInventory': 'No inventory received from this agent (it may run with inventory=false, or not have sent it yet).',
    'fleet.detail.jdk': 'JDK',
    'fleet.detail.appServer': 'Application server',
    'fleet.detail.jars': 'Jars and class directories',
    'fleet.detail.collectedAt': 'Collected',
    'fleet.detail.components': 'Components ({count})',
    'fleet.detail.moreComponents': '…and {count} more in the CycloneDX file.',
    'fleet.detail.cyclonedx': 'Download the inventory (CycloneDX)',
    'fleet.detail.events': 'Events of this instance',
    'fleet.detail.jarErrors': '{count} jars could not be read completely',
  },
  'zh-CN': {
    'fleet.title': '实例总览',
    'fleet.subtitle': '所有运行探针的实例：JDK、探针版本、已应用的策略快照及健康状况。',
    'fleet.tiles.instances': '实例数',
    'fleet.tiles.services': '服务数',
    'fleet.tiles.stale': '失联（连续 3 次心跳未联系）',
    'fleet.tiles.quarantined': '有切面被隔离的实例',
    'fleet.tiles.pending': '快照待生效',
    'fleet.tiles.failed': '快照被拒绝',
    'fleet.chart.jdk': '按 JDK 统计实例',
    'fleet.chart.agentVersion': '按探针版本统计实例',
    'fleet.chart.none': '暂无实例。',
    'fleet.chart.failed': '图表无法绘制：{message}。请刷新页面。',
    'fleet.filter.service': '服务',
    'fleet.filter.state': '状态',
    'fleet.filter.q': '实例、主机或探针 ID',
    'fleet.state.healthy': '正常（保持联系）',
    'fleet.state.stale': '失联',
    'fleet.state.quarantined': '有切面被隔离',
    'fleet.col.service': '服务',
    'fleet.col.instance': '实例',
    'fleet.col.jdk': 'JDK',
    'fleet.col.agentVersion': '探针版本',
    'fleet.col.snapshot': '已应用快照',
    'fleet.col.lastContact': '最近联系',
    'fleet.col.quarantined': '被隔离的切面',
    'fleet.snapshot.none': '尚未应用',
    'fleet.snapshot.noPolicy': '该服务尚未推送策略',
    'fleet.snapshot.target': 'v{version} 下发中',
    'fleet.empty': '没有符合条件的实例。',
    'fleet.empty.hint': '探针注册后即显示在此：使用 -javaagent:secplane-agent.jar 和注册令牌启动 JVM（secplane tokens create --enrol <服务名>）。',
    'fleet.empty.filtered': '清除筛选条件即可查看全部实例。',
    'fleet.rows': '共 {count} 个实例',
    'fleet.rowsOf': '第 {from}–{to} 个，共 {total} 个',
    'fleet.detail.title': '{instance}',
    'fleet.detail.agent': '探针',
    'fleet.detail.agentId': '探针 ID',
    'fleet.detail.service': '服务',
    'fleet.detail.instance': '实例',
    'fleet.detail.host': '主机',
    'fleet.detail.pid': '进程号',
    'fleet.detail.jvm': 'JVM',
    'fleet.detail.agentVersion': '探针版本',
    'fleet.detail.labels': '标签',
    'fleet.detail.enrolledAt': '注册时间',
    'fleet.detail.lastContact': '最近联系',
    'fleet.detail.state': '快照状态',
    'fleet.detail.applied': '已应用版本',
    'fleet.detail.appliedAt': '应用时间',
    'fleet.detail.target': '应下发版本',
    'fleet.detail.error': '拒绝原因',
    'fleet.detail.dropped': '探针丢弃的事件数',
    'fleet.detail.aspects': '切面',
    'fleet.detail.aspect': '切面',
    'fleet.detail.version': '版本',
    'fleet.detail.aspectState': '状态',
    'fleet.detail.noAspects': '探针尚未上报其切面。',
    'fleet.detail.inventory': '资产清单',
    'fleet.detail.noInventory': '未收到该探针的资产清单（可能以 inventory=false 运行，或尚未上报）。',
    'fleet.detail.jdk': 'JDK',
    'fleet.detail.appServer': '应用服务器',
    'fleet.detail.jars': 'Jar 包和类目录',
    'fleet.detail.collectedAt': '采集时间',
    'fleet.detail.components': '组件（{count}）',
    'fleet.detail.moreComponents': '……另有 {count} 个，见 CycloneDX 文件。',
    'fleet.detail.cyclonedx': '下载资产清单（CycloneDX）',
    'fleet.detail.events': '该实例的安全事件',
    'fleet.detail.jarErrors': '{count} 个 Jar 包未能完整读取',
  },
};

const PAGE_SIZE = 50;
const REFRESH_MS = 15000;
const STATES = ['healthy', 'stale', 'quarantined'];

let page = null; // the state of the page on screen; null once it is left
// Whether the control plane pages the agent list (and so aggregates the summary); learnt from the
// first answer, so that later visits ask for the list and the summary at the same time.
let agentsPaged = null;

function quarantinedAspects(agent) {
  return (agent.aspects || []).filter((a) => a && a.state === 'quarantined');
}

/**
 * The fleet summary. A server that pages the agent list (it answers `next`) also aggregates the
 * fleet summary (GET /v1/agents/summary without service, docs/protocol.md "Console calls"); an
 * older one answered the whole list already, and the summary is counted from it here.
 */
async function loadSummary(ctx, everyAgent) {
  if (!everyAgent) {
    return ctx.api.get('/v1/agents/summary');
  }
  const agents = everyAgent;
  const count = (key) => {
    const m = new Map();
    for (const a of agents) {
      const k = key(a);
      m.set(k, (m.get(k) || 0) + 1);
    }
    return m;
  };
  const services = [...count((a) => a.service)].map(([service, n]) => ({
    service, agents: n,
    stale: agents.filter((a) => a.service === service && a.state === 'stale').length,
  }));
  return {
    agents: agents.length,
    stale: agents.filter((a) => a.state === 'stale').length,
    quarantined: agents.filter((a) => quarantinedAspects(a).length > 0).length,
    applied: agents.filter((a) => a.state === 'applied').length,
    pending: agents.filter((a) => a.state === 'pending').length,
    failed: agents.filter((a) => a.state === 'failed').length,
    services,
    jdks: [...count((a) => a.jvm)].map(([jdk, n]) => ({ jdk, agents: n })),
    agentVersions: [...count((a) => a.agentVersion)].map(([agentVersion, n]) => ({ agentVersion, agents: n })),
  };
}

/**
 * One page of agents. The server pages with limit/cursor and answers `next`; a server that
 * does not page answers every agent (no `next` member), which is then filtered and paged here.
 */
async function loadAgents(ctx, { service, state, q, cursor }) {
  const res = await ctx.api.get('/v1/agents', { service, state, q, cursor, limit: PAGE_SIZE });
  agentsPaged = Object.prototype.hasOwnProperty.call(res, 'next');
  if (agentsPaged) {
    return { rows: res.agents, next: res.next, total: res.total, every: null };
  }
  const needle = (q || '').toLowerCase();
  const rows = res.agents.filter((a) => {
    if (state === 'stale' && a.state !== 'stale') {
      return false;
    }
    if (state === 'healthy' && a.state === 'stale') {
      return false;
    }
    if (state === 'quarantined' && quarantinedAspects(a).length === 0) {
      return false;
    }
    return !needle || [a.instanceId, a.host, a.agentId].some((v) => v && v.toLowerCase().includes(needle));
  });
  const offset = cursor ? Number(cursor) || 0 : 0;
  const next = offset + PAGE_SIZE < rows.length ? String(offset + PAGE_SIZE) : null;
  return { rows: rows.slice(offset, offset + PAGE_SIZE), next, total: rows.length, every: res.agents };
}

function tiles(ctx, s) {
  const { ui } = ctx;
  return ui.el('div', { class: 'tiles', 'data-test': 'fleet-summary' },
    ui.tile('fleet.tiles.instances', s.agents ?? 0, { testId: 'fleet-tile-instances' }),
    ui.tile('fleet.tiles.services', (s.services || []).length, { testId: 'fleet-tile-services' }),
    ui.tile('fleet.tiles.stale', s.stale ?? 0, { kind: 'warn', testId: 'fleet-tile-stale' }),
    ui.tile('fleet.tiles.quarantined', s.quarantined ?? 0, { kind: 'bad', testId: 'fleet-tile-quarantined' }),
    ui.tile('fleet.tiles.pending', s.pending ?? 0, { kind: 'warn', testId: 'fleet-tile-pending' }),
    s.failed ? ui.tile('fleet.tiles.failed', s.failed, { kind: 'bad', testId: 'fleet-tile-failed' }) : null);
}

function barOption(ctx, entries, color) {
  // Horizontal bars: JVM strings such as "17.0.15 (Debian)" stay readable on the axis.
  const sorted = entries.slice().sort((a, b) => a[1] - b[1]);
  return {
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: sorted.map((e) => e[0]), axisLabel: { width: 180, overflow: 'truncate' } },
    series: [{
      type: 'bar', data: sorted.map((e) => e[1]), itemStyle: { color }, barMaxWidth: 22,
      label: { show: true, position: 'right', formatter: (p) => ctx.fmtNumber(p.value) },
    }],
  };
}

function chartBox(ctx, titleKey, testId, entries, color) {
  const { ui, t } = ctx;
  const box = ui.el('div', { class: 'chart', 'data-test': testId, role: 'img', 'aria-label': t(titleKey) });
  const wrap = ui.el('div', { class: 'chart-box' }, ui.el('h2', null, t(titleKey)),
    entries.length ? box : ui.el('div', { class: 'chart-empty' }, t('fleet.chart.none')));
  if (entries.length) {
    // drawn once the box is in the document (ECharts measures it)
    page.afterMount.push(() => ui.chart(box, barOption(ctx, entries, color)).catch((e) => {
      box.replaceWith(ui.el('div', { class: 'chart-empty error-box' }, t('fleet.chart.failed', { message: e && e.message ? e.message : String(e) })));
    }));
  }
  return wrap;
}

function snapshotCell(ctx, a) {
  const { ui, t } = ctx;
  if (!a.appliedVersion && !a.targetVersion && a.state !== 'stale') {
    // no version of the service's policy exists yet: nothing to apply, nothing pending
    return ui.el('span', { class: 'muted' }, t('fleet.snapshot.noPolicy'));
  }
  const applied = a.appliedVersion ? `v${a.appliedVersion}` : t('fleet.snapshot.none');
  const b = ui.badge(a.state);
  if (a.error) {
    b.title = a.error;
  }
  const parts = [ui.el('span', { class: 'mono' }, applied), ' ', b];
  if (a.targetVersion && a.targetVersion !== a.appliedVersion && a.state !== 'stale') {
    parts.push(ui.el('div', { class: 'muted small' }, t('fleet.snapshot.target', { version: a.targetVersion })));
  }
  return ui.el('span', null, parts);
}

function columns(ctx) {
  const { ui } = ctx;
  return [
    { key: 'service', titleKey: 'fleet.col.service' },
    {
      key: 'instanceId', titleKey: 'fleet.col.instance',
      render: (a) => ui.el('span', null, ui.el('span', { class: 'mono' }, a.instanceId), a.host ? ui.el('div', { class: 'muted small' }, a.host) : null),
    },
    { key: 'jvm', titleKey: 'fleet.col.jdk' },
    { key: 'agentVersion', titleKey: 'fleet.col.agentVersion', className: 'mono' },
    { key: 'snapshot', titleKey: 'fleet.col.snapshot', render: (a) => snapshotCell(ctx, a) },
    { key: 'lastContact', titleKey: 'fleet.col.lastContact', className: 'nowrap', render: (a) => ui.relTime(a.lastContact) },
    {
      key: 'quarantined', titleKey: 'fleet.col.quarantined', num: true,
      render: (a) => {
        const q = quarantinedAspects(a);
        return q.length ? ui.el('span', { class: 'badge badge-bad', title: q.map((x) => x.id).join(', ') }, `${ctx.fmtNumber(q.length)} · ${q.map((x) => x.id).join(', ')}`) : '0';
      },
    },
  ];
}

async function showDetail(ctx, agent) {
  const { ui, t } = ctx;
  page.selected = agent.agentId;
  ctx.setParams(Object.assign({}, page.filters, { agent: agent.agentId }), { quiet: true });
  for (const tr of page.tableHost.querySelectorAll('tr[data-agent-id]')) {
    tr.classList.toggle('selected', tr.dataset.agentId === agent.agentId);
  }
  const close = () => {
    page.selected = null;
    ctx.setParams(page.filters, { quiet: true });
    page.layout.classList.remove('with-detail');
    page.detailHost.replaceChildren();
    for (const tr of page.tableHost.querySelectorAll('tr.selected')) {
      tr.classList.remove('selected');
    }
  };
  const inventorySlot = ui.el('div', null, ui.loading());
  const aspects = agent.aspects || [];
  const panel = ui.detailPanel({ title: t('fleet.detail.title', { instance: agent.instanceId }), testId: 'fleet-detail', onClose: close, attrs: { 'data-agent-id': agent.agentId } },
    ui.kv([
      ['fleet.detail.agentId', ui.el('span', { class: 'mono' }, agent.agentId)],
      ['fleet.detail.service', agent.service],
      ['fleet.detail.host', agent.host],
      ['fleet.detail.pid', agent.pid === null || agent.pid === undefined ? null : String(agent.pid)],
      ['fleet.detail.jvm', agent.jvm],
      ['fleet.detail.agentVersion', agent.agentVersion],
      ['fleet.detail.labels', Object.keys(agent.labels || {}).length
        ? Object.entries(agent.labels).map(([k, v]) => ui.el('span', { class: 'badge badge-muted' }, `${k}=${v}`)) : null],
      ['fleet.detail.enrolledAt', ui.absTime(agent.enrolledAt)],
      ['fleet.detail.lastContact', ui.relTime(agent.lastContact)],
      ['fleet.detail.state', ui.badge(agent.state)],
      ['fleet.detail.applied', agent.appliedVersion ? `v${agent.appliedVersion}` : t('fleet.snapshot.none')],
      ['fleet.detail.appliedAt', ui.absTime(agent.appliedAt)],
      ['fleet.detail.target', agent.targetVersion ? `v${agent.targetVersion}` : null],
      agent.error ? ['fleet.detail.error', ui.el('span', { class: 'mono' }, agent.error)] : null,
      ['fleet.detail.dropped', ctx.fmtNumber(agent.eventsDropped || 0)],
    ]),
    ui.el('h3', null, t('fleet.detail.aspects')),
    aspects.length ? ui.table({
      columns: [
        { key: 'id', titleKey: 'fleet.detail.aspect', className: 'mono' },
        { key: 'version', titleKey: 'fleet.detail.version', className: 'mono' },
        { key: 'state', titleKey: 'fleet.detail.aspectState', render: (a) => ui.badge(a.state) },
      ],
      rows: aspects,
      testId: 'fleet-aspects',
    }) : ui.el('p', { class: 'muted' }, t('fleet.detail.noAspects')),
    ui.el('h3', null, t('fleet.detail.inventory')),
    inventorySlot,
    ui.el('p', null, ui.el('a', { href: ctx.hashFor('events', { service: agent.service, agentId: agent.agentId }), 'data-test': 'fleet-detail-events' }, t('fleet.detail.events'))));
  page.detailHost.replaceChildren(panel);
  page.layout.classList.add('with-detail');
  panel.focus({ preventScroll: true });

  try {
    const res = await ctx.api.get('/v1/inventory', { service: agent.service, instance: agent.instanceId });
    if (!page || page.selected !== agent.agentId) {
      return;
    }
    const inv = (res.agents || []).find((x) => x.agentId === agent.agentId);
    ui.replace(inventorySlot, inventory(ctx, agent, inv));
  } catch (e) {
    if (page && page.selected === agent.agentId) {
      ui.replace(inventorySlot, ui.errorBox(e));
    }
  }
}

function inventory(ctx, agent, inv) {
  const { ui, t } = ctx;
  if (!inv) {
    return ui.el('p', { class: 'muted' }, t('fleet.detail.noInventory'));
  }
  const jdk = inv.jdk ? [inv.jdk.vendor, inv.jdk.version, inv.jdk.runtime].filter(Boolean).join(' · ') : null;
  const server = inv.appServer ? [inv.appServer.name, inv.appServer.version].filter(Boolean).join(' ') : null;
  const components = [];
  let jarErrors = 0;
  for (const jar of inv.jars || []) {
    if (jar.error) {
      jarErrors++;
    }
    for (const c of jar.components || []) {
      components.push({ name: [c.group, c.artifact].filter(Boolean).join(':'), version: c.version, source: c.source, jar: jar.path });
    }
  }
  components.sort((a, b) => a.name.localeCompare(b.name));
  const shown = components.slice(0, 30);
  return ui.el('div', { 'data-test': 'fleet-inventory' },
    ui.kv([
      ['fleet.detail.jdk', jdk],
      ['fleet.detail.appServer', server],
      ['fleet.detail.jars', ctx.fmtNumber(inv.jarCount ?? (inv.jars || []).length)],
      ['fleet.detail.collectedAt', ui.absTime(inv.collectedAt)],
    ]),
    jarErrors ? ui.el('p', { class: 'badge badge-warn' }, t('fleet.detail.jarErrors', { count: jarErrors })) : null,
    ui.el('details', { open: components.length <= 30 },
      ui.el('summary', null, t('fleet.detail.components', { count: components.length })),
      ui.el('ul', { class: 'mono small' }, shown.map((c) => ui.el('li', { title: c.jar }, `${c.name}${c.version ? `:${c.version}` : ''}`))),
      components.length > shown.length ? ui.el('p', { class: 'muted small' }, t('fleet.detail.moreComponents', { count: components.length - shown.length })) : null),
    ui.el('p', null, ui.el('a', {
      href: `/v1/inventory/${encodeURIComponent(agent.agentId)}/cyclonedx`, download: `${agent.service}-${agent.instanceId}.cdx.json`, 'data-test': 'fleet-cyclonedx',
    }, t('fleet.detail.cyclonedx'))));
}

async function showRows(ctx) {
  const { ui, t } = ctx;
  const mine = page;
  const cursor = page.cursors[page.cursors.length - 1];
  const result = await loadAgents(ctx, Object.assign({}, page.filters, { cursor }));
  if (page !== mine) {
    return null;
  }
  const filtered = Object.values(page.filters).some(Boolean);
  const tbl = ui.table({
    columns: columns(ctx),
    rows: result.rows,
    testId: 'fleet-table',
    rowTestId: 'fleet-row',
    rowAttrs: (a) => ({ 'data-agent-id': a.agentId, 'data-service': a.service, 'data-state': a.state }),
    onRow: (a) => showDetail(ctx, a),
    selected: (a) => a.agentId === page.selected,
    empty: ui.emptyState(t('fleet.empty'), filtered ? t('fleet.empty.filtered') : t('fleet.empty.hint')),
  });
  const first = (page.cursors.length - 1) * PAGE_SIZE + 1;
  const info = result.total !== undefined && result.total !== null && result.rows.length
    ? t('fleet.rowsOf', { from: first, to: first + result.rows.length - 1, total: result.total })
    : t('fleet.rows', { count: result.rows.length });
  const failed = (e) => {
    if (page === mine) {
      ui.replace(page.tableHost, ui.errorBox(e, () => showRows(ctx).catch(failed)));
    }
  };
  const pager = ui.pager({
    testId: 'fleet-pager',
    info,
    hasPrev: page.cursors.length > 1,
    hasNext: Boolean(result.next),
    onPrev: () => {
      page.cursors.pop();
      showRows(ctx).catch(failed);
    },
    onNext: () => {
      page.cursors.push(result.next);
      showRows(ctx).catch(failed);
    },
  });
  ui.replace(page.tableHost, tbl, pager);
  return result;
}

function filterBar(ctx, summary) {
  const { ui, t } = ctx;
  const apply = (change) => ctx.setParams(Object.assign({}, page.filters, change, { agent: null }));
  const services = (summary.services || []).map((s) => s.service).sort();
  if (page.filters.service && !services.includes(page.filters.service)) {
    services.push(page.filters.service);
  }
  return ui.el('div', { class: 'filters' },
    ui.select({
      labelKey: 'fleet.filter.service', testId: 'fleet-filter-service', value: page.filters.service,
      options: [['', t('common.all')], ...services.map((s) => [s, s])], onchange: (v) => apply({ service: v }),
    }),
    ui.select({
      labelKey: 'fleet.filter.state', testId: 'fleet-filter-state', value: page.filters.state,
      options: [['', t('common.all')], ...STATES.map((s) => [s, t(`fleet.state.${s}`)])], onchange: (v) => apply({ state: v }),
    }),
    ui.input({ labelKey: 'fleet.filter.q', testId: 'fleet-filter-q', value: page.filters.q, type: 'search', onchange: (v) => apply({ q: v }) }),
    Object.values(page.filters).some(Boolean)
      ? ui.el('button', { type: 'button', class: 'btn', onclick: () => ctx.setParams({}) }, t('common.clear')) : null);
}

export default {
  id: 'fleet',
  titleKey: 'fleet.title',

  async render(root, ctx) {
    const { ui, t, params } = ctx;
    page = {
      filters: { service: params.service || '', state: STATES.includes(params.state) ? params.state : '', q: params.q || '' },
      cursors: [null],
      selected: null,
      afterMount: [],
      tableHost: ui.el('div', null, ui.loading()),
      detailHost: ui.el('div'),
      layout: null,
    };
    const mine = page;
    page.layout = ui.el('div', { class: 'layout-detail' }, ui.el('div', null, page.tableHost), page.detailHost);
    const summaryHost = ui.el('div', null, ui.loading());
    const chartsHost = ui.el('div');
    const filtersHost = ui.el('div');
    root.append(
      ui.el('div', { class: 'page-head' },
        ui.el('div', null, ui.el('h1', null, t('fleet.title')), ui.el('p', { class: 'muted' }, t('fleet.subtitle'))),
        ui.el('button', { type: 'button', class: 'btn', 'data-test': 'fleet-refresh', onclick: () => ctx.reload() }, t('common.refresh'))),
      summaryHost, chartsHost, filtersHost, page.layout);

    let rows;
    let summary;
    if (agentsPaged) {
      [rows, summary] = await Promise.all([showRows(ctx), loadSummary(ctx, null)]);
    } else {
      rows = await showRows(ctx);
      if (page !== mine) {
        return;
      }
      summary = await loadSummary(ctx, rows.every);
    }
    if (page !== mine) {
      return;
    }
    const jdks = (summary.jdks || []).map((j) => [j.jdk || '?', j.agents]);
    const versions = (summary.agentVersions || []).map((v) => [v.agentVersion || '?', v.agents]);
    ui.replace(summaryHost, tiles(ctx, summary));
    ui.replace(chartsHost,
      ui.el('div', { class: 'charts' },
        chartBox(ctx, 'fleet.chart.jdk', 'fleet-jdk-chart', jdks, ui.COLORS.observe),
        chartBox(ctx, 'fleet.chart.agentVersion', 'fleet-agent-version-chart', versions, '#00838f')));
    ui.replace(filtersHost, filterBar(ctx, summary));
    const charts = page.afterMount.splice(0);
    if (params.agent) {
      const chosen = rows && rows.rows.find((a) => a.agentId === params.agent);
      if (chosen) {
        showDetail(ctx, chosen);
      }
    }
    // The tests and the shell read data-ready once the numbers and the first rows are on screen;
    // the charts follow without holding it back.
    root.setAttribute('data-ready', 'true');
    // Last contacts and states move on their own: the tiles and the page of rows on screen are
    // read again every 15 s (the charts and an open detail stay as they are).
    ctx.poll(async () => {
      try {
        const again = await showRows(ctx);
        if (page !== mine || !again) {
          return;
        }
        const fresh = await loadSummary(ctx, again.every);
        if (page === mine) {
          ui.replace(summaryHost, tiles(ctx, fresh));
        }
      } catch (e) {
        // the next round tries again; a 401 has already brought the login view
      }
    }, REFRESH_MS);
    await Promise.all(charts.map((draw) => draw()));
  },

  dispose() {
    page = null;
  },
};
