// Exposure: the advisories that expose running instances (matched against every agent's
// inventory), the exposed instances of one advisory, and the emergency workflow: apply the
// virtual patch that names it, watch every instance confirm it, revert (docs/console.md "Exposure").

import { ensureStyles, percent, chartHost, progressInPlace } from './common.js';

export const messages = {
  en: {
    'exposure.title': 'Exposure',
    'exposure.subtitle': 'Published vulnerabilities matched against what really runs in each JVM, and the virtual patches that close them.',
    'exposure.summary.advisories.one': '1 advisory exposes running instances;',
    'exposure.summary.advisories.other': '{advisories} advisories expose running instances;',
    'exposure.summary.agents.one': '1 instance has sent an inventory to match against.',
    'exposure.summary.agents.other': '{agents} instances have sent an inventory to match against.',
    'exposure.empty': 'No advisory exposes a running instance.',
    'exposure.empty.hint': 'Instances are matched once their agent has sent its inventory; import advisories with: secplane advisories import <osv.json>.',
    'exposure.col.advisory': 'Advisory',
    'exposure.col.summary': 'Summary',
    'exposure.col.component': 'Component',
    'exposure.col.range': 'Affected range',
    'exposure.col.severity': 'Severity',
    'exposure.severity.critical': 'Critical',
    'exposure.severity.high': 'High',
    'exposure.severity.medium': 'Medium',
    'exposure.severity.low': 'Low',
    'exposure.severity.none': 'None',
    'exposure.severity.unscored': 'not scored',
    'exposure.detail.severity': 'Severity: ',
    'exposure.col.instances': 'Exposed instances',
    'exposure.col.services': 'Services',
    'exposure.col.patch': 'Virtual patch',
    'exposure.patch.inForce': 'in force',
    'exposure.patch.available': 'available',
    'exposure.patch.none': 'none: upgrade',
    'exposure.detail.title': '{id}: exposed instances',
    'exposure.detail.aliases': 'Also known as {aliases}',
    'exposure.detail.pick': 'Pick an advisory to see the instances it exposes.',
    'exposure.col.service': 'Service',
    'exposure.col.instance': 'Instance',
    'exposure.col.jar': 'Jar',
    'exposure.col.verdict': 'Match',
    'exposure.col.why': 'Why',
    'exposure.col.lastContact': 'Last contact',
    'exposure.col.patchState': 'Patch on the instance',
    'exposure.verdict.affected': 'affected',
    'exposure.verdict.version-unknown': 'version unknown',
    'exposure.verdict.version-unorderable': 'version not comparable',
    'exposure.instances.none': 'No instance is exposed to this advisory any more.',
    'exposure.instances.shown': 'The first {shown} of {total} exposed instances are listed; applying the patch reaches all of them.',
    'exposure.patch.title': 'Virtual patch {id}',
    'exposure.patch.why': 'What it does: {why}',
    'exposure.patch.noSet': 'No built-in virtual patch names this advisory: upgrade the component ({component}) on the instances below.',
    'exposure.patch.apply': 'Apply virtual patch',
    'exposure.patch.applyConfirm': 'Apply the virtual patch {patch} to the {count} instances exposed to {advisory}? Each service gets a new policy version targeted at exactly them.',
    'exposure.patch.applied': 'Virtual patch {patch} issued to {services} services.',
    'exposure.patch.revert': 'Revert virtual patch',
    'exposure.patch.revertConfirm': 'Revert the virtual patch {patch}? The instances become exposed to {advisory} again.',
    'exposure.patch.reverted': 'Virtual patch {patch} reverted.',
    'exposure.patch.progress': '{active} of {targeted} instances confirm the patch is active, {pending} pending, {failed} failed.',
    'exposure.patch.notInForce': 'The virtual patch is not in force.',
    'exposure.patch.viewer': 'Your role (viewer) can follow patches but not apply or revert them; an operator can.',
    'exposure.patch.failedAgents': 'Failed on: {list}',
    'exposure.state.none': 'not in force',
    'exposure.burndown': 'Burn-down: exposed instances over time',
    'exposure.burndown.series': 'Exposed instances',
    'exposure.burndown.derived': 'Derived from when each instance last confirmed the patch (the plane keeps the latest report only).',
    'exposure.burndown.none': 'Nothing to draw yet.',
  },
  'zh-CN': {
    'exposure.title': '漏洞暴露面',
    'exposure.subtitle': '已公开漏洞与每个 JVM 实际运行组件的匹配结果，以及修复它们的虚拟补丁。',
    'exposure.summary.advisories.one': '{advisories} 个漏洞公告影响正在运行的实例；',
    'exposure.summary.advisories.other': '{advisories} 个漏洞公告影响正在运行的实例；',
    'exposure.summary.agents.one': '已有 {agents} 个实例上报组件清单用于匹配。',
    'exposure.summary.agents.other': '已有 {agents} 个实例上报组件清单用于匹配。',
    'exposure.empty': '没有漏洞公告影响正在运行的实例。',
    'exposure.empty.hint': '探针上报组件清单后才会匹配；可用 secplane advisories import <osv.json> 导入漏洞公告。',
    'exposure.col.advisory': '漏洞公告',
    'exposure.col.summary': '摘要',
    'exposure.col.component': '组件',
    'exposure.col.range': '受影响版本',
    'exposure.col.severity': '严重程度',
    'exposure.severity.critical': '严重',
    'exposure.severity.high': '高危',
    'exposure.severity.medium': '中危',
    'exposure.severity.low': '低危',
    'exposure.severity.none': '无',
    'exposure.severity.unscored': '未评分',
    'exposure.detail.severity': '严重程度：',
    'exposure.col.instances': '受影响实例',
    'exposure.col.services': '服务',
    'exposure.col.patch': '虚拟补丁',
    'exposure.patch.inForce': '已生效',
    'exposure.patch.available': '可用',
    'exposure.patch.none': '无：需升级',
    'exposure.detail.title': '{id}：受影响实例',
    'exposure.detail.aliases': '别名：{aliases}',
    'exposure.detail.pick': '选择一个漏洞公告，查看受其影响的实例。',
    'exposure.col.service': '服务',
    'exposure.col.instance': '实例',
    'exposure.col.jar': 'Jar 包',
    'exposure.col.verdict': '匹配结果',
    'exposure.col.why': '依据',
    'exposure.col.lastContact': '最近联系',
    'exposure.col.patchState': '实例上的补丁',
    'exposure.verdict.affected': '受影响',
    'exposure.verdict.version-unknown': '版本未知',
    'exposure.verdict.version-unorderable': '版本无法比较',
    'exposure.instances.none': '已没有实例受此漏洞影响。',
    'exposure.instances.shown': '列出了 {total} 个受影响实例中的前 {shown} 个；应用补丁会覆盖全部实例。',
    'exposure.patch.title': '虚拟补丁 {id}',
    'exposure.patch.why': '作用：{why}',
    'exposure.patch.noSet': '没有内置虚拟补丁针对此漏洞：请在下列实例上升级组件（{component}）。',
    'exposure.patch.apply': '应用虚拟补丁',
    'exposure.patch.applyConfirm': '将虚拟补丁 {patch} 应用到受 {advisory} 影响的 {count} 个实例？每个服务会生成一个只针对这些实例的新策略版本。',
    'exposure.patch.applied': '虚拟补丁 {patch} 已下发到 {services} 个服务。',
    'exposure.patch.revert': '撤销虚拟补丁',
    'exposure.patch.revertConfirm': '撤销虚拟补丁 {patch}？这些实例将重新暴露于 {advisory}。',
    'exposure.patch.reverted': '虚拟补丁 {patch} 已撤销。',
    'exposure.patch.progress': '{targeted} 个实例中 {active} 个确认补丁已生效，等待中 {pending} 个，失败 {failed} 个。',
    'exposure.patch.notInForce': '该虚拟补丁未生效。',
    'exposure.patch.viewer': '您的角色（只读用户）可以跟踪补丁进度，但不能应用或撤销；运维人员可以。',
    'exposure.patch.failedAgents': '失败的实例：{list}',
    'exposure.state.none': '未生效',
    'exposure.burndown': '修复燃尽图：受影响实例数随时间变化',
    'exposure.burndown.series': '受影响实例',
    'exposure.burndown.derived': '根据各实例最近一次确认补丁的时间推算（控制平面只保留最新一次上报）。',
    'exposure.burndown.none': '暂无可绘制的数据。',
  },
};

const POLL_MS = 1500;
const MAX_EXPOSED = 500;

let page = null;

/** The built-in patch set that names the advisory or one of its aliases, if any. */
function patchFor(advisory) {
  const names = new Set([advisory.id].concat(advisory.aliases || []));
  return (page.patches || []).find((p) => (p.advisories || []).some((a) => names.has(a))) || null;
}

/** Overall state of a patch set from GET /v1/patches/{id}/status. */
export function patchState(status) {
  if (!status || !status.targeted) {
    return 'none';
  }
  if (status.failed > 0) {
    return 'failed';
  }
  return status.active === status.targeted ? 'active' : 'pending';
}

function rangeOf(row) {
  // "2.14.1 is in [introduced 2.0-beta9, fixed 2.15.0) (ECOSYSTEM range, …)": the evidence names the range
  const why = row.evidence && row.evidence[0] && row.evidence[0].why && row.evidence[0].why[0];
  if (!why) {
    return null;
  }
  const i = why.indexOf(': ');
  return i >= 0 ? why.slice(i + 2) : why;
}

/**
 * The advisory's severity as a coloured badge: the CVSS v3 rating and base score the plane computes
 * from the OSV vector (CVSS v3.1 §5 rating scale); the vector itself is the badge's tooltip.
 */
function severityBadge(ui, t, a) {
  const rating = a.severityRating;
  const vectors = (Array.isArray(a.severity) ? a.severity : []).map((s) => `${s.type} ${s.score}`).join('\n');
  if (!rating) {
    return ui.el('span', { class: 'muted small', 'data-test': 'severity', 'data-rating': 'unscored', title: vectors || null }, t('exposure.severity.unscored'));
  }
  const score = typeof a.severityScore === 'number' ? ` ${a.severityScore.toFixed(1)}` : '';
  return ui.el('span', { class: `sev sev-${rating}`, 'data-test': 'severity', 'data-rating': rating, title: vectors || null },
    `${t(`exposure.severity.${rating}`)}${score}`);
}

/** The plural form of a count for the English messages (CLDR: one for 1, other otherwise); Chinese has one form, given twice. */
function plural(n) {
  return n === 1 ? 'one' : 'other';
}

function componentOf(a) {
  if (Array.isArray(a.packages) && a.packages.length) {
    return a.packages.join(', ');
  }
  if (a.component) {
    return String(a.component);
  }
  return page.components[a.id] || null;
}

// ---- list of advisories -----------------------------------------------------------------------

function renderAdvisories(ctx) {
  const { ui, t } = ctx;
  ui.replace(page.listHost, ui.table({
    testId: 'advisories',
    rowTestId: 'advisory-row',
    rowAttrs: (a) => ({ 'data-advisory': a.id, 'data-instances': String(a.instances) }),
    onRow: (a) => {
      ctx.setParams({ advisory: a.id }, { quiet: true });
      select(ctx, a.id);
    },
    selected: (a) => a.id === page.selected,
    empty: ui.emptyState(t('exposure.empty'), t('exposure.empty.hint')),
    columns: [
      {
        titleKey: 'exposure.col.advisory',
        className: 'nowrap',
        render: (a) => ui.el('div', null, ui.el('strong', { class: 'mono id' }, a.id),
          a.aliases && a.aliases.length ? ui.el('div', { class: 'muted small mono' }, a.aliases.join(', ')) : null),
      },
      { titleKey: 'exposure.col.summary', className: 'wrap', render: (a) => a.summary },
      { titleKey: 'exposure.col.component', render: (a) => { const c = componentOf(a); return c ? ui.el('span', { class: 'mono small' }, c) : null; } },
      { titleKey: 'exposure.col.range', className: 'wrap', render: (a) => (a.range || a.affectedRange || page.ranges[a.id] || null) },
      { titleKey: 'exposure.col.severity', className: 'nowrap', render: (a) => severityBadge(ui, t, a) },
      { titleKey: 'exposure.col.instances', num: true, render: (a) => ctx.fmtNumber(a.instances) },
      { titleKey: 'exposure.col.services', render: (a) => (a.services || []).join(', ') },
      {
        titleKey: 'exposure.col.patch',
        render: (a) => {
          const p = patchFor(a);
          if (!p) {
            return ui.el('span', { class: 'muted' }, t('exposure.patch.none'));
          }
          const inForce = p.inForce && p.inForce.length > 0;
          return ui.el('span', null, ui.el('span', { class: 'mono' }, p.id), ' ',
            ui.el('span', { class: `badge ${inForce ? 'badge-ok' : 'badge-info'}` }, t(inForce ? 'exposure.patch.inForce' : 'exposure.patch.available')));
        },
      },
    ],
    rows: page.advisories,
  }));
}

/**
 * Fills the component and affected-range columns, which the overview does not carry, from the
 * first exposed instance of each advisory (GET /v1/exposure/{id}?limit=1: the advisory's packages and
 * the range the instance's version falls in), for the first advisories of the list.
 */
async function fillColumns(ctx, mine) {
  const missing = page.advisories.filter((a) => !page.ranges[a.id] || !componentOf(a)).slice(0, 10);
  await Promise.all(missing.map(async (a) => {
    try {
      const d = await ctx.api.get(`/v1/exposure/${encodeURIComponent(a.id)}`, { limit: 1 });
      if (page !== mine) {
        return;
      }
      if (d.advisory && Array.isArray(d.advisory.packages) && d.advisory.packages.length) {
        page.components[a.id] = d.advisory.packages.join(', ');
      }
      const range = (d.exposed || []).map(rangeOf).find(Boolean);
      if (range) {
        page.ranges[a.id] = range;
      }
    } catch (e) {
      // the columns stay empty; the advisory's own view names both
    }
  }));
  if (page === mine && missing.length) {
    renderAdvisories(ctx);
  }
}

// ---- one advisory -------------------------------------------------------------------------------

async function select(ctx, id) {
  const mine = page;
  page.selected = id;
  clearTimeout(page.pollTimer);
  renderAdvisories(ctx);
  const { ui, t } = ctx;
  ui.replace(page.detailHost, ui.loading());
  let detail;
  try {
    detail = await ctx.api.get(`/v1/exposure/${encodeURIComponent(id)}`, { limit: MAX_EXPOSED });
  } catch (e) {
    if (e.code !== 'aborted' && page === mine) {
      ui.replace(page.detailHost, ui.errorBox(e, () => select(ctx, id)));
    }
    return;
  }
  if (page !== mine || page.selected !== id) {
    return;
  }
  page.detail = detail;
  const range = (detail.exposed || []).map(rangeOf).find(Boolean);
  if (range && !page.ranges[id]) {
    page.ranges[id] = range;
    renderAdvisories(ctx);
  }
  const set = patchFor(Object.assign({ id }, detail.advisory || {}));
  page.set = set;
  page.status = set ? await loadStatus(ctx, set.id) : null;
  if (page !== mine || page.selected !== id) {
    return;
  }
  renderDetail(ctx);
  drawBurndown(ctx);
  schedulePoll(ctx);
}

async function loadStatus(ctx, setId) {
  try {
    return await ctx.api.get(`/v1/patches/${encodeURIComponent(setId)}/status`);
  } catch (e) {
    return null;
  }
}

function renderDetail(ctx) {
  const { ui, t } = ctx;
  const d = page.detail;
  const adv = d.advisory || { id: page.selected };
  page.patchHost = ui.el('div', { 'data-test': 'patch' });
  page.exposedHost = ui.el('div');
  page.burndownHost = ui.el('div', null, chartHost(ui, 'burndown-chart', t('exposure.burndown')));
  page.burndownNote = ui.el('p', { class: 'muted small' });
  ui.replace(page.detailHost,
    ui.el('div', { class: 'section', 'data-test': 'exposure-detail', 'data-advisory': adv.id },
      ui.el('h2', null, t('exposure.detail.title', { id: adv.id })),
      adv.summary ? ui.el('p', null, adv.summary) : null,
      ui.el('p', null, t('exposure.detail.severity'), severityBadge(ui, t, adv)),
      adv.aliases && adv.aliases.length ? ui.el('p', { class: 'muted small' }, t('exposure.detail.aliases', { aliases: adv.aliases.join(', ') })) : null,
      page.patchHost,
      typeof d.total === 'number' && d.total > (d.exposed || []).length
        ? ui.el('p', { class: 'muted small', 'data-test': 'exposed-count' }, t('exposure.instances.shown', { shown: (d.exposed || []).length, total: d.total }))
        : null,
      page.exposedHost),
    ui.el('div', { class: 'chart-box' }, ui.el('h2', null, t('exposure.burndown')), page.burndownHost, page.burndownNote));
  renderPatch(ctx);
  renderExposed(ctx);
}

function renderExposed(ctx) {
  const { ui, t } = ctx;
  const d = page.detail;
  const byAgent = new Map(((page.status && page.status.agents) || []).map((a) => [a.agentId, a]));
  ui.replace(page.exposedHost, ui.table({
    testId: 'exposed',
    rowTestId: 'exposed-row',
    rowAttrs: (r) => ({ 'data-agent-id': r.agentId, 'data-service': r.service }),
    empty: t('exposure.instances.none'),
    columns: [
      { titleKey: 'exposure.col.service', className: 'nowrap', render: (r) => ui.el('span', { class: 'id' }, r.service) },
      { titleKey: 'exposure.col.instance', className: 'nowrap', render: (r) => ui.el('span', { class: 'mono id' }, r.instanceId) },
      { titleKey: 'exposure.col.component', render: (r) => ui.el('span', { class: 'mono small' }, (r.evidence || []).map((e) => e.component).join(', ')) },
      { titleKey: 'exposure.col.jar', className: 'wrap', render: (r) => ui.el('span', { class: 'mono small' }, (r.evidence || []).map((e) => e.jar).join(', ')) },
      { titleKey: 'exposure.col.verdict', render: (r) => ui.label('exposure.verdict', (r.evidence && r.evidence[0] && r.evidence[0].verdict) || null) },
      { titleKey: 'exposure.col.why', className: 'wrap', render: (r) => rangeOf(r) },
      { titleKey: 'exposure.col.lastContact', render: (r) => ui.relTime(r.lastContact) },
      {
        titleKey: 'exposure.col.patchState',
        render: (r) => {
          const s = byAgent.get(r.agentId);
          return s ? ui.badge(s.state) : ui.el('span', { class: 'muted' }, t('exposure.state.none'));
        },
      },
    ],
    rows: d.exposed || [],
  }));
}

function renderPatch(ctx) {
  const { ui, t } = ctx;
  const set = page.set;
  const d = page.detail;
  if (!set) {
    const component = ((d.advisory && d.advisory.packages) || []).join(', ') || '—';
    ui.replace(page.patchHost, ui.el('p', { class: 'notice' }, t('exposure.patch.noSet', { component })));
    return;
  }
  const st = page.status;
  const state = patchState(st);
  const operator = ctx.ui.roleAtLeast(ctx.session, 'operator');
  const exposedCount = (d.exposed || []).length;
  const actions = [];
  if (operator && state === 'none' && exposedCount > 0) {
    actions.push(ui.el('button', { type: 'button', class: 'btn btn-primary', 'data-test': 'patch-apply', onclick: (e) => apply(ctx, e.target) }, t('exposure.patch.apply')));
  }
  if (operator && state !== 'none') {
    actions.push(ui.el('button', { type: 'button', class: 'btn btn-danger', 'data-test': 'patch-revert', onclick: (e) => revert(ctx, e.target) }, t('exposure.patch.revert')));
  }
  const failedAgents = ((st && st.agents) || []).filter((a) => a.state === 'failed');
  page.patchBar = progressInPlace(ui, page.patchBar, st && st.targeted ? percent(st.active, st.targeted) : 0, 'patch-progress', state);
  ui.replace(page.patchHost,
    ui.el('div', { class: 'page-head' },
      ui.el('h3', null, t('exposure.patch.title', { id: set.id })),
      ui.el('div', { class: 'actions' }, actions)),
    set.title ? ui.el('p', null, set.title) : null,
    set.why ? ui.el('p', { class: 'muted small' }, t('exposure.patch.why', { why: set.why })) : null,
    operator ? null : ui.el('p', { class: 'notice' }, t('exposure.patch.viewer')),
    page.patchBar,
    ui.el('p', { 'data-test': 'patch-status' }, state === 'none'
      ? t('exposure.patch.notInForce')
      : t('exposure.patch.progress', { active: st.active, targeted: st.targeted, pending: st.pending, failed: st.failed })),
    failedAgents.length ? ui.el('p', { class: 'error-box' }, t('exposure.patch.failedAgents', {
      list: failedAgents.map((a) => `${a.service}/${a.instanceId}${a.error ? `: ${a.error}` : ''}`).join('; '),
    })) : null);
}

function schedulePoll(ctx) {
  clearTimeout(page.pollTimer);
  if (!page.set) {
    return;
  }
  const state = patchState(page.status);
  // follow until every targeted instance has answered; a 'none' state needs no polling
  if (state === 'none' || state === 'active') {
    return;
  }
  const mine = page;
  const id = page.selected;
  page.pollTimer = setTimeout(async () => {
    if (page !== mine || page.selected !== id) {
      return;
    }
    const status = await loadStatus(ctx, page.set.id);
    if (page !== mine || page.selected !== id) {
      return;
    }
    if (status) {
      page.status = status;
      renderPatch(ctx);
      renderExposed(ctx);
      drawBurndown(ctx);
    }
    schedulePoll(ctx);
  }, POLL_MS);
}

async function apply(ctx, button) {
  const { ui, t } = ctx;
  const count = typeof page.detail.total === 'number' ? page.detail.total : (page.detail.exposed || []).length;
  if (!(await ui.confirmDialog(t('exposure.patch.applyConfirm', { patch: page.set.id, count, advisory: page.selected }), { confirmKey: 'exposure.patch.apply' }))) {
    return;
  }
  button.disabled = true;
  try {
    const res = await ctx.api.post('/v1/patches/apply', { patch: page.set.id, to: `exposed:${page.selected}` });
    ui.toast(t('exposure.patch.applied', { patch: res.patch, services: (res.services || []).length }), 'ok');
    await afterChange(ctx);
  } catch (e) {
    if (e.code !== 'aborted') {
      ui.toast(`${ui.nextStep(e)} (${e.message})`, 'error');
      button.disabled = false;
    }
  }
}

async function revert(ctx, button) {
  const { ui, t } = ctx;
  if (!(await ui.confirmDialog(t('exposure.patch.revertConfirm', { patch: page.set.id, advisory: page.selected }), { confirmKey: 'exposure.patch.revert', danger: true }))) {
    return;
  }
  button.disabled = true;
  try {
    await ctx.api.post('/v1/patches/revert', { patch: page.set.id });
    ui.toast(t('exposure.patch.reverted', { patch: page.set.id }), 'ok');
    await afterChange(ctx);
  } catch (e) {
    if (e.code !== 'aborted') {
      ui.toast(`${ui.nextStep(e)} (${e.message})`, 'error');
      button.disabled = false;
    }
  }
}

/** After an apply or revert: the patch catalog's in-force lists and the status change. */
async function afterChange(ctx) {
  const mine = page;
  const patches = await ctx.api.get('/v1/patches');
  if (page !== mine) {
    return;
  }
  page.patches = patches.patches || [];
  page.status = await loadStatus(ctx, page.set.id);
  if (page !== mine) {
    return;
  }
  page.set = page.patches.find((p) => p.id === page.set.id) || page.set;
  renderAdvisories(ctx);
  renderPatch(ctx);
  renderExposed(ctx);
  drawBurndown(ctx);
  schedulePoll(ctx);
}

// ---- burn-down -----------------------------------------------------------------------------------

/** [[timeMillis, exposed]] from the plane's burn-down series when it serves one. */
function seriesFromApi(res) {
  const list = res.points || res.series || res.burndown || [];
  return list.map((p) => [Date.parse(p.at || p.time || p.t || p.bucket), Number(p.exposed ?? p.open ?? p.count ?? p.instances)])
    .filter(([x, y]) => !Number.isNaN(x) && !Number.isNaN(y))
    .sort((a, b) => a[0] - b[0]);
}

/**
 * Without a burn-down endpoint: every exposed instance counts as exposed until its agent confirmed
 * the patch active (the time of its report); the series steps down at each confirmation. An
 * instance stays in the exposure list after it is patched (the vulnerable jar is still there).
 */
function derivedSeries() {
  const exposed = page.detail.exposed || [];
  const ids = new Set(exposed.map((r) => r.agentId));
  const confirmed = ((page.status && page.status.agents) || []).filter((a) => a.state === 'active' && ids.has(a.agentId))
    .map((a) => Math.min(...(a.patches || []).map((p) => Date.parse(p.at)).filter((x) => !Number.isNaN(x))))
    .filter((x) => Number.isFinite(x))
    .sort((a, b) => a - b);
  const now = Date.now();
  const start = Math.min(confirmed.length ? confirmed[0] - 60_000 : now, now - 3600_000);
  let left = exposed.length;
  const out = [[start, left]];
  for (const at of confirmed) {
    left -= 1;
    out.push([at, left]);
  }
  out.push([now, left]);
  return out;
}

async function drawBurndown(ctx) {
  const { ui, t } = ctx;
  const mine = page;
  const id = page.selected;
  let points = null;
  let derived = false;
  if (page.burndownServed !== false) {
    try {
      points = seriesFromApi(await ctx.api.get(`/v1/exposure/${encodeURIComponent(id)}/burndown`));
      page.burndownServed = true;
    } catch (e) {
      if (e.status === 404) {
        page.burndownServed = false;
      } else if (e.code === 'aborted') {
        return;
      }
    }
  }
  if (page !== mine || page.selected !== id) {
    return;
  }
  if (!points || points.length === 0) {
    points = derivedSeries();
    derived = true;
  }
  page.burndownNote.textContent = derived ? t('exposure.burndown.derived') : '';
  const host = page.burndownHost.firstChild;
  host.setAttribute('data-points', String(points.length));
  host.setAttribute('data-last', String(points.length ? points[points.length - 1][1] : 0));
  await ui.chart(host, {
    // room above the plot for the y-axis title, which ECharts draws above the axis (nameLocation 'end')
    grid: { left: 48, right: 20, top: 52, bottom: 40, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'time', axisLabel: { formatter: (v) => ctx.fmtClock(v, true) } },
    yAxis: {
      type: 'value', minInterval: 1, name: t('exposure.burndown.series'), nameLocation: 'end', nameGap: 14, nameTextStyle: { align: 'left' },
    },
    series: [{
      name: t('exposure.burndown.series'), type: 'line', step: 'end', data: points, areaStyle: { opacity: 0.15 }, color: '#c62828', symbolSize: 6, showSymbol: points.length <= 50,
    }],
  });
}

function exposureSummary(t, advisories, agents, ui) {
  return ui.el('p', { 'data-test': 'exposure-summary' },
    t(`exposure.summary.advisories.${plural(advisories)}`, { advisories }), ' ',
    t(`exposure.summary.agents.${plural(agents)}`, { agents }));
}

export default {
  id: 'exposure',
  titleKey: 'exposure.title',

  async render(root, ctx) {
    ensureStyles();
    const { ui, t } = ctx;
    root.appendChild(ui.loading());
    const mine = {
      advisories: [], patches: [], components: {}, ranges: {}, selected: null, detail: null, set: null, status: null, burndownServed: null,
    };
    page = mine;
    const [overview, patches] = await Promise.all([ctx.api.get('/v1/exposure'), ctx.api.get('/v1/patches')]);
    if (page !== mine) {
      return;
    }
    mine.advisories = overview.advisories || [];
    mine.patches = patches.patches || [];
    mine.listHost = ui.el('div');
    mine.detailHost = ui.el('div', null, ui.el('p', { class: 'muted' }, t('exposure.detail.pick')));
    ui.replace(root,
      ui.el('div', { class: 'page-head' },
        ui.el('div', null, ui.el('h1', null, t('exposure.title')), ui.el('p', { class: 'muted' }, t('exposure.subtitle'))),
        ui.el('button', { type: 'button', class: 'btn', onclick: () => ctx.reload() }, t('common.refresh'))),
      exposureSummary(t, typeof overview.total === 'number' ? overview.total : mine.advisories.length, overview.agentsWithInventory || 0, ui),
      ui.el('div', { class: 'section' }, mine.listHost),
      mine.detailHost);
    renderAdvisories(ctx);
    root.setAttribute('data-ready', 'true');
    const first = ctx.params.advisory || (mine.advisories[0] && mine.advisories[0].id);
    if (first) {
      select(ctx, first);
    }
    fillColumns(ctx, mine);
  },

  dispose() {
    if (page) {
      clearTimeout(page.pollTimer);
    }
    page = null;
  },
};
