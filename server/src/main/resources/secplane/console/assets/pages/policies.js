// Policies and rollouts: a service's current policy and its history; edit it, validate it, see
// the line diff against the current version, push it as a staged rollout and watch each stage
// reach the agents; roll back (docs/console.md "Policies and rollouts", docs/protocol.md "Rollouts").

import { ensureStyles, lineDiff, progressInPlace } from './common.js';

export const messages = {
  en: {
    'policies.title': 'Policies and rollouts',
    'policies.subtitle': 'The policy each service runs, its history, and how far each push has reached the agents.',
    'policies.service': 'Service',
    'policies.noServices': 'No service has a policy yet.',
    'policies.noServices.hint': 'Type a service name below and push its first policy; agents of that service receive it on their next poll.',
    'policies.newService': 'Service name',
    'policies.current': 'Current version',
    'policies.current.none': 'This service has no policy yet: its agents run their built-in defaults.',
    'policies.current.version': 'Version',
    'policies.current.createdAt': 'Issued',
    'policies.current.createdBy': 'By',
    'policies.current.note': 'Note',
    'policies.current.target': 'Target',
    'policies.current.agents': 'Agents on this version',
    'policies.current.agentsValue': '{applied} of {targeted} applied, {pending} pending, {failed} failed, {stale} stale',
    'policies.target.all': 'all instances',
    'policies.target.percentage': '{percentage}% of instances',
    'policies.target.instances': 'instances {instances}',
    'policies.target.labels': 'labels {labels}',
    'policies.editor': 'Edit',
    'policies.editor.label': 'Policy (JSON, docs/agent.md)',
    'policies.editor.patches': 'Virtual patches in force are not shown here: they travel on to the new version by themselves. Manage them on the Exposure page.',
    'policies.validate': 'Validate',
    'policies.reset': 'Reset to current',
    'policies.valid': 'Valid: {lines} lines, {changes}.',
    'policies.valid.changes': '{added} added, {removed} removed against v{version}',
    'policies.valid.new': 'a first version',
    'policies.invalid': 'Not valid: {message}',
    'policies.invalid.json': 'not JSON: {message}',
    'policies.invalid.object': 'the policy must be a JSON object, e.g. {"version": "1", "mode": "observe", "aspects": {}}',
    'policies.invalid.unknown': '/{field}: unknown field; expected version, mode, limits, aspects or patches',
    'policies.invalid.version': '/version: a text of at most 100 characters',
    'policies.invalid.mode': '/mode: one of off, observe, block',
    'policies.invalid.objectField': '/{field}: must be an object',
    'policies.invalid.patches': '/patches: must be a list of patch entries',
    'policies.invalid.patch': '/patches/{index}: {message}',
    'policies.invalid.patchId': "id must be lower-case letters, digits, '.', '_' and '-'",
    'policies.invalid.patchDuplicate': "patch id '{id}' appears twice",
    'policies.invalid.patchClass': 'class must be a class name such as org.example.Foo',
    'policies.invalid.patchMethod': 'method must be a method name',
    'policies.invalid.patchAction': 'action must be return, throw or block-if',
    'policies.invalid.patchBlockIf': 'block-if needs arg (0–254) and matches (a regular expression)',
    'policies.invalid.unchanged': 'Nothing to push: the text is the current version.',
    'policies.server': 'The control plane refused it: {message}',
    'policies.diff': 'Difference from the current version',
    'policies.diff.none': 'No difference from the current version.',
    'policies.diff.summary': '+{added} −{removed} lines',
    'policies.push': 'Push',
    'policies.push.title': 'Push as a rollout',
    'policies.push.stages': 'Stages (% of instances)',
    'policies.push.stages.hint': 'e.g. 10, 50, 100: each stage waits the hold time without a rejection before the next; 100 alone reaches everyone at once',
    'policies.push.stageSeconds': 'Hold per stage (seconds)',
    'policies.push.note': 'Note',
    'policies.push.confirm': 'Push this policy to {service} as version {version}, in stages {stages}%?',
    'policies.push.done': 'Pushed {service} v{version}.',
    'policies.push.badStages': 'Stages are percentages from 0 to 100, none below the one before, e.g. 10, 50, 100.',
    'policies.push.badSeconds': 'The hold per stage is a whole number of seconds, at least 1.',
    'policies.push.viewer': 'Your role (viewer) can read policies but not push or roll back; an operator can.',
    'policies.push.noService': 'Name the service first.',
    'policies.rollback': 'Roll back',
    'policies.rollback.confirm': 'Roll {service} back to the policy of v{previous}? It is issued again as a new version for the instances v{current} reached.',
    'policies.rollback.done': 'Rolled back: {service} v{version} carries the policy of v{previous}.',
    'policies.rollback.none': 'A rollback needs an earlier version.',
    'policies.rollout': 'Rollout',
    'policies.rollout.none': 'Push a policy, or pick a rollout below, to follow it here.',
    'policies.rollout.heading': 'Rollout {id}: {service} v{version}',
    'policies.rollout.stage': 'Stage {stage} of {stages}: {percentage}% of instances',
    'policies.rollout.reason': 'Why: {reason}',
    'policies.rollout.agents': '{applied} of {targeted} targeted instances applied, {pending} pending, {failed} rejected, {stale} stale',
    'policies.rollout.col.stage': 'Stage',
    'policies.rollout.col.percentage': 'Instances',
    'policies.rollout.col.status': 'Status',
    'policies.rollout.col.applied': 'Acknowledged',
    'policies.rollout.col.pending': 'Pending',
    'policies.rollout.col.failed': 'Rejected',
    'policies.rollout.stage.done': 'passed',
    'policies.rollout.stage.current': 'current',
    'policies.rollout.stage.waiting': 'waiting',
    'policies.rollout.stage.unseen': 'Counts of a stage are those seen while this page watched it.',
    'policies.rollout.pause': 'Pause',
    'policies.rollout.resume': 'Resume',
    'policies.rollout.abort': 'Abort',
    'policies.rollout.abort.confirm': 'Abort rollout {id}? Instances that have v{version} keep it until a rollback or a newer push.',
    'policies.rollout.changed': 'Rollout {id} is now {state}.',
    'policies.rollouts': 'Rollouts',
    'policies.rollouts.empty': 'No staged rollout yet for this service.',
    'policies.rollouts.col.id': 'Rollout',
    'policies.rollouts.col.version': 'Version',
    'policies.rollouts.col.state': 'State',
    'policies.rollouts.col.stage': 'Stage',
    'policies.rollouts.col.agents': 'Applied',
    'policies.rollouts.col.updated': 'Updated',
    'policies.rollouts.stageValue': '{stage}/{stages} · {percentage}%',
    'policies.rollouts.final': '{applied} applied',
    'policies.rollouts.finalFailed': '{applied} applied, {failed} rejected',
    'policies.rollouts.superseded': 'superseded by v{version}',
    'policies.history': 'History',
    'policies.history.hint': 'Pick a version to load its policy into the editor and compare it with the current one.',
    'policies.history.col.version': 'Version',
    'policies.history.col.createdAt': 'Issued',
    'policies.history.col.createdBy': 'By',
    'policies.history.col.note': 'Note',
    'policies.history.col.target': 'Target',
    'policies.history.loaded': 'Loaded v{version} into the editor.',
  },
  'zh-CN': {
    'policies.title': '策略与灰度发布',
    'policies.subtitle': '各服务当前运行的策略、历史版本，以及每次推送在探针上的生效进度。',
    'policies.service': '服务',
    'policies.noServices': '还没有任何服务配置策略。',
    'policies.noServices.hint': '在下方输入服务名并推送第一个策略；该服务的探针会在下一次轮询时收到。',
    'policies.newService': '服务名',
    'policies.current': '当前版本',
    'policies.current.none': '该服务还没有策略：探针运行内置默认配置。',
    'policies.current.version': '版本',
    'policies.current.createdAt': '发布时间',
    'policies.current.createdBy': '发布人',
    'policies.current.note': '备注',
    'policies.current.target': '发布范围',
    'policies.current.agents': '该版本的探针',
    'policies.current.agentsValue': '{targeted} 个中已生效 {applied} 个，等待中 {pending} 个，失败 {failed} 个，失联 {stale} 个',
    'policies.target.all': '全部实例',
    'policies.target.percentage': '{percentage}% 的实例',
    'policies.target.instances': '实例 {instances}',
    'policies.target.labels': '标签 {labels}',
    'policies.editor': '编辑',
    'policies.editor.label': '策略（JSON，见 docs/agent.md）',
    'policies.editor.patches': '生效中的虚拟补丁不在此显示：它们会自动带入新版本。请在"漏洞暴露面"页面管理虚拟补丁。',
    'policies.validate': '校验',
    'policies.reset': '恢复为当前版本',
    'policies.valid': '校验通过：共 {lines} 行，{changes}。',
    'policies.valid.changes': '相对 v{version} 新增 {added} 行、删除 {removed} 行',
    'policies.valid.new': '首个版本',
    'policies.invalid': '校验未通过：{message}',
    'policies.invalid.json': '不是合法的 JSON：{message}',
    'policies.invalid.object': '策略必须是 JSON 对象，例如 {"version": "1", "mode": "observe", "aspects": {}}',
    'policies.invalid.unknown': '/{field}：未知字段；允许的字段为 version、mode、limits、aspects、patches',
    'policies.invalid.version': '/version：不超过 100 个字符的文本',
    'policies.invalid.mode': '/mode：必须是 off、observe、block 之一',
    'policies.invalid.objectField': '/{field}：必须是对象',
    'policies.invalid.patches': '/patches：必须是补丁条目的列表',
    'policies.invalid.patch': '/patches/{index}：{message}',
    'policies.invalid.patchId': 'id 只能包含小写字母、数字、"."、"_" 和 "-"',
    'policies.invalid.patchDuplicate': '补丁 id "{id}" 重复出现',
    'policies.invalid.patchClass': 'class 必须是类名，例如 org.example.Foo',
    'policies.invalid.patchMethod': 'method 必须是方法名',
    'policies.invalid.patchAction': 'action 必须是 return、throw 或 block-if',
    'policies.invalid.patchBlockIf': 'block-if 需要 arg（0–254）和 matches（正则表达式）',
    'policies.invalid.unchanged': '无需推送：内容与当前版本相同。',
    'policies.server': '控制平面拒绝了该策略：{message}',
    'policies.diff': '与当前版本的差异',
    'policies.diff.none': '与当前版本没有差异。',
    'policies.diff.summary': '+{added} −{removed} 行',
    'policies.push': '推送',
    'policies.push.title': '以灰度发布方式推送',
    'policies.push.stages': '发布阶段（实例百分比）',
    'policies.push.stages.hint': '例如 10, 50, 100：每个阶段在观察期内无探针拒绝才进入下一阶段；只填 100 表示一次推送到全部实例',
    'policies.push.stageSeconds': '每阶段观察期（秒）',
    'policies.push.note': '备注',
    'policies.push.confirm': '将此策略作为 {service} 的 {version} 版本，按阶段 {stages}% 推送？',
    'policies.push.done': '已推送 {service} v{version}。',
    'policies.push.badStages': '阶段是 0 到 100 的百分比，且不能小于前一个，例如 10, 50, 100。',
    'policies.push.badSeconds': '每阶段观察期为整数秒，至少 1 秒。',
    'policies.push.viewer': '您的角色（只读用户）可以查看策略，但不能推送或回滚；运维人员可以。',
    'policies.push.noService': '请先填写服务名。',
    'policies.rollback': '回滚',
    'policies.rollback.confirm': '将 {service} 回滚到 v{previous} 的策略？该策略会作为新版本，重新下发给 v{current} 已覆盖的实例。',
    'policies.rollback.done': '已回滚：{service} v{version} 使用 v{previous} 的策略。',
    'policies.rollback.none': '回滚需要存在更早的版本。',
    'policies.rollout': '灰度发布进度',
    'policies.rollout.none': '推送策略，或在下方选择一次灰度发布，即可在此跟踪进度。',
    'policies.rollout.heading': '灰度发布 {id}：{service} v{version}',
    'policies.rollout.stage': '第 {stage}/{stages} 阶段：{percentage}% 的实例',
    'policies.rollout.reason': '原因：{reason}',
    'policies.rollout.agents': '目标实例 {targeted} 个，已生效 {applied} 个，等待中 {pending} 个，拒绝 {failed} 个，失联 {stale} 个',
    'policies.rollout.col.stage': '阶段',
    'policies.rollout.col.percentage': '实例比例',
    'policies.rollout.col.status': '状态',
    'policies.rollout.col.applied': '已确认',
    'policies.rollout.col.pending': '等待中',
    'policies.rollout.col.failed': '已拒绝',
    'policies.rollout.stage.done': '已通过',
    'policies.rollout.stage.current': '进行中',
    'policies.rollout.stage.waiting': '未开始',
    'policies.rollout.stage.unseen': '各阶段的计数为本页面观察该阶段时看到的数值。',
    'policies.rollout.pause': '暂停',
    'policies.rollout.resume': '继续',
    'policies.rollout.abort': '终止',
    'policies.rollout.abort.confirm': '终止灰度发布 {id}？已收到 v{version} 的实例会保留该版本，直到回滚或推送更新的版本。',
    'policies.rollout.changed': '灰度发布 {id} 现在的状态：{state}。',
    'policies.rollouts': '灰度发布记录',
    'policies.rollouts.empty': '该服务还没有灰度发布。',
    'policies.rollouts.col.id': '灰度发布',
    'policies.rollouts.col.version': '版本',
    'policies.rollouts.col.state': '状态',
    'policies.rollouts.col.stage': '阶段',
    'policies.rollouts.col.agents': '已生效',
    'policies.rollouts.col.updated': '更新时间',
    'policies.rollouts.stageValue': '{stage}/{stages} · {percentage}%',
    'policies.rollouts.final': '已生效 {applied} 个',
    'policies.rollouts.finalFailed': '已生效 {applied} 个，拒绝 {failed} 个',
    'policies.rollouts.superseded': '已被 v{version} 取代',
    'policies.history': '历史版本',
    'policies.history.hint': '选择一个版本，将其策略载入编辑器并与当前版本比较差异。',
    'policies.history.col.version': '版本',
    'policies.history.col.createdAt': '发布时间',
    'policies.history.col.createdBy': '发布人',
    'policies.history.col.note': '备注',
    'policies.history.col.target': '发布范围',
    'policies.history.loaded': '已将 v{version} 载入编辑器。',
  },
};

const POLL_MS = 1500;
const HISTORY = 20;
const TERMINAL = ['done', 'aborted', 'superseded'];
const TOP_LEVEL = ['version', 'mode', 'limits', 'aspects', 'patches'];
const PATCH_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const CLASS_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$/;
const METHOD = /^([A-Za-z_$][A-Za-z0-9_$]*|<init>)$/;

let page = null;

/** The policy as the editor shows it: without the virtual patches, which travel on by themselves (PolicyRoutes.issue). */
function editable(policy) {
  const copy = Object.assign({}, policy || {});
  delete copy.patches;
  return copy;
}

function policyText(policy) {
  return JSON.stringify(editable(policy), null, 2);
}

/**
 * The checks of the control plane's own validation (PolicyRoutes.validatePolicy, Patches.entry) on
 * the text, in the browser: the same messages before anything is sent. The agent checks aspects and
 * rules itself and rejects what it does not know (docs/agent.md); the push shows the server's 400.
 */
export function validatePolicy(text, t) {
  let policy;
  try {
    policy = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: t('policies.invalid.json', { message: jsonError(text, e) }) };
  }
  if (policy === null || typeof policy !== 'object' || Array.isArray(policy)) {
    return { ok: false, message: t('policies.invalid.object') };
  }
  for (const k of Object.keys(policy)) {
    if (!TOP_LEVEL.includes(k)) {
      return { ok: false, message: t('policies.invalid.unknown', { field: k }) };
    }
  }
  if ('version' in policy && (typeof policy.version !== 'string' || policy.version.length > 100)) {
    return { ok: false, message: t('policies.invalid.version') };
  }
  if ('mode' in policy && !['off', 'observe', 'block'].includes(policy.mode)) {
    return { ok: false, message: t('policies.invalid.mode') };
  }
  for (const k of ['limits', 'aspects']) {
    if (k in policy && (policy[k] === null || typeof policy[k] !== 'object' || Array.isArray(policy[k]))) {
      return { ok: false, message: t('policies.invalid.objectField', { field: k }) };
    }
  }
  if ('patches' in policy) {
    if (!Array.isArray(policy.patches) || policy.patches.length > 200) {
      return { ok: false, message: t('policies.invalid.patches') };
    }
    const ids = new Set();
    for (let i = 0; i < policy.patches.length; i++) {
      const problem = patchProblem(policy.patches[i], ids, t);
      if (problem) {
        return { ok: false, message: t('policies.invalid.patch', { index: i, message: problem }) };
      }
    }
  }
  return { ok: true, policy };
}

function patchProblem(p, ids, t) {
  if (p === null || typeof p !== 'object' || Array.isArray(p)) {
    return t('policies.invalid.patches');
  }
  if (typeof p.id !== 'string' || !PATCH_ID.test(p.id)) {
    return t('policies.invalid.patchId');
  }
  if (ids.has(p.id)) {
    return t('policies.invalid.patchDuplicate', { id: p.id });
  }
  ids.add(p.id);
  if (typeof p.class !== 'string' || !CLASS_NAME.test(p.class)) {
    return t('policies.invalid.patchClass');
  }
  if (typeof p.method !== 'string' || !METHOD.test(p.method)) {
    return t('policies.invalid.patchMethod');
  }
  if (!['return', 'throw', 'block-if'].includes(p.action)) {
    return t('policies.invalid.patchAction');
  }
  if (p.action === 'block-if') {
    let regexOk = typeof p.matches === 'string';
    try {
      new RegExp(p.matches); // eslint-disable-line no-new
    } catch (e) {
      regexOk = false;
    }
    if (!Number.isInteger(p.arg) || p.arg < 0 || p.arg > 254 || !regexOk) {
      return t('policies.invalid.patchBlockIf');
    }
  }
  return null;
}

/** JSON.parse's message with the line and column of its position, when the engine gives one. */
function jsonError(text, e) {
  const m = /position (\d+)/.exec(e.message);
  if (!m || /line \d+/.test(e.message)) {
    return e.message;
  }
  const pos = Number(m[1]);
  const before = text.slice(0, pos).split('\n');
  return `${e.message} (line ${before.length}, column ${before[before.length - 1].length + 1})`;
}

/** "10, 50, 100" → [10, 50, 100], or null when it is not a valid list of stages (Target.from). */
export function parseStages(text) {
  const parts = String(text || '').split(/[\s,;%]+/).filter(Boolean);
  if (parts.length === 0 || parts.length > 10) {
    return null;
  }
  const out = [];
  for (const p of parts) {
    if (!/^\d+$/.test(p)) {
      return null;
    }
    const n = Number(p);
    if (n > 100 || (out.length && n < out[out.length - 1])) {
      return null;
    }
    out.push(n);
  }
  return out;
}

/**
 * How far a rollout has got, in percent of its whole target: the current stage's share of the
 * target times the share of that stage's instances that applied the version. An aborted rollout
 * reaches no one new, so it stays where it stopped.
 */
export function rolloutPercent(r) {
  const a = r.agents || {};
  const stagePct = Number(r.percentage) || 0;
  const share = a.targeted > 0 ? (a.applied || 0) / a.targeted : 1;
  return Math.round(stagePct * share);
}

/**
 * The Applied column: live counts while the rollout's version is the newest; once a newer version
 * exists the live counts follow that one, so the rollout shows what its own version reached (the
 * agents' answers to it) and which version superseded it.
 */
function appliedCell(ctx, r) {
  const { ui, t } = ctx;
  if (r.supersededBy) {
    const ans = r.answered || {};
    const text = ans.failed ? t('policies.rollouts.finalFailed', { applied: ctx.fmtNumber(ans.applied || 0), failed: ctx.fmtNumber(ans.failed) })
      : t('policies.rollouts.final', { applied: ctx.fmtNumber(ans.applied || 0) });
    return ui.el('span', { 'data-test': 'rollout-final', 'data-superseded-by': String(r.supersededBy) },
      text, ui.el('div', { class: 'muted small' }, t('policies.rollouts.superseded', { version: r.supersededBy })));
  }
  const a = r.agents || {};
  return `${ctx.fmtNumber(a.applied || 0)} / ${ctx.fmtNumber(a.targeted || 0)}`;
}

function targetText(t, target) {
  if (!target) {
    return '—';
  }
  const parts = [];
  if (target.labels && Object.keys(target.labels).length) {
    parts.push(t('policies.target.labels', { labels: Object.entries(target.labels).map(([k, v]) => `${k}=${v}`).join(', ') }));
  }
  if (target.instances && target.instances.length) {
    parts.push(t('policies.target.instances', { instances: target.instances.join(', ') }));
  }
  if (target.percentage !== undefined && target.percentage < 100) {
    parts.push(t('policies.target.percentage', { percentage: target.percentage }));
  }
  return parts.length ? parts.join(' · ') : t('policies.target.all');
}

function canAct(ctx) {
  return ctx.ui.roleAtLeast(ctx.session, 'operator');
}

// ---- loading --------------------------------------------------------------------------------

async function loadServices(ctx) {
  // the services with agents (the fleet summary) and those with a recent policy version; a plane
  // without the fleet summary answers 400 for a summary without a service, and the policies suffice
  const [policies, fleet] = await Promise.all([
    ctx.api.get('/v1/policies', { limit: 200 }),
    ctx.api.get('/v1/agents/summary').catch(() => null),
  ]);
  const names = (policies.policies || []).map((p) => p.service)
    .concat(fleet && Array.isArray(fleet.services) ? fleet.services.map((x) => x.service) : []);
  return [...new Set(names.filter(Boolean))].sort();
}

async function loadService(ctx, mine) {
  const { api } = ctx;
  const service = mine.service;
  if (!service) {
    mine.history = [];
    mine.rollouts = [];
    mine.summary = null;
    return;
  }
  // the summary's version defaults to the service's newest: the same as the history's first
  const [history, rollouts, summary] = await Promise.all([
    api.get('/v1/policies', { service, limit: HISTORY }),
    api.get('/v1/rollouts', { service }),
    api.get('/v1/agents/summary', { service }).catch(() => null),
  ]);
  mine.history = history.policies || [];
  mine.rollouts = rollouts.rollouts || [];
  mine.summary = mine.history.length && summary && summary.version === mine.history[0].version ? summary : null;
}

// ---- rendering --------------------------------------------------------------------------------

function renderCurrent(ctx) {
  const { ui, t } = ctx;
  const cur = page.history[0];
  if (!cur) {
    return ui.el('p', { class: 'muted', 'data-test': 'policy-current' }, t('policies.current.none'));
  }
  const s = page.summary;
  return ui.el('div', { 'data-test': 'policy-current', 'data-version': String(cur.version) }, ui.kv([
    ['policies.current.version', ui.el('strong', null, `v${cur.version}`)],
    ['policies.current.createdAt', ui.absTime(cur.createdAt)],
    ['policies.current.createdBy', cur.createdBy],
    ['policies.current.note', cur.note],
    ['policies.current.target', targetText(t, cur.target)],
    ['policies.current.agents', s ? t('policies.current.agentsValue', s) : null],
  ]));
}

function renderEditor(ctx) {
  const { ui, t } = ctx;
  const base = page.history[0] ? policyText(page.history[0].policy) : '';
  page.editor = ui.el('textarea', {
    class: 'editor', 'data-test': 'policy-editor', spellcheck: 'false', 'aria-label': t('policies.editor.label'),
    prop: { value: page.draft !== null ? page.draft : (base || JSON.stringify({ version: '1', mode: 'observe', aspects: {} }, null, 2)) },
  });
  page.editor.addEventListener('input', () => {
    page.draft = page.editor.value;
    clearTimeout(page.diffTimer);
    page.diffTimer = setTimeout(() => showDiff(ctx), 250);
  });
  page.validation = ui.el('div', { class: 'validation', 'data-test': 'policy-validation', role: 'status', hidden: true });
  page.diffSummary = ui.el('div', { class: 'diff-summary' });
  page.diff = ui.el('pre', { class: 'diff', 'data-test': 'policy-diff', 'aria-label': t('policies.diff') });
  const hasPatches = page.history[0] && Array.isArray(page.history[0].policy.patches) && page.history[0].policy.patches.length > 0;
  const left = ui.el('div', null,
    ui.el('label', { class: 'field' }, ui.el('span', null, t('policies.editor.label'))),
    page.editor,
    hasPatches ? ui.el('p', { class: 'muted small' }, t('policies.editor.patches')) : null,
    ui.el('div', { class: 'actions' },
      ui.el('button', { type: 'button', class: 'btn', 'data-test': 'policy-validate', onclick: () => validate(ctx) }, t('policies.validate')),
      ui.el('button', {
        type: 'button', class: 'btn', 'data-test': 'policy-reset', disabled: !base,
        onclick: () => {
          page.draft = null;
          page.editor.value = base;
          showDiff(ctx);
          page.validation.hidden = true;
        },
      }, t('policies.reset'))),
    page.validation);
  const right = ui.el('div', null, ui.el('h3', null, t('policies.diff')), page.diffSummary, page.diff);
  const section = ui.el('div', { class: 'section' }, ui.el('h2', null, t('policies.editor')), ui.el('div', { class: 'grid-2' }, left, right), renderPush(ctx));
  showDiff(ctx);
  return section;
}

function renderPush(ctx) {
  const { ui, t } = ctx;
  if (!canAct(ctx)) {
    return ui.el('p', { class: 'notice', 'data-test': 'policy-readonly' }, t('policies.push.viewer'));
  }
  page.stages = ui.el('input', { type: 'text', 'data-test': 'policy-stages', title: t('policies.push.stages.hint'), prop: { value: '100' } });
  page.stageSeconds = ui.el('input', { type: 'number', min: '1', 'data-test': 'policy-stage-seconds', prop: { value: '30' } });
  page.note = ui.el('input', { type: 'text', 'data-test': 'policy-note', maxlength: '200' });
  page.newService = page.service ? null : ui.el('input', { type: 'text', 'data-test': 'policy-new-service' });
  return ui.el('div', null,
    ui.el('h3', null, t('policies.push.title')),
    ui.el('div', { class: 'actions' },
      page.newService ? ui.el('label', { class: 'field' }, ui.el('span', null, t('policies.newService')), page.newService) : null,
      ui.el('label', { class: 'field', title: t('policies.push.stages.hint') }, ui.el('span', null, t('policies.push.stages')), page.stages),
      ui.el('label', { class: 'field' }, ui.el('span', null, t('policies.push.stageSeconds')), page.stageSeconds),
      ui.el('label', { class: 'field' }, ui.el('span', null, t('policies.push.note')), page.note),
      ui.el('button', { type: 'button', class: 'btn btn-primary', 'data-test': 'policy-push', onclick: (e) => push(ctx, e.target) }, t('policies.push')),
      ui.el('button', {
        type: 'button', class: 'btn btn-danger', 'data-test': 'policy-rollback', disabled: page.history.length < 2,
        title: page.history.length < 2 ? t('policies.rollback.none') : null, onclick: (e) => rollback(ctx, e.target),
      }, t('policies.rollback'))),
    ui.el('p', { class: 'muted small' }, t('policies.push.stages.hint')));
}

function showDiff(ctx) {
  if (!page || !page.diff) {
    return;
  }
  const { ui, t } = ctx;
  const base = page.history[0] ? policyText(page.history[0].policy) : '';
  let text = page.editor.value;
  // compare the normalised form when the text is JSON, so that spacing alone is not a change
  try {
    text = JSON.stringify(JSON.parse(text), null, 2);
  } catch (e) {
    // not JSON (yet): compare the raw text
  }
  const lines = lineDiff(base, text);
  const added = lines.filter((l) => l.op === '+').length;
  const removed = lines.filter((l) => l.op === '-').length;
  page.diff.setAttribute('data-added', String(added));
  page.diff.setAttribute('data-removed', String(removed));
  ui.replace(page.diffSummary, added || removed
    ? ui.el('span', { title: t('policies.diff.summary', { added, removed }) }, ui.el('span', { class: 'add' }, `+${added}`), ' ', ui.el('span', { class: 'del' }, `−${removed}`))
    : ui.el('span', { class: 'muted' }, t('policies.diff.none')));
  ui.replace(page.diff, lines.map((l) => ui.el('span', {
    class: ['diff-line', l.op === '+' ? 'diff-add' : l.op === '-' ? 'diff-del' : 'diff-same'], 'data-op': l.op === ' ' ? 'same' : l.op === '+' ? 'add' : 'del',
  }, `${l.op} ${l.text}`)));
  return { added, removed };
}

function setValidation(ok, message) {
  page.validation.hidden = false;
  page.validation.setAttribute('data-valid', String(ok));
  page.validation.textContent = message;
}

function validate(ctx) {
  const { t } = ctx;
  const r = validatePolicy(page.editor.value, t);
  const d = showDiff(ctx);
  if (!r.ok) {
    setValidation(false, t('policies.invalid', { message: r.message }));
    return null;
  }
  const cur = page.history[0];
  const changes = cur ? t('policies.valid.changes', { added: d.added, removed: d.removed, version: cur.version }) : t('policies.valid.new');
  setValidation(true, t('policies.valid', { lines: page.editor.value.split('\n').length, changes }));
  return r.policy;
}

function renderRollout(ctx) {
  const { ui, t } = ctx;
  const host = page.rolloutHost;
  const r = page.tracked;
  if (!r) {
    ui.replace(host, ui.el('p', { class: 'muted' }, t('policies.rollout.none')));
    return;
  }
  const a = r.agents || {};
  const stages = r.stages || [];
  // the counts of the current stage, remembered per stage while this page watches
  page.stageCounts[r.id] = page.stageCounts[r.id] || {};
  page.stageCounts[r.id][r.stage] = a;
  const seen = page.stageCounts[r.id];
  const pct = rolloutPercent(r);
  page.rolloutBar = progressInPlace(ui, page.rolloutBar, pct, 'rollout-progress', r.state);
  const controls = [];
  if (canAct(ctx)) {
    if (r.state === 'running') {
      controls.push(ui.el('button', { type: 'button', class: 'btn', 'data-test': 'rollout-pause', onclick: (e) => rolloutAction(ctx, 'pause', e.target) }, t('policies.rollout.pause')));
    }
    if (r.state === 'paused') {
      controls.push(ui.el('button', { type: 'button', class: 'btn', 'data-test': 'rollout-resume', onclick: (e) => rolloutAction(ctx, 'resume', e.target) }, t('policies.rollout.resume')));
    }
    if (r.state === 'running' || r.state === 'paused') {
      controls.push(ui.el('button', { type: 'button', class: 'btn btn-danger', 'data-test': 'rollout-abort', onclick: (e) => rolloutAction(ctx, 'abort', e.target) }, t('policies.rollout.abort')));
    }
  }
  const stageRows = stages.map((p, i) => ({ i, p, counts: seen[i] }));
  ui.replace(host,
    ui.el('div', { class: 'page-head' },
      ui.el('h3', null, t('policies.rollout.heading', { id: r.id, service: r.service, version: r.version })),
      ui.el('div', null, ui.badge(r.state), ' ', ...controls)),
    page.rolloutBar,
    ui.el('p', null, t('policies.rollout.stage', { stage: r.stage + 1, stages: stages.length, percentage: r.percentage }), ' · ',
      t('policies.rollout.agents', { applied: a.applied || 0, targeted: a.targeted || 0, pending: a.pending || 0, failed: a.failed || 0, stale: a.stale || 0 })),
    r.reason ? ui.el('p', { class: 'notice', 'data-test': 'rollout-reason' }, t('policies.rollout.reason', { reason: r.reason })) : null,
    ui.el('div', { class: 'stages' }, ui.table({
      testId: 'rollout-stages',
      rowTestId: 'rollout-stage',
      rowAttrs: (s) => ({ 'data-stage': String(s.i) }),
      columns: [
        { titleKey: 'policies.rollout.col.stage', render: (s) => String(s.i + 1) },
        { titleKey: 'policies.rollout.col.percentage', num: true, render: (s) => `${s.p}%` },
        {
          titleKey: 'policies.rollout.col.status',
          render: (s) => (s.i < r.stage || (s.i === r.stage && r.state === 'done') ? t('policies.rollout.stage.done')
            : s.i === r.stage ? t('policies.rollout.stage.current') : t('policies.rollout.stage.waiting')),
        },
        { titleKey: 'policies.rollout.col.applied', num: true, render: (s) => (s.counts ? ctx.fmtNumber(s.counts.applied) : '—') },
        { titleKey: 'policies.rollout.col.pending', num: true, render: (s) => (s.counts ? ctx.fmtNumber(s.counts.pending) : '—') },
        { titleKey: 'policies.rollout.col.failed', num: true, render: (s) => (s.counts ? ctx.fmtNumber(s.counts.failed) : '—') },
      ],
      rows: stageRows,
    })),
    ui.el('p', { class: 'muted small' }, t('policies.rollout.stage.unseen')));
}

function renderRollouts(ctx) {
  const { ui, t } = ctx;
  ui.replace(page.rolloutsHost, ui.table({
    testId: 'rollouts',
    rowTestId: 'rollout-row',
    rowAttrs: (r) => ({ 'data-rollout-id': r.id, 'data-state': r.state }),
    onRow: (r) => track(ctx, r),
    selected: (r) => page.tracked && page.tracked.id === r.id,
    empty: t('policies.rollouts.empty'),
    columns: [
      { titleKey: 'policies.rollouts.col.id', render: (r) => ui.el('span', { class: 'mono' }, r.id) },
      { titleKey: 'policies.rollouts.col.version', num: true, render: (r) => `v${r.version}` },
      { titleKey: 'policies.rollouts.col.state', render: (r) => ui.badge(r.state) },
      { titleKey: 'policies.rollouts.col.stage', render: (r) => t('policies.rollouts.stageValue', { stage: r.stage + 1, stages: (r.stages || []).length, percentage: r.percentage }) },
      { titleKey: 'policies.rollouts.col.agents', num: true, render: (r) => appliedCell(ctx, r) },
      { titleKey: 'policies.rollouts.col.updated', render: (r) => ui.relTime(r.updatedAt) },
    ],
    rows: page.rollouts,
  }));
}

function renderHistory(ctx) {
  const { ui, t } = ctx;
  return ui.table({
    testId: 'policy-history',
    rowTestId: 'policy-version-row',
    rowAttrs: (p) => ({ 'data-version': String(p.version) }),
    onRow: (p) => {
      page.draft = policyText(p.policy);
      page.editor.value = page.draft;
      page.validation.hidden = true;
      showDiff(ctx);
      ui.toast(t('policies.history.loaded', { version: p.version }), 'info');
      page.editor.focus();
    },
    columns: [
      { titleKey: 'policies.history.col.version', num: true, render: (p) => `v${p.version}` },
      { titleKey: 'policies.history.col.createdAt', render: (p) => ui.absTime(p.createdAt) },
      { titleKey: 'policies.history.col.createdBy', key: 'createdBy' },
      { titleKey: 'policies.history.col.note', key: 'note', className: 'wrap' },
      { titleKey: 'policies.history.col.target', render: (p) => targetText(t, p.target) },
    ],
    rows: page.history,
  });
}

function renderAll(root, ctx) {
  const { ui, t } = ctx;
  const serviceOptions = page.services.map((s) => [s, s]);
  const head = ui.el('div', { class: 'page-head' },
    ui.el('div', null, ui.el('h1', null, t('policies.title')), ui.el('p', { class: 'muted' }, t('policies.subtitle'))),
    page.services.length
      ? ui.select({
        labelKey: 'policies.service', value: page.service, options: serviceOptions, testId: 'policy-service',
        onchange: (v) => ctx.setParams({ service: v }),
      })
      : null);
  page.rolloutHost = ui.el('div', { 'data-test': 'rollout' });
  page.rolloutsHost = ui.el('div');
  ui.replace(root,
    head,
    page.services.length ? null : ui.el('div', { class: 'notice' }, ui.el('p', null, t('policies.noServices')), ui.el('p', { class: 'muted' }, t('policies.noServices.hint'))),
    ui.el('div', { class: 'section' }, ui.el('h2', null, t('policies.current')), renderCurrent(ctx)),
    renderEditor(ctx),
    ui.el('div', { class: 'section' }, ui.el('h2', null, t('policies.rollout')), page.rolloutHost),
    ui.el('div', { class: 'section' }, ui.el('h2', null, t('policies.rollouts')), page.rolloutsHost),
    ui.el('div', { class: 'section' }, ui.el('h2', null, t('policies.history')), ui.el('p', { class: 'muted small' }, t('policies.history.hint')), renderHistory(ctx)));
  renderRollouts(ctx);
  renderRollout(ctx);
}

// ---- actions ----------------------------------------------------------------------------------

function track(ctx, rollout) {
  page.tracked = rollout;
  renderRollout(ctx);
  renderRollouts(ctx);
  schedulePoll(ctx);
}

function schedulePoll(ctx) {
  clearTimeout(page.pollTimer);
  const r = page.tracked;
  if (!r) {
    return;
  }
  const settled = TERMINAL.includes(r.state) && !((r.agents || {}).pending > 0);
  if (settled) {
    return;
  }
  const mine = page;
  page.pollTimer = setTimeout(async () => {
    if (page !== mine || !page.tracked) {
      return;
    }
    try {
      const fresh = await ctx.api.get(`/v1/rollouts/${encodeURIComponent(r.id)}`);
      if (page !== mine) {
        return;
      }
      page.tracked = fresh;
      page.rollouts = page.rollouts.map((x) => (x.id === fresh.id ? fresh : x));
      renderRollout(ctx);
      renderRollouts(ctx);
      if (TERMINAL.includes(fresh.state) && !((fresh.agents || {}).pending > 0)) {
        // settled (the last poll): the current version's agent counts have changed too
        loadService(ctx, mine).then(() => {
          if (page === mine) {
            refreshCurrent(ctx);
          }
        }).catch(() => {});
      }
    } catch (e) {
      if (e.code === 'aborted' || page !== mine) {
        return;
      }
      ctx.ui.toast(`${ctx.ui.nextStep(e)} (${e.message})`, 'error');
    }
    schedulePoll(ctx);
  }, POLL_MS);
}

function refreshCurrent(ctx) {
  const host = page.root.querySelector('[data-test="policy-current"]');
  if (host) {
    host.replaceWith(renderCurrent(ctx));
  }
}

async function push(ctx, button) {
  const { ui, t, api } = ctx;
  const policy = validate(ctx);
  if (!policy) {
    return;
  }
  const service = page.service || (page.newService ? page.newService.value.trim() : '');
  if (!service) {
    setValidation(false, t('policies.push.noService'));
    return;
  }
  const stages = parseStages(page.stages.value);
  if (!stages) {
    setValidation(false, t('policies.push.badStages'));
    return;
  }
  const seconds = Number(page.stageSeconds.value);
  if (!Number.isInteger(seconds) || seconds < 1) {
    setValidation(false, t('policies.push.badSeconds'));
    return;
  }
  const cur = page.history[0];
  if (cur && JSON.stringify(editable(cur.policy)) === JSON.stringify(policy)) {
    setValidation(false, t('policies.invalid.unchanged'));
    return;
  }
  const next = cur ? cur.version + 1 : 1;
  if (!(await ui.confirmDialog(t('policies.push.confirm', { service, version: `v${next}`, stages: stages.join(', ') }), { confirmKey: 'policies.push' }))) {
    return;
  }
  button.disabled = true;
  const body = { service, policy, target: { stages } };
  if (stages.length > 1) {
    body.target.stageSeconds = seconds;
  }
  const note = page.note.value.trim();
  if (note) {
    body.note = note;
  }
  try {
    const res = await api.post('/v1/policies', body);
    ui.toast(t('policies.push.done', { service, version: res.version }), 'ok');
    page.draft = null;
    if (!page.service) {
      ctx.setParams({ service, rollout: res.rollout ? res.rollout.id : null });
      return;
    }
    await refreshAfterChange(ctx, res.rollout || null);
  } catch (e) {
    if (e.code === 'aborted') {
      return;
    }
    // the server's own validation (400) or role (403), said where the operator is looking
    setValidation(false, `${t('policies.server', { message: e.message })} ${ui.nextStep(e)}`);
  } finally {
    button.disabled = false;
  }
}

async function rollback(ctx, button) {
  const { ui, t, api } = ctx;
  const [cur, prev] = page.history;
  if (!prev) {
    ui.toast(t('policies.rollback.none'), 'error');
    return;
  }
  if (!(await ui.confirmDialog(t('policies.rollback.confirm', { service: page.service, previous: prev.version, current: cur.version }),
    { confirmKey: 'policies.rollback', danger: true }))) {
    return;
  }
  button.disabled = true;
  try {
    const res = await api.post('/v1/policies/rollback', { service: page.service });
    ui.toast(t('policies.rollback.done', { service: page.service, version: res.version, previous: prev.version }), 'ok');
    page.draft = null;
    await refreshAfterChange(ctx, null);
  } catch (e) {
    if (e.code !== 'aborted') {
      ui.toast(`${ui.nextStep(e)} (${e.message})`, 'error');
    }
  } finally {
    button.disabled = false;
  }
}

async function rolloutAction(ctx, action, button) {
  const { ui, t, api } = ctx;
  const r = page.tracked;
  if (action === 'abort' && !(await ui.confirmDialog(t('policies.rollout.abort.confirm', { id: r.id, version: r.version }), { confirmKey: 'policies.rollout.abort', danger: true }))) {
    return;
  }
  button.disabled = true;
  try {
    const fresh = await api.post(`/v1/rollouts/${encodeURIComponent(r.id)}/${action}`);
    ui.toast(t('policies.rollout.changed', { id: fresh.id, state: ui.label('state', fresh.state) }), 'ok');
    page.rollouts = page.rollouts.map((x) => (x.id === fresh.id ? fresh : x));
    track(ctx, fresh);
  } catch (e) {
    if (e.code !== 'aborted') {
      ui.toast(`${ui.nextStep(e)} (${e.message})`, 'error');
    }
    button.disabled = false;
  }
}

async function refreshAfterChange(ctx, rollout) {
  const mine = page;
  await loadService(ctx, mine);
  if (page !== mine) {
    return;
  }
  renderAll(page.root, ctx);
  if (rollout) {
    track(ctx, page.rollouts.find((r) => r.id === rollout.id) || rollout);
  }
}

export default {
  id: 'policies',
  titleKey: 'policies.title',

  async render(root, ctx) {
    ensureStyles();
    const { ui } = ctx;
    root.appendChild(ui.loading());
    const mine = {
      root, services: [], service: null, history: [], rollouts: [], summary: null, tracked: null, stageCounts: {}, draft: null,
    };
    page = mine;
    mine.services = await loadServices(ctx);
    if (page !== mine) {
      return;
    }
    mine.service = ctx.params.service && mine.services.includes(ctx.params.service) ? ctx.params.service : (mine.services[0] || null);
    await loadService(ctx, mine);
    if (page !== mine) {
      return;
    }
    renderAll(root, ctx);
    const wanted = ctx.params.rollout
      ? mine.rollouts.find((r) => r.id === ctx.params.rollout)
      : mine.rollouts.find((r) => r.state === 'running' || r.state === 'paused');
    if (wanted) {
      track(ctx, wanted);
    }
    root.setAttribute('data-ready', 'true');
  },

  dispose() {
    if (page) {
      clearTimeout(page.pollTimer);
      clearTimeout(page.diffTimer);
    }
    page = null;
  },
};
