// Messages, language and the formatting of times and numbers for the console.
// Every string the console shows goes through t(); every time through fmtTime(), in the
// browser's own time zone with the zone's name shown, so that two people in different
// zones reading the same screen can tell what "10:05" means.

const LANGS = ['en', 'zh-CN'];
const STORAGE_KEY = 'secplane.lang';
const catalog = { en: {}, 'zh-CN': {} };
const listeners = new Set();

let current = initialLang();

function initialLang() {
  let stored = null;
  try {
    stored = window.localStorage.getItem(STORAGE_KEY);
  } catch (e) {
    stored = null; // storage disabled (private mode): fall back to the browser's language
  }
  if (LANGS.includes(stored)) {
    return stored;
  }
  const wanted = (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en']);
  for (const l of wanted) {
    // zh, zh-CN, zh-SG and zh-Hans read Simplified Chinese; zh-TW/zh-HK would rather read English than simplified characters
    if (/^zh(-(CN|SG|Hans.*))?$/i.test(l)) {
      return 'zh-CN';
    }
    if (/^en\b/i.test(l)) {
      return 'en';
    }
  }
  return 'en';
}

/** The languages the console speaks, as values of the language switch. */
export function languages() {
  return LANGS.slice();
}

/** The current language: 'en' or 'zh-CN'. */
export function lang() {
  return current;
}

/** Switches the language, remembers it, and tells every listener (the shell re-renders the page). */
export function setLang(l) {
  if (!LANGS.includes(l)) {
    throw new Error(`unknown language ${l}; expected one of ${LANGS.join(', ')}`);
  }
  if (l === current) {
    return;
  }
  current = l;
  try {
    window.localStorage.setItem(STORAGE_KEY, l);
  } catch (e) {
    // not remembered across visits; the switch still applies now
  }
  document.documentElement.lang = l;
  for (const fn of listeners) {
    fn(l);
  }
}

/** Calls fn(lang) after each change of language; returns a function that stops it. */
export function onLangChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Adds messages: { en: {key: text}, 'zh-CN': {key: text} }. Later registrations win. */
export function registerMessages(messages) {
  if (!messages) {
    return;
  }
  for (const l of LANGS) {
    Object.assign(catalog[l], messages[l] || {});
  }
}

/**
 * The message for key in the current language (English when the translation is missing, the
 * key itself when both are), with {name} placeholders replaced by vars.name. A value that is a
 * number is formatted for the language.
 */
export function t(key, vars) {
  let text = catalog[current][key];
  if (text === undefined) {
    text = catalog.en[key];
  }
  if (text === undefined) {
    return key;
  }
  if (!vars) {
    return text;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name) => {
    if (!(name in vars)) {
      return whole;
    }
    const v = vars[name];
    return typeof v === 'number' ? fmtNumber(v) : String(v);
  });
}

/** Whether a message exists for key (used to translate values such as states, falling back to the raw value). */
export function has(key) {
  return catalog[current][key] !== undefined || catalog.en[key] !== undefined;
}

function toDate(v) {
  if (v === null || v === undefined || v === '') {
    return null;
  }
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

const timeFormats = new Map();

function timeFormat(options) {
  const key = current + JSON.stringify(options);
  let f = timeFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(current, options);
    timeFormats.set(key, f);
  }
  return f;
}

/** The browser's own time zone, e.g. "Asia/Shanghai". */
export function timeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * A time (ISO-8601 string or epoch milliseconds) in the browser's time zone with the zone's
 * name, e.g. "2026/11/30 18:05:09 GMT+8" or "Nov 30, 2026, 10:05:09 AM UTC"; "—" when absent.
 */
export function fmtTime(v) {
  const d = toDate(v);
  if (!d) {
    return '—';
  }
  // The zone's name goes after the time in every language ("2026年11月30日 16:47:04 GMT+8"), where
  // Intl would put it between date and time for some.
  const dateTime = timeFormat({ year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(d);
  const zone = timeFormat({ hour: 'numeric', timeZoneName: 'short' }).formatToParts(d).find((p) => p.type === 'timeZoneName');
  return zone ? `${dateTime} ${zone.value}` : dateTime;
}

/** A short time of day for chart axes ("10:05"), or with the date ("11/30 10:00") when withDate. */
export function fmtClock(v, withDate) {
  const d = toDate(v);
  if (!d) {
    return '—';
  }
  const options = withDate
    ? { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
    : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  return timeFormat(options).format(d);
}

/** How long ago (or ahead) a time is, in words: "3 minutes ago", "3分钟前". */
export function fmtRelative(v, now) {
  const d = toDate(v);
  if (!d) {
    return '—';
  }
  const seconds = Math.round((d.getTime() - (now === undefined ? Date.now() : now)) / 1000);
  const abs = Math.abs(seconds);
  const rtf = new Intl.RelativeTimeFormat(current, { numeric: 'auto' });
  if (abs < 45) {
    return rtf.format(seconds, 'second');
  }
  if (abs < 45 * 60) {
    return rtf.format(Math.round(seconds / 60), 'minute');
  }
  if (abs < 36 * 3600) {
    return rtf.format(Math.round(seconds / 3600), 'hour');
  }
  return rtf.format(Math.round(seconds / 86400), 'day');
}

/** A number with the language's grouping: 1,000,000. */
export function fmtNumber(n, options) {
  if (n === null || n === undefined || Number.isNaN(Number(n))) {
    return '—';
  }
  return new Intl.NumberFormat(current, options).format(Number(n));
}

/**
 * A duration given in SECONDS (the unit of the API's *Seconds fields), in the largest two
 * units that matter: "2 h 5 min", "45 s", "1天 3小时".
 */
export function fmtDuration(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(Number(seconds))) {
    return '—';
  }
  let s = Math.max(0, Math.round(Number(seconds)));
  const units = [['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]];
  const parts = [];
  for (const [unit, size] of units) {
    if (s >= size || (unit === 'second' && parts.length === 0)) {
      const n = Math.floor(s / size);
      s -= n * size;
      parts.push(new Intl.NumberFormat(current, { style: 'unit', unit, unitDisplay: 'short' }).format(n));
    }
    if (parts.length === 2) {
      break;
    }
  }
  return parts.join(' ');
}

document.documentElement.lang = current;
