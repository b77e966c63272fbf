// The console's shell: the session (login view or app), the top bar, the hash router, and the
// life cycle of the page modules (assets/pages/<id>.js: render(root, ctx) on entry, dispose()
// on exit). Nothing here is inline in index.html: the Content-Security-Policy forbids it.

import * as api from './api.js';
import * as i18n from './i18n.js';
import * as ui from './ui.js';

const { t } = i18n;
const { el } = ui;

/** The pages in the order of the navigation; minRole: who sees the link (the server enforces it anyway). */
export const PAGES = [
  { id: 'fleet', minRole: 'viewer' },
  { id: 'events', minRole: 'viewer' },
  { id: 'policies', minRole: 'viewer' },
  { id: 'exposure', minRole: 'viewer' },
  { id: 'data', minRole: 'viewer' },
  { id: 'drills', minRole: 'viewer' },
  // The audit trail is readable by admins only (GET /v1/audit requires the admin role).
  { id: 'audit', minRole: 'admin' },
];
const DEFAULT_PAGE = 'fleet';

i18n.registerMessages({
  en: {
    'app.name': 'secplane',
    'app.title': 'secplane console',
    'nav.label': 'Pages',
    'nav.fleet': 'Fleet',
    'nav.events': 'Events',
    'nav.policies': 'Policies',
    'nav.exposure': 'Exposure',
    'nav.data': 'Data',
    'nav.drills': 'Drills',
    'nav.audit': 'Audit',
    'role.viewer': 'viewer: can read everything, change nothing',
    'role.operator': 'operator: can push policies, roll out and patch',
    'role.admin': 'admin: can do everything, including tokens and the audit trail',
    'shell.signedInAs': 'Signed in as {name}',
    'shell.language': 'Language',
    'shell.logout': 'Log out',
    'shell.timeZone': 'Times in {zone}',
    'login.title': 'Sign in to the secplane console',
    'login.intro': 'Paste an operator token (sp_op_…). An admin creates one with: secplane tokens create --role viewer --name <you>',
    'login.token': 'Operator token',
    'login.submit': 'Sign in',
    'login.working': 'Signing in…',
    'login.missing': 'Paste your operator token first; it starts with sp_op_.',
    'login.401': 'This token was not accepted: it is wrong, expired or revoked. Check that you copied all of it, or ask an admin for a new one.',
    'login.403': 'This is not an operator token (enrolment and agent tokens cannot sign in). Use a token that starts with sp_op_.',
    'login.expired': 'Your session expired or was ended; sign in again.',
    'login.loggedOut': 'You are signed out.',
    'login.failed': 'Signing in failed: {message}',
    'login.storage': 'The session is kept in a cookie for 8 hours; the token itself is not stored by the browser.',
    'page.missing': 'This page could not be loaded: {message}. Reload the console; if it persists, the control plane may be older than this console.',
    'page.failed': 'This page failed to show: {message}',
    'page.forbidden': 'Your role ({role}) cannot open this page; it needs {needed}. Ask an admin if you need it.',
    'common.loading': 'Loading…',
    'common.empty': 'Nothing to show.',
    'common.retry': 'Try again',
    'common.close': 'Close',
    'common.cancel': 'Cancel',
    'common.confirm': 'Confirm',
    'common.previous': '← Previous',
    'common.next': 'Next →',
    'common.loadMore': 'Load older',
    'common.all': 'All',
    'common.apply': 'Apply',
    'common.clear': 'Clear filters',
    'common.refresh': 'Refresh',
    'common.yes': 'yes',
    'common.no': 'no',
    'common.none': 'none',
    'common.copy': 'Copy',
    'common.showing': 'Showing {count}',
    'common.updated': 'Updated {time}',
    'error.noConnection': 'no connection',
    'error.next.network': 'The control plane cannot be reached. Check that it is running and that your network allows it, then try again.',
    'error.next.401': 'Your session expired; sign in again.',
    'error.next.403': 'Your role does not allow this. Ask an admin for a token with a higher role.',
    'error.next.404': 'It no longer exists or was never there; refresh the list.',
    'error.next.409': 'Someone changed it meanwhile; refresh and try again.',
    'error.next.413': 'That is too large for the control plane; send less at once.',
    'error.next.429': 'Too many requests; wait a moment and try again.',
    'error.next.400': 'The control plane refused the request; correct what the message below names and try again.',
    'error.next.500': 'The control plane failed to answer. Try again; if it keeps failing, check its log.',
    'state.applied': 'applied',
    'state.pending': 'pending',
    'state.failed': 'failed',
    'state.stale': 'stale',
    'state.active': 'active',
    'state.quarantined': 'quarantined',
    'state.block': 'block',
    'state.observe': 'observe',
    'state.allow': 'allow',
    'state.rewrite': 'rewrite',
    'state.patched': 'patched',
    'state.running': 'running',
    'state.paused': 'paused',
    'state.done': 'done',
    'state.aborted': 'aborted',
    'state.superseded': 'superseded',
    'state.waiting-for-class': 'waiting for class',
    'state.out-of-scope': 'out of scope',
    'state.open': 'open',
    'state.closed': 'closed',
  },
  'zh-CN': {
    'app.name': 'secplane',
    'app.title': 'secplane 控制台',
    'nav.label': '页面',
    'nav.fleet': '实例总览',
    'nav.events': '安全事件',
    'nav.policies': '策略',
    'nav.exposure': '漏洞暴露面',
    'nav.data': '数据安全',
    'nav.drills': '攻防演练',
    'nav.audit': '审计日志',
    'role.viewer': '只读用户：可查看全部内容，不能做任何变更',
    'role.operator': '运维人员：可推送策略、灰度发布和应用虚拟补丁',
    'role.admin': '管理员：拥有全部权限，包括令牌管理和审计日志',
    'shell.signedInAs': '当前用户：{name}',
    'shell.language': '语言',
    'shell.logout': '退出登录',
    'shell.timeZone': '时间按 {zone} 时区显示',
    'login.title': '登录 secplane 控制台',
    'login.intro': '请粘贴运维令牌（以 sp_op_ 开头）。管理员可用以下命令创建：secplane tokens create --role viewer --name <你的名字>',
    'login.token': '运维令牌',
    'login.submit': '登录',
    'login.working': '正在登录…',
    'login.missing': '请先粘贴运维令牌，它以 sp_op_ 开头。',
    'login.401': '令牌未被接受：令牌错误、已过期或已吊销。请确认复制完整，或向管理员申请新令牌。',
    'login.403': '这不是运维令牌（注册令牌和探针令牌不能登录）。请使用以 sp_op_ 开头的令牌。',
    'login.expired': '会话已过期或已结束，请重新登录。',
    'login.loggedOut': '您已退出登录。',
    'login.failed': '登录失败：{message}',
    'login.storage': '会话保存在 Cookie 中，有效期 8 小时；浏览器不会保存令牌本身。',
    'page.missing': '无法加载此页面：{message}。请刷新控制台；如仍出现，可能是控制平面版本低于此控制台。',
    'page.failed': '页面显示失败：{message}',
    'page.forbidden': '您的角色（{role}）无权打开此页面，需要 {needed} 角色。如有需要，请联系管理员。',
    'common.loading': '加载中…',
    'common.empty': '暂无数据。',
    'common.retry': '重试',
    'common.close': '关闭',
    'common.cancel': '取消',
    'common.confirm': '确认',
    'common.previous': '← 上一页',
    'common.next': '下一页 →',
    'common.loadMore': '加载更早的记录',
    'common.all': '全部',
    'common.apply': '应用',
    'common.clear': '清除筛选',
    'common.refresh': '刷新',
    'common.yes': '是',
    'common.no': '否',
    'common.none': '无',
    'common.copy': '复制',
    'common.showing': '显示 {count} 条',
    'common.updated': '更新于 {time}',
    'error.noConnection': '无连接',
    'error.next.network': '无法连接控制平面。请确认其正在运行且网络可达，然后重试。',
    'error.next.401': '会话已过期，请重新登录。',
    'error.next.403': '您的角色无权执行此操作。请向管理员申请更高角色的令牌。',
    'error.next.404': '该对象已不存在或从未存在，请刷新列表。',
    'error.next.409': '该对象已被他人修改，请刷新后重试。',
    'error.next.413': '内容超出控制平面的上限，请分批发送。',
    'error.next.429': '请求过于频繁，请稍候再试。',
    'error.next.400': '控制平面拒绝了该请求，请按下方提示修正后重试。',
    'error.next.500': '控制平面处理失败。请重试；如持续失败，请查看其日志。',
    'state.applied': '已生效',
    'state.pending': '待生效',
    'state.failed': '失败',
    'state.stale': '失联',
    'state.active': '运行中',
    'state.quarantined': '已隔离',
    'state.block': '拦截',
    'state.observe': '观察',
    'state.allow': '放行',
    'state.rewrite': '改写',
    'state.patched': '已修补',
    'state.running': '进行中',
    'state.paused': '已暂停',
    'state.done': '已完成',
    'state.aborted': '已中止',
    'state.superseded': '已被取代',
    'state.waiting-for-class': '等待类加载',
    'state.out-of-scope': '不在范围内',
    'state.open': '待处理',
    'state.closed': '已关闭',
  },
});

const app = document.getElementById('app') || document.body.appendChild(el('div', { id: 'app' }));

let session = null;
let current = null; // { id, module, root, abort, timers, key }
let navigation = 0; // increases with every route change, so a slow page load never replaces a newer one

api.onUnauthorized(() => {
  if (session) {
    showLogin(t('login.expired'));
  }
});

i18n.onLangChange(() => {
  if (session) {
    showApp();
  } else {
    showLogin();
  }
});

/** The page id and its query parameters from the hash: #/events?rule=x → {id: 'events', params: {rule: 'x'}}. */
export function parseHash(hash) {
  const h = (hash || '').replace(/^#\/?/, '');
  const q = h.indexOf('?');
  const path = q < 0 ? h : h.slice(0, q);
  const params = {};
  if (q >= 0) {
    for (const [k, v] of new URLSearchParams(h.slice(q + 1))) {
      params[k] = v;
    }
  }
  return { id: path.split('/')[0] || '', params };
}

/** The hash for a page and its parameters (empty values left out). */
export function hashFor(id, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== null && v !== undefined && v !== '') {
      q.set(k, String(v));
    }
  }
  const s = q.toString();
  return `#/${id}${s ? `?${s}` : ''}`;
}

function languageSelect() {
  return el('label', { class: 'lang' },
    el('span', { class: 'sr-only' }, t('shell.language')),
    el('select', {
      'data-test': 'lang', 'aria-label': t('shell.language'),
      onchange: (e) => i18n.setLang(e.target.value),
    }, el('option', { value: 'en', selected: i18n.lang() === 'en' }, 'English'),
    el('option', { value: 'zh-CN', selected: i18n.lang() === 'zh-CN' }, '简体中文')));
}

function leavePage() {
  if (!current) {
    return;
  }
  const leaving = current;
  current = null;
  leaving.abort.abort();
  leaving.timers.forEach((id) => clearInterval(id));
  try {
    if (leaving.module && typeof leaving.module.dispose === 'function') {
      leaving.module.dispose();
    }
  } catch (e) {
    console.error('page dispose failed', e); // eslint-disable-line no-console
  }
  ui.disposeCharts();
}

function showLogin(message) {
  leavePage();
  session = null;
  document.title = t('app.title');
  const token = el('input', {
    type: 'password', id: 'login-token', 'data-test': 'login-token', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'sp_op_…', required: true, 'aria-describedby': 'login-intro',
  });
  const submit = el('button', { type: 'submit', class: 'btn btn-primary', 'data-test': 'login-submit' }, t('login.submit'));
  const errorSlot = el('div', { class: 'login-message' });
  const setError = (text) => {
    ui.replace(errorSlot, text ? el('p', { class: 'error-box', role: 'alert', 'data-test': 'login-error' }, text) : null);
  };
  if (message) {
    ui.replace(errorSlot, el('p', { class: 'notice', role: 'status' }, message));
  }
  const form = el('form', { class: 'login-form', novalidate: true }, el('label', { for: 'login-token' }, t('login.token')), token, submit, errorSlot);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const value = token.value.trim();
    if (!value) {
      setError(t('login.missing'));
      token.focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = t('login.working');
    try {
      session = await api.login(value);
      token.value = '';
      showApp();
    } catch (err) {
      let text;
      if (err.status === 401) {
        text = t('login.401');
      } else if (err.status === 403) {
        text = t('login.403');
      } else {
        text = `${t('login.failed', { message: err.message })} ${ui.nextStep(err)}`;
      }
      setError(text);
      submit.disabled = false;
      submit.textContent = t('login.submit');
      token.select();
    }
  });
  ui.replace(app, el('main', { class: 'login', 'data-test': 'login' },
    el('div', { class: 'login-card' },
      el('div', { class: 'login-top' }, el('span', { class: 'brand' }, t('app.name')), languageSelect()),
      el('h1', null, t('login.title')),
      el('p', { id: 'login-intro', class: 'muted' }, t('login.intro')),
      form,
      el('p', { class: 'muted small' }, t('login.storage')))));
  token.focus();
}

let header = null;
let main = null;

function showApp() {
  leavePage();
  const nav = el('nav', { class: 'nav', 'aria-label': t('nav.label') },
    PAGES.filter((p) => ui.roleAtLeast(session, p.minRole)).map((p) => el('a', {
      href: `#/${p.id}`, 'data-test': `nav-${p.id}`, 'data-page': p.id,
    }, t(`nav.${p.id}`))));
  header = el('header', { class: 'topbar' },
    el('a', { class: 'brand', href: `#/${DEFAULT_PAGE}` }, t('app.name')),
    nav,
    el('div', { class: 'user' },
      el('span', { class: 'user-name', title: t('shell.signedInAs', { name: session.name }) }, session.name),
      el('span', { class: `role-badge role-${session.role}`, 'data-test': 'role-badge', title: t(`role.${session.role}`) }, session.role),
      languageSelect(),
      el('button', { type: 'button', class: 'btn btn-quiet', 'data-test': 'logout', onclick: logout }, t('shell.logout'))));
  main = el('main', { class: 'content', id: 'content' });
  const footer = el('footer', { class: 'footer muted small' }, t('shell.timeZone', { zone: i18n.timeZone() }));
  ui.replace(app, header, main, footer);
  route();
}

async function logout() {
  try {
    await api.logout();
  } catch (e) {
    // the cookie expires on its own; the server ends the session when it is reached again
  }
  showLogin(t('login.loggedOut'));
}

function markNav(id) {
  if (!header) {
    return;
  }
  for (const a of header.querySelectorAll('nav a')) {
    if (a.dataset.page === id) {
      a.setAttribute('aria-current', 'page');
    } else {
      a.removeAttribute('aria-current');
    }
  }
}

async function route() {
  if (!session) {
    return;
  }
  const { id, params } = parseHash(window.location.hash);
  const page = PAGES.find((p) => p.id === id);
  if (!page) {
    window.location.replace(hashFor(DEFAULT_PAGE));
    return;
  }
  const key = window.location.hash;
  if (current && current.key === key) {
    return;
  }
  leavePage();
  const seq = ++navigation;
  markNav(id);
  const abort = new AbortController();
  const root = el('section', { class: 'page', 'data-test': `page-${id}`, 'aria-busy': 'true' });
  const timers = [];
  current = { id, module: null, root, abort, timers, key };
  ui.replace(main, root);
  document.title = `${t(`nav.${id}`)} · ${t('app.title')}`;

  if (!ui.roleAtLeast(session, page.minRole)) {
    ui.replace(root, el('div', { class: 'error-box', role: 'alert' },
      t('page.forbidden', { role: session.role, needed: page.minRole })));
    root.setAttribute('data-ready', 'true');
    root.removeAttribute('aria-busy');
    return;
  }
  root.appendChild(ui.loading());
  let module;
  try {
    module = await import(`./pages/${id}.js`);
  } catch (e) {
    if (seq === navigation) {
      ui.replace(root, el('div', { class: 'error-box', role: 'alert' }, t('page.missing', { message: e.message })));
      root.setAttribute('data-error', 'true');
      root.removeAttribute('aria-busy');
    }
    return;
  }
  if (seq !== navigation) {
    return;
  }
  i18n.registerMessages(module.messages);
  const pageModule = module.default;
  current.module = pageModule;
  document.title = `${t(pageModule.titleKey || `nav.${id}`)} · ${t('app.title')}`;
  const ctx = {
    api: api.bind(abort.signal),
    t,
    fmtTime: i18n.fmtTime,
    fmtNumber: i18n.fmtNumber,
    fmtDuration: i18n.fmtDuration,
    fmtRelative: i18n.fmtRelative,
    fmtClock: i18n.fmtClock,
    lang: i18n.lang(),
    ui,
    session,
    params,
    signal: abort.signal,
    navigate(hash) {
      window.location.hash = hash;
    },
    /** Changes the page's hash parameters; the page is rendered again unless quiet (then only the address changes). */
    setParams(next, { quiet } = {}) {
      const hash = hashFor(id, next);
      if (quiet) {
        window.history.replaceState(null, '', hash);
        if (current && current.root === root) {
          current.key = hash;
        }
      } else {
        window.location.hash = hash;
      }
    },
    /** Calls fn every ms milliseconds until the page is left (the shell clears it, dispose() need not). */
    poll(fn, ms) {
      const handle = setInterval(() => {
        if (!abort.signal.aborted) {
          fn();
        }
      }, ms);
      timers.push(handle);
      return handle;
    },
    /** Renders the page again from its first data (a refresh button). */
    reload() {
      if (current && current.root === root) {
        current.key = null;
        route();
      }
    },
    hashFor,
  };
  root.replaceChildren();
  try {
    await pageModule.render(root, ctx);
    if (seq === navigation && !root.hasAttribute('data-ready')) {
      root.setAttribute('data-ready', 'true');
    }
  } catch (e) {
    if (seq !== navigation || (e && e.code === 'aborted')) {
      return;
    }
    if (e instanceof api.ApiFailure) {
      if (e.status === 401) {
        return; // the login view is already shown
      }
      root.appendChild(ui.errorBox(e, () => {
        current.key = null;
        route();
      }));
    } else {
      console.error(e); // eslint-disable-line no-console
      root.appendChild(el('div', { class: 'error-box', role: 'alert' }, t('page.failed', { message: e && e.message ? e.message : String(e) })));
    }
    root.setAttribute('data-error', 'true');
  } finally {
    root.removeAttribute('aria-busy');
  }
}

window.addEventListener('hashchange', route);

async function start() {
  document.title = t('app.title');
  app.replaceChildren(ui.loading());
  try {
    session = await api.session();
  } catch (e) {
    session = null;
    showLogin(`${ui.nextStep(e)} (${e.message})`);
    return;
  }
  if (session) {
    showApp();
  } else {
    showLogin();
  }
}

start();
