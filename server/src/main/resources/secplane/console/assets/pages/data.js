// Data: where personal data shows up (the data map by type and JR/T 0197 level), how it flows
// from a source column through an endpoint to its consumer, and the open baseline violations
// (findings) an operator can close with a reason (docs/console.md "Data", docs/data-governance.md).

import { ensureStyles, LEVEL_COLORS, chartHost } from './common.js';

export const messages = {
  en: {
    'data.title': 'Data map',
    'data.subtitle': 'Sensitive data the agents saw in responses, logs, outbound calls and columns, by type and level; its flows; and baseline violations.',
    'data.filter.kind': 'Where',
    'data.filter.type': 'Data type',
    'data.filter.minLevel': 'Sensitivity level at least',
    'data.filter.anyLevel': 'any',
    'data.kind.endpoint': 'endpoint (response)',
    'data.kind.logger': 'logger',
    'data.kind.destination': 'outbound destination',
    'data.kind.column': 'database column',
    'data.levels': 'Assets by data type and sensitivity level',
    'data.levels.series': 'Level {level}',
    'data.levels.assets': 'assets',
    'data.levels.none': 'No sensitive data seen yet.',
    'data.assets': 'Data assets',
    'data.assets.count': '{shown} of {total} assets shown',
    'data.assets.empty': 'No data asset matches.',
    'data.assets.empty.hint': 'Assets appear when agents with the data aspect see personal data; clear the filters to see all.',
    'data.col.service': 'Service',
    'data.col.kind': 'Where',
    'data.col.name': 'Asset',
    'data.col.type': 'Type',
    'data.col.level': 'Level',
    'data.col.values': 'Values',
    'data.col.reports': 'Reports',
    'data.col.suppressed': 'Counted only',
    'data.col.lastSeen': 'Last seen',
    'data.flows': 'Flows: source → endpoint → consumer',
    'data.flows.type': 'Flows of data type',
    'data.flows.none': 'No flow of this data type has been seen.',
    'data.flows.unknownSource': '(source not traced)',
    'data.flows.pickType': 'Pick a data type to see its flows.',
    'data.col.source': 'Source',
    'data.col.endpoint': 'Endpoint',
    'data.col.consumer': 'Consumer',
    'data.col.firstSeen': 'First seen',
    'data.violations': 'Open violations',
    'data.violations.summary': '{open} open, {closed} closed',
    'data.violations.empty': 'No open violation.',
    'data.col.rule': 'Rule',
    'data.col.asset': 'Asset',
    'data.col.types': 'Types',
    'data.col.openedAt': 'First seen',
    'data.col.age': 'Open for',
    'data.col.events': 'Events',
    'data.col.action': 'Action',
    'data.close': 'Close…',
    'data.close.reason': 'Reason',
    'data.close.placeholder': 'e.g. masked in release 4.2',
    'data.close.submit': 'Close finding',
    'data.close.needReason': 'Say why it is closed: the reason goes to the audit trail.',
    'data.close.done': 'Finding {id} closed.',
  },
  'zh-CN': {
    'data.title': '数据地图',
    'data.subtitle': '探针在响应、日志、外发请求和数据库字段中发现的敏感数据（按数据类型和敏感级别），数据流向，以及数据安全基线违规。',
    'data.filter.kind': '位置',
    'data.filter.type': '数据类型',
    'data.filter.minLevel': '最低敏感级别',
    'data.filter.anyLevel': '不限',
    'data.kind.endpoint': '接口（响应）',
    'data.kind.logger': '日志',
    'data.kind.destination': '外发目的地',
    'data.kind.column': '数据库字段',
    'data.levels': '按数据类型与敏感级别统计的数据资产',
    'data.levels.series': '{level} 级',
    'data.levels.assets': '个资产',
    'data.levels.none': '尚未发现敏感数据。',
    'data.assets': '数据资产',
    'data.assets.count': '共 {total} 个资产，显示 {shown} 个',
    'data.assets.empty': '没有符合条件的数据资产。',
    'data.assets.empty.hint': '启用数据切面的探针发现个人信息后，资产会出现在这里；清除筛选条件可查看全部。',
    'data.col.service': '服务',
    'data.col.kind': '位置',
    'data.col.name': '资产',
    'data.col.type': '类型',
    'data.col.level': '级别',
    'data.col.values': '数据条数',
    'data.col.reports': '上报次数',
    'data.col.suppressed': '仅计数',
    'data.col.lastSeen': '最近发现',
    'data.flows': '数据流向：来源 → 接口 → 接收方',
    'data.flows.type': '数据类型',
    'data.flows.none': '尚未发现该数据类型的流向。',
    'data.flows.unknownSource': '（来源未追踪到）',
    'data.flows.pickType': '选择数据类型以查看其流向。',
    'data.col.source': '来源',
    'data.col.endpoint': '接口',
    'data.col.consumer': '接收方',
    'data.col.firstSeen': '首次发现',
    'data.violations': '未关闭的违规',
    'data.violations.summary': '未关闭 {open} 个，已关闭 {closed} 个',
    'data.violations.empty': '没有未关闭的违规。',
    'data.col.rule': '规则',
    'data.col.asset': '资产',
    'data.col.types': '数据类型',
    'data.col.openedAt': '首次发现',
    'data.col.age': '持续时间',
    'data.col.events': '事件数',
    'data.col.action': '操作',
    'data.close': '关闭…',
    'data.close.reason': '原因',
    'data.close.placeholder': '例如：已在 4.2 版本中脱敏',
    'data.close.submit': '关闭该违规',
    'data.close.needReason': '请填写关闭原因：原因会记入审计日志。',
    'data.close.done': '违规 {id} 已关闭。',
  },
};

const KINDS = ['endpoint', 'logger', 'destination', 'column'];
const MAX_ASSETS = 200;
const MAX_FLOWS = 200;
const MAX_FINDINGS = 200;

let page = null;

function levelBadge(ui, level) {
  const n = Math.max(0, Math.min(5, Number(level) || 0));
  return ui.el('span', { class: `level level-${n}`, 'data-level': String(n) }, String(n));
}

function assetName(row) {
  return `${row.service} · ${row.name}`;
}

// ---- data map ------------------------------------------------------------------------------------

function filterBar(ctx) {
  const { ui, t } = ctx;
  const f = page.filters;
  const apply = (change) => ctx.setParams(Object.assign({}, f, change));
  return ui.el('div', { class: 'filters', 'data-test': 'data-filters' },
    ui.select({
      labelKey: 'data.filter.kind', value: f.kind, testId: 'filter-kind', onchange: (v) => apply({ kind: v }),
      options: [['', t('common.all')]].concat(KINDS.map((k) => [k, t(`data.kind.${k}`)])),
    }),
    ui.select({
      labelKey: 'data.filter.type', value: f.type, testId: 'filter-type', onchange: (v) => apply({ type: v }),
      options: [['', t('common.all')]].concat(page.types.map((x) => [x, x])),
    }),
    ui.select({
      labelKey: 'data.filter.minLevel', value: f.minLevel, testId: 'filter-min-level', onchange: (v) => apply({ minLevel: v }),
      options: [['', t('data.filter.anyLevel')]].concat([1, 2, 3, 4, 5].map((n) => [String(n), `≥ ${n}`])),
    }),
    f.kind || f.type || f.minLevel
      ? ui.el('button', { type: 'button', class: 'btn', 'data-test': 'filter-clear', onclick: () => ctx.setParams({}) }, t('common.clear'))
      : null);
}

function renderAssets(ctx) {
  const { ui, t } = ctx;
  const rows = page.assets.slice(0, MAX_ASSETS);
  ui.replace(page.assetsHost,
    ui.el('p', { class: 'muted small', 'data-test': 'data-assets-count' }, t('data.assets.count', { shown: rows.length, total: page.assetsTotal })),
    ui.table({
      testId: 'data-assets',
      rowTestId: 'data-asset-row',
      rowAttrs: (a) => ({ 'data-service': a.service, 'data-kind': a.kind, 'data-type': a.type, 'data-level': String(a.level) }),
      onRow: (a) => ctx.setParams(Object.assign({}, page.filters, { flowType: a.type })),
      empty: ui.emptyState(t('data.assets.empty'), t('data.assets.empty.hint')),
      columns: [
        { titleKey: 'data.col.service', key: 'service' },
        { titleKey: 'data.col.kind', render: (a) => ui.label('data.kind', a.kind) },
        { titleKey: 'data.col.name', className: 'wrap', render: (a) => ui.el('span', { class: 'mono' }, a.name) },
        { titleKey: 'data.col.type', render: (a) => ui.el('span', { class: 'mono' }, a.type) },
        { titleKey: 'data.col.level', render: (a) => levelBadge(ui, a.level) },
        { titleKey: 'data.col.values', num: true, render: (a) => ctx.fmtNumber(a.values) },
        { titleKey: 'data.col.reports', num: true, render: (a) => ctx.fmtNumber(a.reports) },
        { titleKey: 'data.col.suppressed', num: true, render: (a) => ctx.fmtNumber(a.suppressed) },
        { titleKey: 'data.col.lastSeen', render: (a) => ui.relTime(a.lastSeen) },
      ],
      rows,
    }));
}

/**
 * Bars of assets per data type, stacked by level and coloured by it (JR/T 0197 levels 1–5): the
 * chart answers "what kinds of data, and how sensitive".
 */
async function drawLevels(ctx) {
  const { ui, t } = ctx;
  const rows = page.levels;
  const host = page.levelsHost;
  if (!rows.length) {
    ui.replace(host, ui.el('div', { class: 'chart-empty', 'data-test': 'data-levels-chart', 'data-empty': 'true' }, t('data.levels.none')));
    return;
  }
  const box = chartHost(ui, 'data-levels-chart', t('data.levels'));
  box.setAttribute('data-types', String(new Set(rows.map((r) => r.type)).size));
  ui.replace(host, box);
  const types = [...new Set(rows.map((r) => r.type))].sort();
  const levels = [...new Set(rows.map((r) => r.level))].sort((a, b) => a - b);
  const assets = (type, level) => rows.filter((r) => r.type === type && r.level === level).reduce((n, r) => n + r.assets, 0);
  await ui.chart(box, {
    grid: { left: 48, right: 16, top: 36, bottom: 70 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    xAxis: { type: 'category', data: types, axisLabel: { rotate: 30, interval: 0 } },
    yAxis: { type: 'value', minInterval: 1, name: t('data.levels.assets') },
    series: levels.map((level) => ({
      name: t('data.levels.series', { level }),
      type: 'bar',
      stack: 'level',
      color: LEVEL_COLORS[level] || LEVEL_COLORS[0],
      data: types.map((type) => assets(type, level)),
    })),
  });
}

// ---- flows -----------------------------------------------------------------------------------------

function renderFlows(ctx) {
  const { ui, t } = ctx;
  const typeSelect = ui.select({
    labelKey: 'data.flows.type', value: page.flowType, testId: 'flow-type',
    onchange: (v) => ctx.setParams(Object.assign({}, page.filters, { flowType: v })),
    options: page.types.map((x) => [x, x]),
  });
  if (!page.flowType) {
    ui.replace(page.flowsHost, ui.el('p', { class: 'muted' }, t('data.flows.pickType')));
    return;
  }
  const rows = page.flows.slice(0, MAX_FLOWS);
  const chartBox = rows.length
    ? chartHost(ui, 'data-flows-chart', t('data.flows'))
    : ui.el('div', { class: 'chart-empty', 'data-test': 'data-flows-chart', 'data-empty': 'true' }, t('data.flows.none'));
  chartBox.classList.add('chart-tall');
  ui.replace(page.flowsHost,
    ui.el('div', { class: 'filters' }, typeSelect),
    chartBox,
    ui.table({
      testId: 'data-flows',
      rowTestId: 'data-flow-row',
      rowAttrs: (f) => ({ 'data-service': f.service, 'data-source': f.source || '', 'data-consumer': f.consumer }),
      empty: t('data.flows.none'),
      columns: [
        { titleKey: 'data.col.source', render: (f) => (f.source ? ui.el('span', { class: 'mono' }, f.source) : ui.el('span', { class: 'muted' }, t('data.flows.unknownSource'))) },
        { titleKey: 'data.col.endpoint', className: 'wrap', render: (f) => ui.el('span', null, `${f.service} · `, ui.el('span', { class: 'mono' }, f.name), ` (${ui.label('data.kind', f.kind)})`) },
        { titleKey: 'data.col.consumer', render: (f) => ui.el('span', { class: 'mono' }, f.consumer) },
        { titleKey: 'data.col.values', num: true, render: (f) => ctx.fmtNumber(f.values) },
        { titleKey: 'data.col.reports', num: true, render: (f) => ctx.fmtNumber(f.reports) },
        { titleKey: 'data.col.firstSeen', render: (f) => ui.relTime(f.firstSeen) },
        { titleKey: 'data.col.lastSeen', render: (f) => ui.relTime(f.lastSeen) },
      ],
      rows,
    }));
  if (rows.length) {
    drawFlows(ctx, chartBox, rows);
  }
}

/**
 * The flows as a Sankey diagram with three columns: source column, endpoint, consumer. Node
 * names carry their column as a prefix so that a name seen in two columns stays two nodes (a
 * Sankey must be acyclic); the label shows the name without it.
 */
export function sankeyOf(rows, unknownSource) {
  const nodes = new Map();
  const links = new Map();
  const node = (column, name) => {
    const id = `${column}\u241f${name}`;
    if (!nodes.has(id)) {
      nodes.set(id, { name: id, depth: column });
    }
    return id;
  };
  const link = (a, b, v) => {
    const k = `${a}\u241e${b}`;
    links.set(k, (links.get(k) || 0) + v);
  };
  for (const f of rows) {
    const weight = Math.max(1, Number(f.values) || 0, Number(f.reports) || 0);
    const src = node(0, f.source || unknownSource);
    const mid = node(1, `${f.service} ${f.name}`);
    const dst = node(2, f.consumer || '?');
    link(src, mid, weight);
    link(mid, dst, weight);
  }
  return {
    nodes: [...nodes.values()],
    links: [...links.entries()].map(([k, value]) => {
      const [source, target] = k.split('\u241e');
      return { source, target, value };
    }),
  };
}

async function drawFlows(ctx, box, rows) {
  const { ui, t } = ctx;
  const g = sankeyOf(rows, t('data.flows.unknownSource'));
  box.setAttribute('data-nodes', String(g.nodes.length));
  box.setAttribute('data-links', String(g.links.length));
  const strip = (name) => String(name).split('\u241f').pop();
  await ui.chart(box, {
    tooltip: { trigger: 'item', formatter: (p) => (p.dataType === 'edge' ? `${strip(p.data.source)} → ${strip(p.data.target)}: ${ctx.fmtNumber(p.data.value)}` : strip(p.name)) },
    series: [{
      type: 'sankey',
      left: 8,
      right: 160,
      top: 12,
      bottom: 12,
      nodeAlign: 'justify',
      emphasis: { focus: 'adjacency' },
      lineStyle: { color: 'gradient', opacity: 0.35 },
      label: { formatter: (p) => strip(p.name), fontSize: 11 },
      data: g.nodes,
      links: g.links,
    }],
  });
}

// ---- violations --------------------------------------------------------------------------------------

function renderViolations(ctx) {
  const { ui, t } = ctx;
  const operator = ui.roleAtLeast(ctx.session, 'operator');
  const columns = [
    { titleKey: 'data.col.rule', render: (f) => ui.el('span', { class: 'mono' }, f.rule) },
    { titleKey: 'data.col.asset', className: 'wrap', render: (f) => ui.el('span', null, `${f.service} · `, ui.el('span', { class: 'mono' }, f.name), ` (${ui.label('data.kind', f.kind)})`) },
    { titleKey: 'data.col.types', render: (f) => ui.el('span', { class: 'mono small' }, (f.types || []).join(', ')) },
    { titleKey: 'data.col.openedAt', render: (f) => ui.absTime(f.openedAt) },
    { titleKey: 'data.col.age', num: true, render: (f) => ctx.fmtDuration(f.openForSeconds) },
    { titleKey: 'data.col.events', num: true, render: (f) => ctx.fmtNumber(f.events) },
  ];
  if (operator) {
    columns.push({ titleKey: 'data.col.action', render: (f) => closeControl(ctx, f) });
  }
  ui.replace(page.violationsHost,
    ui.el('p', { class: 'muted small', 'data-test': 'data-violations-summary' }, t('data.violations.summary', { open: page.open, closed: page.closed })),
    ui.table({
      testId: 'data-violations',
      rowTestId: 'data-violation-row',
      rowAttrs: (f) => ({ 'data-finding-id': f.id, 'data-rule': f.rule }),
      empty: t('data.violations.empty'),
      columns,
      rows: page.findings.slice(0, MAX_FINDINGS),
    }));
}

function closeControl(ctx, finding) {
  const { ui, t } = ctx;
  const host = ui.el('div');
  const open = () => {
    const reason = ui.el('input', { type: 'text', 'data-test': 'violation-reason', maxlength: '500', placeholder: t('data.close.placeholder'), 'aria-label': t('data.close.reason') });
    const submit = ui.el('button', {
      type: 'button', class: 'btn btn-primary', 'data-test': 'violation-close-submit',
      onclick: async () => {
        const text = reason.value.trim();
        if (!text) {
          ui.toast(t('data.close.needReason'), 'error');
          reason.focus();
          return;
        }
        submit.disabled = true;
        try {
          await ctx.api.post(`/v1/data/findings/${encodeURIComponent(finding.id)}/close`, { reason: text });
          ui.toast(t('data.close.done', { id: finding.id }), 'ok');
          page.findings = page.findings.filter((f) => f.id !== finding.id);
          page.open = Math.max(0, page.open - 1);
          page.closed += 1;
          renderViolations(ctx);
        } catch (e) {
          if (e.code !== 'aborted') {
            ui.toast(`${ui.nextStep(e)} (${e.message})`, 'error');
            submit.disabled = false;
          }
        }
      },
    }, t('data.close.submit'));
    reason.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        submit.click();
      }
    });
    ui.replace(host, ui.el('div', { class: 'inline-form' }, reason, submit));
    reason.focus();
  };
  ui.replace(host, ui.el('button', { type: 'button', class: 'btn', 'data-test': 'violation-close', onclick: open }, t('data.close')));
  return host;
}

// ---- page --------------------------------------------------------------------------------------------

export default {
  id: 'data',
  titleKey: 'data.title',

  async render(root, ctx) {
    ensureStyles();
    const { ui, t, params, api } = ctx;
    root.appendChild(ui.loading());
    const filters = {
      kind: KINDS.includes(params.kind) ? params.kind : '',
      type: /^[A-Z][A-Z0-9_]{0,63}$/.test(params.type || '') ? params.type : '',
      minLevel: /^[1-5]$/.test(params.minLevel || '') ? params.minLevel : '',
    };
    const mine = { filters, assets: [], assetsTotal: 0, levels: [], types: [], flows: [], flowType: '', findings: [], open: 0, closed: 0 };
    page = mine;
    const [map, levels, findings] = await Promise.all([
      api.get('/v1/data/map', { kind: filters.kind, type: filters.type, minLevel: filters.minLevel, limit: MAX_ASSETS }),
      // assets per type and level, aggregated by the plane; a plane without that call has them in its metrics
      api.get('/v1/data/levels').then((r) => r.levels).catch((e) => {
        if (e.status === 404) {
          return api.get('/v1/data/metrics').then((m) => m.exposure || []);
        }
        throw e;
      }),
      api.get('/v1/data/findings', { status: 'open', limit: MAX_FINDINGS }),
    ]);
    if (page !== mine) {
      return;
    }
    mine.assets = map.assets || [];
    mine.assetsTotal = typeof map.total === 'number' ? map.total : mine.assets.length;
    mine.levels = (levels || []).filter((e) => e.assets > 0);
    mine.types = [...new Set(mine.levels.map((e) => e.type).concat(mine.assets.map((a) => a.type)))].sort();
    mine.findings = findings.findings || [];
    mine.open = findings.open !== undefined ? findings.open : mine.findings.length;
    mine.closed = findings.closed || 0;
    // the flows of the chosen type, else of the filter's type, else of the most sensitive type seen
    const bySensitivity = mine.levels.slice().sort((a, b) => b.level - a.level || b.assets - a.assets);
    mine.flowType = [params.flowType, filters.type, bySensitivity[0] && bySensitivity[0].type].find((x) => x && /^[A-Z][A-Z0-9_]{0,63}$/.test(x)) || '';
    if (mine.flowType && !mine.types.includes(mine.flowType)) {
      mine.types.push(mine.flowType);
      mine.types.sort();
    }
    if (mine.flowType) {
      const flows = await api.get('/v1/data/flows', { type: mine.flowType, limit: MAX_FLOWS });
      if (page !== mine) {
        return;
      }
      mine.flows = flows.flows || [];
    }
    mine.levelsHost = ui.el('div');
    mine.assetsHost = ui.el('div');
    mine.flowsHost = ui.el('div');
    mine.violationsHost = ui.el('div');
    ui.replace(root,
      ui.el('div', { class: 'page-head' },
        ui.el('div', null, ui.el('h1', null, t('data.title')), ui.el('p', { class: 'muted' }, t('data.subtitle'))),
        ui.el('button', { type: 'button', class: 'btn', onclick: () => ctx.reload() }, t('common.refresh'))),
      filterBar(ctx),
      ui.el('div', { class: 'charts' }, ui.el('div', { class: 'chart-box' }, ui.el('h2', null, t('data.levels')), mine.levelsHost)),
      ui.el('div', { class: 'section' }, ui.el('h2', null, t('data.assets')), mine.assetsHost),
      ui.el('div', { class: 'section' }, ui.el('h2', null, t('data.flows')), mine.flowsHost),
      ui.el('div', { class: 'section' }, ui.el('h2', null, t('data.violations')), mine.violationsHost));
    renderAssets(ctx);
    renderFlows(ctx);
    renderViolations(ctx);
    root.setAttribute('data-ready', 'true');
    drawLevels(ctx);
  },

  dispose() {
    page = null;
  },
};
