// Drills and reports: the attack drills run against registered targets with their scorecards
// (per category: cases detected and blocked), the score of each target over time, and the
// compliance report for a chosen period and language (docs/console.md "Drills and reports").

import { ensureStyles, chartHost, dayStart, dateValue } from './common.js';

export const messages = {
  en: {
    'drills.title': 'Drills and reports',
    'drills.subtitle': 'Attack drills against registered targets, how each target scored over time, and the compliance report.',
    'drills.filter.target': 'Target',
    'drills.runs': 'Drill runs',
    'drills.runs.empty': 'No drill has run yet.',
    'drills.runs.empty.hint': 'Run one with: secplane drill <target> --server <plane> --token <operator token> (an admin registers the target first).',
    'drills.col.target': 'Target',
    'drills.col.service': 'Service',
    'drills.col.time': 'Started',
    'drills.col.score': 'Score',
    'drills.col.categories': 'Categories (blocked / cases)',
    'drills.col.state': 'State',
    'drills.noResult': 'no result yet',
    'drills.score.hint': 'Score: the share of the drill\'s cases the plane blocked; a category passes when every case of it was blocked.',
    'drills.pass': 'pass',
    'drills.fail': 'fail',
    'drills.trend': 'Score per target over time',
    'drills.trend.none': 'No finished drill run yet.',
    'drills.trend.score': 'Score (% blocked)',
    'drills.detail.title': 'Scorecard of {id}',
    'drills.detail.pick': 'Pick a run to see its scorecard.',
    'drills.detail.target': 'Target',
    'drills.detail.service': 'Service',
    'drills.detail.started': 'Started',
    'drills.detail.finished': 'Finished',
    'drills.detail.requests': 'Requests sent',
    'drills.detail.by': 'Run by',
    'drills.detail.score': 'Score',
    'drills.detail.events': 'Events from',
    'drills.col.category': 'Category',
    'drills.col.cases': 'Cases',
    'drills.col.detected': 'Detected',
    'drills.col.blocked': 'Blocked',
    'drills.col.missed': 'Missed',
    'drills.col.errors': 'Errors',
    'drills.col.falseAlarms': 'False alarms',
    'drills.col.result': 'Result',
    'drills.cases': 'Cases',
    'drills.cases.more': '{count} more cases are in the run\'s result (GET /v1/drills/runs/{id}).',
    'drills.col.case': 'Case',
    'drills.col.request': 'Request',
    'drills.col.status': 'HTTP',
    'drills.col.outcome': 'Outcome',
    'drills.col.rules': 'Rules',
    'drills.outcome.blocked': 'blocked',
    'drills.outcome.detected': 'detected',
    'drills.outcome.missed': 'missed',
    'drills.outcome.error': 'error',
    'drills.report': 'Compliance report',
    'drills.report.hint': 'Built from what the plane observed in the period (agents, policies, drills, exposures, data map, findings), each control mapped to the clauses it evidences. Your own role decides what it can read.',
    'drills.report.from': 'From',
    'drills.report.to': 'To (inclusive)',
    'drills.report.lang': 'Report language',
    'drills.report.lang.en': 'English',
    'drills.report.lang.zh': 'Simplified Chinese',
    'drills.report.pdf': 'Download PDF',
    'drills.report.html': 'Download HTML',
    'drills.report.badPeriod': 'Choose a start day on or before the end day, at most 366 days apart.',
  },
  'zh-CN': {
    'drills.title': '攻防演练与合规报告',
    'drills.subtitle': '针对已登记目标的攻击演练、各目标的得分趋势，以及合规报告下载。',
    'drills.filter.target': '目标',
    'drills.runs': '演练记录',
    'drills.runs.empty': '还没有演练记录。',
    'drills.runs.empty.hint': '运行：secplane drill <目标> --server <控制平面> --token <运维令牌>（需先由管理员登记目标）。',
    'drills.col.target': '目标',
    'drills.col.service': '服务',
    'drills.col.time': '开始时间',
    'drills.col.score': '得分',
    'drills.col.categories': '各类别（拦截数 / 用例数）',
    'drills.col.state': '状态',
    'drills.noResult': '尚无结果',
    'drills.score.hint': '得分：演练用例中被拦截的比例；某类别的全部用例均被拦截即为通过。',
    'drills.pass': '通过',
    'drills.fail': '未通过',
    'drills.trend': '各目标得分趋势',
    'drills.trend.none': '还没有已完成的演练。',
    'drills.trend.score': '得分（拦截率 %）',
    'drills.detail.title': '{id} 的评分卡',
    'drills.detail.pick': '选择一次演练以查看评分卡。',
    'drills.detail.target': '目标',
    'drills.detail.service': '服务',
    'drills.detail.started': '开始时间',
    'drills.detail.finished': '结束时间',
    'drills.detail.requests': '发送请求数',
    'drills.detail.by': '执行人',
    'drills.detail.score': '得分',
    'drills.detail.events': '事件来源',
    'drills.col.category': '类别',
    'drills.col.cases': '用例数',
    'drills.col.detected': '检出',
    'drills.col.blocked': '拦截',
    'drills.col.missed': '漏报',
    'drills.col.errors': '错误',
    'drills.col.falseAlarms': '误报',
    'drills.col.result': '结果',
    'drills.cases': '用例',
    'drills.cases.more': '另有 {count} 个用例见演练结果（GET /v1/drills/runs/{id}）。',
    'drills.col.case': '用例',
    'drills.col.request': '请求',
    'drills.col.status': 'HTTP',
    'drills.col.outcome': '结果',
    'drills.col.rules': '规则',
    'drills.outcome.blocked': '已拦截',
    'drills.outcome.detected': '已检出',
    'drills.outcome.missed': '漏报',
    'drills.outcome.error': '错误',
    'drills.report': '合规报告',
    'drills.report.hint': '根据控制平面在所选期间的观测数据生成（探针覆盖、策略、演练、漏洞暴露面、数据地图、违规），每项控制措施对应其佐证的法规条款。报告内容受您自己的角色权限限制。',
    'drills.report.from': '开始日期',
    'drills.report.to': '结束日期（含）',
    'drills.report.lang': '报告语言',
    'drills.report.lang.en': '英文',
    'drills.report.lang.zh': '简体中文',
    'drills.report.pdf': '下载 PDF',
    'drills.report.html': '下载 HTML',
    'drills.report.badPeriod': '开始日期不能晚于结束日期，且间隔不超过 366 天。',
  },
};

const MAX_RUNS = 100;
const MAX_CASES = 200;
const DAY = 86_400_000;

let page = null;

/** The drill's score: the share of its cases that were blocked, in percent; null without a result. */
export function score(categories) {
  if (!categories || categories.length === 0) {
    return null;
  }
  const cases = categories.reduce((n, c) => n + (c.cases || 0), 0);
  const blocked = categories.reduce((n, c) => n + (c.blocked || 0), 0);
  return cases > 0 ? Math.round((1000 * blocked) / cases) / 10 : null;
}

/** A category passes when every one of its cases was blocked. */
export function passed(c) {
  return (c.cases || 0) > 0 && c.blocked === c.cases;
}

function chips(ui, t, categories) {
  return ui.el('div', { class: 'chips' }, categories.map((c) => ui.el('span', {
    class: ['chip', passed(c) ? 'chip-pass' : 'chip-fail'], 'data-category': c.category, 'data-pass': String(passed(c)),
    title: `${c.category}: ${passed(c) ? t('drills.pass') : t('drills.fail')}`,
  }, `${passed(c) ? '✓' : '✗'} ${c.category} ${c.blocked}/${c.cases}`)));
}

// ---- runs ----------------------------------------------------------------------------------------

function renderRuns(ctx) {
  const { ui, t } = ctx;
  ui.replace(page.runsHost, ui.table({
    testId: 'drill-runs',
    rowTestId: 'drill-run-row',
    rowAttrs: (r) => ({ 'data-run-id': r.id, 'data-target': r.target, 'data-score': r.score === null ? '' : String(r.score) }),
    onRow: (r) => {
      ctx.setParams(Object.assign({}, page.filter, { run: r.id }), { quiet: true });
      showRun(ctx, r.id);
    },
    selected: (r) => r.id === page.selected,
    empty: ui.emptyState(t('drills.runs.empty'), t('drills.runs.empty.hint')),
    columns: [
      { titleKey: 'drills.col.target', render: (r) => ui.el('span', { class: 'mono' }, r.target) },
      { titleKey: 'drills.col.service', key: 'service' },
      { titleKey: 'drills.col.time', render: (r) => ui.absTime(r.createdAt) },
      {
        titleKey: 'drills.col.score', num: true,
        render: (r) => (r.score === null ? ui.el('span', { class: 'muted' }, t('drills.noResult')) : ui.el('strong', null, `${ctx.fmtNumber(r.score)}%`)),
      },
      { titleKey: 'drills.col.categories', render: (r) => (r.categories && r.categories.length ? chips(ui, t, r.categories) : null) },
    ],
    rows: page.runs,
  }));
}

async function showRun(ctx, id) {
  const { ui, t } = ctx;
  const mine = page;
  page.selected = id;
  renderRuns(ctx);
  ui.replace(page.detailHost, ui.loading());
  let run;
  try {
    run = await ctx.api.get(`/v1/drills/runs/${encodeURIComponent(id)}`);
  } catch (e) {
    if (e.code !== 'aborted' && page === mine) {
      ui.replace(page.detailHost, ui.errorBox(e, () => showRun(ctx, id)));
    }
    return;
  }
  if (page !== mine || page.selected !== id) {
    return;
  }
  const result = run.result || {};
  const drill = result.drill || {};
  const categories = result.categories || [];
  const cases = result.cases || [];
  const s = score(categories);
  ui.replace(page.detailHost, ui.el('div', { class: 'section', 'data-test': 'drill-scorecard', 'data-run-id': run.id },
    ui.el('h2', null, t('drills.detail.title', { id: run.id })),
    ui.kv([
      ['drills.detail.target', ui.el('span', { class: 'mono' }, run.target)],
      ['drills.detail.service', run.service],
      ['drills.detail.started', ui.absTime(drill.startedAt || run.createdAt)],
      ['drills.detail.finished', ui.absTime(drill.finishedAt || run.finishedAt)],
      ['drills.detail.requests', drill.requests !== undefined ? ctx.fmtNumber(drill.requests) : null],
      ['drills.detail.by', run.createdBy],
      ['drills.detail.events', drill.events],
      ['drills.detail.score', s === null ? t('drills.noResult') : `${ctx.fmtNumber(s)}%`],
    ]),
    ui.table({
      testId: 'drill-categories',
      rowTestId: 'drill-category-row',
      rowAttrs: (c) => ({ 'data-category': c.category, 'data-pass': String(passed(c)) }),
      columns: [
        { titleKey: 'drills.col.category', render: (c) => ui.el('span', { class: 'mono' }, c.category) },
        { titleKey: 'drills.col.cases', num: true, render: (c) => ctx.fmtNumber(c.cases) },
        { titleKey: 'drills.col.detected', num: true, render: (c) => `${ctx.fmtNumber(c.detected)} (${ctx.fmtNumber(c.detectedPct)}%)` },
        { titleKey: 'drills.col.blocked', num: true, render: (c) => `${ctx.fmtNumber(c.blocked)} (${ctx.fmtNumber(c.blockedPct)}%)` },
        { titleKey: 'drills.col.missed', num: true, render: (c) => ctx.fmtNumber(c.missed) },
        { titleKey: 'drills.col.errors', num: true, render: (c) => ctx.fmtNumber(c.errors) },
        { titleKey: 'drills.col.falseAlarms', num: true, render: (c) => (c.benignRequests ? `${ctx.fmtNumber(c.falseAlarms)} / ${ctx.fmtNumber(c.benignRequests)}` : '—') },
        { titleKey: 'drills.col.result', render: (c) => ui.el('span', { class: `badge badge-${passed(c) ? 'ok' : 'bad'}` }, t(passed(c) ? 'drills.pass' : 'drills.fail')) },
      ],
      rows: categories,
      empty: t('drills.noResult'),
    }),
    cases.length ? ui.el('h3', null, t('drills.cases')) : null,
    cases.length ? ui.table({
      testId: 'drill-cases',
      rowTestId: 'drill-case-row',
      rowAttrs: (c) => ({ 'data-case': c.id, 'data-outcome': c.outcome }),
      columns: [
        { titleKey: 'drills.col.case', render: (c) => ui.el('div', null, ui.el('span', { class: 'mono' }, c.id), ui.el('div', { class: 'muted small' }, c.name || '')) },
        { titleKey: 'drills.col.category', render: (c) => c.category },
        { titleKey: 'drills.col.request', className: 'wrap', render: (c) => ui.el('span', { class: 'mono small' }, c.request || '') },
        { titleKey: 'drills.col.status', num: true, render: (c) => (c.status === undefined ? null : String(c.status)) },
        {
          titleKey: 'drills.col.outcome',
          render: (c) => ui.el('span', { class: `badge badge-${c.outcome === 'blocked' ? 'ok' : c.outcome === 'detected' ? 'info' : 'bad'}` }, ui.label('drills.outcome', c.outcome)),
        },
        { titleKey: 'drills.col.rules', render: (c) => ui.el('span', { class: 'mono small' }, (c.rules || []).join(', ')) },
      ],
      rows: cases.slice(0, MAX_CASES),
    }) : null,
    cases.length > MAX_CASES ? ui.el('p', { class: 'muted small' }, t('drills.cases.more', { count: cases.length - MAX_CASES, id: run.id })) : null));
}

// ---- trend -----------------------------------------------------------------------------------------

/** {target: [[time, score]]} from the runs with a result, oldest first. */
export function trendSeries(runs) {
  const out = {};
  for (const r of runs) {
    if (r.score === null || r.score === undefined) {
      continue;
    }
    const at = Date.parse(r.finishedAt || r.createdAt);
    if (Number.isNaN(at)) {
      continue;
    }
    (out[r.target] = out[r.target] || []).push([at, r.score]);
  }
  for (const k of Object.keys(out)) {
    out[k].sort((a, b) => a[0] - b[0]);
  }
  return out;
}

/**
 * The plane's trend series (GET /v1/drills/trend: {targets:[{target, points:[{time, blockedPct}]}]}),
 * the same score as score(): blocked cases over all cases of a run.
 */
function trendFromApi(res) {
  const list = res && res.targets;
  if (!Array.isArray(list)) {
    return null;
  }
  const out = {};
  for (const s of list) {
    const pts = (s.points || []).map((p) => [Date.parse(p.time), Math.round(10 * Number(p.blockedPct)) / 10])
      .filter(([x, y]) => !Number.isNaN(x) && !Number.isNaN(y));
    if (s.target && pts.length) {
      out[s.target] = pts.sort((a, b) => a[0] - b[0]);
    }
  }
  return out;
}

async function drawTrend(ctx) {
  const { ui, t } = ctx;
  const mine = page;
  let series = null;
  try {
    series = trendFromApi(await ctx.api.get('/v1/drills/trend', { target: page.filter.target }));
  } catch (e) {
    if (e.code === 'aborted') {
      return;
    }
    series = null; // a plane without the trend call: computed from the runs below
  }
  if (page !== mine) {
    return;
  }
  if (!series || Object.keys(series).length === 0) {
    series = trendSeries(page.runs);
  }
  const targets = Object.keys(series).sort();
  if (!targets.length) {
    ui.replace(page.trendHost, ui.el('div', { class: 'chart-empty', 'data-test': 'drill-trend-chart', 'data-empty': 'true' }, t('drills.trend.none')));
    return;
  }
  const box = chartHost(ui, 'drill-trend-chart', t('drills.trend'));
  box.setAttribute('data-targets', String(targets.length));
  ui.replace(page.trendHost, box);
  const bounds = timeBounds(targets.flatMap((k) => series[k].map((p) => p[0])), Date.now());
  box.setAttribute('data-x-min', String(bounds.min));
  box.setAttribute('data-x-max', String(bounds.max));
  await ui.chart(box, {
    grid: { left: 48, right: 28, top: 52, bottom: 40, containLabel: true },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    xAxis: { type: 'time', min: bounds.min, max: bounds.max, axisLabel: { formatter: (v) => ctx.fmtClock(v, true), hideOverlap: true } },
    yAxis: { type: 'value', min: 0, max: 100, name: t('drills.trend.score'), nameGap: 14, nameTextStyle: { align: 'left' } },
    series: targets.map((target) => {
      const lone = series[target].length === 1;
      // a lone run has no line to draw: a large marker with its score keeps it visible
      return {
        name: target,
        type: 'line',
        data: series[target],
        showSymbol: true,
        symbolSize: lone ? 12 : 7,
        label: { show: lone || series[target].length <= 8, position: 'top', formatter: (p) => `${p.value[1]}%` },
      };
    }),
  });
}

/**
 * The time axis bounded by the data: from the first run to the last, padded by 5 % of the span (at
 * least 10 minutes) so the end markers are not cut, and never past now unless a run itself is.
 */
export function timeBounds(times, now) {
  const lo = Math.min(...times);
  const hi = Math.max(...times);
  const pad = Math.max((hi - lo) * 0.05, 10 * 60_000);
  return { min: lo - pad, max: Math.max(hi, Math.min(hi + pad, now)) };
}

// ---- report ------------------------------------------------------------------------------------------

function reportSection(ctx) {
  const { ui, t } = ctx;
  const today = new Date();
  const from = ui.el('input', { type: 'date', 'data-test': 'report-from', prop: { value: dateValue(new Date(today.getTime() - 29 * DAY)) } });
  const to = ui.el('input', { type: 'date', 'data-test': 'report-to', prop: { value: dateValue(today) } });
  const lang = ui.el('select', { 'data-test': 'report-lang' },
    ui.el('option', { value: 'en', selected: ctx.lang !== 'zh-CN' }, t('drills.report.lang.en')),
    ui.el('option', { value: 'zh', selected: ctx.lang === 'zh-CN' }, t('drills.report.lang.zh')));
  const pdf = ui.el('a', { class: 'btn btn-primary', 'data-test': 'report-download', 'data-format': 'pdf', download: '' }, t('drills.report.pdf'));
  const html = ui.el('a', { class: 'btn', 'data-test': 'report-download', 'data-format': 'html', download: '' }, t('drills.report.html'));
  const problem = ui.el('p', { class: 'error-box', hidden: true, role: 'alert' });
  const update = () => {
    // the chosen days in the browser's time zone: from the start of the first to the end of the last
    const start = dayStart(from.value);
    const endDay = dayStart(to.value);
    const end = endDay ? new Date(Date.parse(endDay) + DAY).toISOString() : null;
    const ok = start && end && Date.parse(start) < Date.parse(end) && Date.parse(end) - Date.parse(start) <= 366 * DAY;
    problem.hidden = Boolean(ok);
    problem.textContent = ok ? '' : t('drills.report.badPeriod');
    for (const a of [pdf, html]) {
      if (ok) {
        a.setAttribute('href', ctx.api.url('/v1/reports/compliance', { from: start, to: end, lang: lang.value, format: a.getAttribute('data-format') }));
        a.removeAttribute('aria-disabled');
      } else {
        a.removeAttribute('href');
        a.setAttribute('aria-disabled', 'true');
      }
    }
  };
  for (const i of [from, to, lang]) {
    i.addEventListener('change', update);
    i.addEventListener('input', update);
  }
  update();
  return ui.el('div', { class: 'section', 'data-test': 'report' },
    ui.el('h2', null, t('drills.report')),
    ui.el('p', { class: 'muted small' }, t('drills.report.hint')),
    ui.el('div', { class: 'downloads' },
      ui.el('label', { class: 'field' }, ui.el('span', null, t('drills.report.from')), from),
      ui.el('label', { class: 'field' }, ui.el('span', null, t('drills.report.to')), to),
      ui.el('label', { class: 'field' }, ui.el('span', null, t('drills.report.lang')), lang),
      pdf, html),
    problem);
}

// ---- page --------------------------------------------------------------------------------------------

export default {
  id: 'drills',
  titleKey: 'drills.title',

  async render(root, ctx) {
    ensureStyles();
    const { ui, t, params, api } = ctx;
    root.appendChild(ui.loading());
    const mine = { filter: { target: params.target || '' }, runs: [], targets: [], selected: null };
    page = mine;
    const [runs, targets] = await Promise.all([
      api.get('/v1/drills/runs', { target: mine.filter.target, limit: MAX_RUNS }),
      api.get('/v1/drills/targets').catch(() => ({ targets: [] })),
    ]);
    if (page !== mine) {
      return;
    }
    mine.runs = (runs.runs || []).map((r) => Object.assign({}, r, { score: score(r.categories) }));
    mine.targets = [...new Set((targets.targets || []).map((x) => x.url).concat(mine.runs.map((r) => r.target)))].sort();
    mine.runsHost = ui.el('div');
    mine.detailHost = ui.el('div', null, ui.el('p', { class: 'muted' }, t('drills.detail.pick')));
    mine.trendHost = ui.el('div', null, ui.el('div', { class: 'chart-empty' }, ui.loading()));
    ui.replace(root,
      ui.el('div', { class: 'page-head' },
        ui.el('div', null, ui.el('h1', null, t('drills.title')), ui.el('p', { class: 'muted' }, t('drills.subtitle'))),
        ui.el('div', { class: 'filters' },
          ui.select({
            labelKey: 'drills.filter.target', value: mine.filter.target, testId: 'filter-target',
            options: [['', t('common.all')]].concat(mine.targets.map((x) => [x, x])),
            onchange: (v) => ctx.setParams({ target: v }),
          }),
          ui.el('button', { type: 'button', class: 'btn', onclick: () => ctx.reload() }, t('common.refresh')))),
      reportSection(ctx),
      ui.el('div', { class: 'charts' }, ui.el('div', { class: 'chart-box' }, ui.el('h2', null, t('drills.trend')), mine.trendHost)),
      ui.el('div', { class: 'section' }, ui.el('h2', null, t('drills.runs')), ui.el('p', { class: 'muted small' }, t('drills.score.hint')), mine.runsHost),
      mine.detailHost);
    renderRuns(ctx);
    root.setAttribute('data-ready', 'true');
    drawTrend(ctx);
    const wanted = params.run && mine.runs.find((r) => r.id === params.run) ? params.run : (mine.runs.find((r) => r.score !== null) || {}).id;
    if (wanted) {
      showRun(ctx, wanted);
    }
  },

  dispose() {
    page = null;
  },
};
