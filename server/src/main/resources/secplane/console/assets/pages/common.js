// Pieces shared by the Policies, Exposure, Data and Drills pages that the shell's ui.js does not
// have: their stylesheet, a line diff, and a few number and date functions. No data ever reaches innerHTML.

const STYLESHEET = '/assets/pages/common.css';

/** Adds the pages' own stylesheet once (a <link>, which the Content-Security-Policy allows: style-src 'self'). */
export function ensureStyles() {
  if (document.querySelector(`link[href="${STYLESHEET}"]`)) {
    return;
  }
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = STYLESHEET;
  document.head.appendChild(link);
}

/**
 * A line diff of two texts: [{op: ' ' | '+' | '-', text}] from the longest common subsequence of
 * their lines (the classic dynamic programme; a policy is at most a few hundred lines). Beyond
 * MAX_CELLS the common prefix and suffix are kept and the middle is shown as removed then added.
 */
const MAX_CELLS = 4_000_000;

export function lineDiff(before, after) {
  const a = before === '' ? [] : before.split('\n');
  const b = after === '' ? [] : after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) {
    start++;
  }
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const out = a.slice(0, start).map((text) => ({ op: ' ', text }));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if (midA.length * midB.length > MAX_CELLS) {
    midA.forEach((text) => out.push({ op: '-', text }));
    midB.forEach((text) => out.push({ op: '+', text }));
  } else {
    // lcs[i][j] = length of the LCS of midA[i..] and midB[j..]
    const n = midA.length;
    const m = midB.length;
    const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i][j] = midA[i] === midB[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (midA[i] === midB[j]) {
        out.push({ op: ' ', text: midA[i] });
        i++;
        j++;
      } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
        out.push({ op: '-', text: midA[i++] });
      } else {
        out.push({ op: '+', text: midB[j++] });
      }
    }
    while (i < n) {
      out.push({ op: '-', text: midA[i++] });
    }
    while (j < m) {
      out.push({ op: '+', text: midB[j++] });
    }
  }
  a.slice(endA).forEach((text) => out.push({ op: ' ', text }));
  return out;
}

/** Whole percent of part in whole; 0 when whole is 0. */
export function percent(part, whole) {
  return whole > 0 ? Math.round((100 * part) / whole) : 0;
}

/** The colours of JR/T 0197 levels 1–5 (green to red) in charts and badges. */
export const LEVEL_COLORS = ['#9e9e9e', '#2e7d32', '#7cb342', '#f9a825', '#ef6c00', '#c62828'];

/** A time as an ISO string for an API parameter, from a value of <input type="date"> read in the browser's zone. */
export function dayStart(dateValue) {
  if (!dateValue) {
    return null;
  }
  const [y, m, d] = dateValue.split('-').map(Number);
  return new Date(y, m - 1, d).toISOString();
}

/** <input type="date"> value for a Date, in the browser's zone. */
export function dateValue(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A chart's host element: the ECharts container with its data-test, or the empty note in its place. */
export function chartHost(ui, testId, label) {
  return ui.el('div', { class: 'chart', 'data-test': testId, role: 'img', 'aria-label': label });
}

/**
 * A progress bar that keeps its element across updates: the live pages redraw every poll, and a
 * reader (a person's screen reader, a browser test) holding the bar keeps a live element.
 */
export function progressInPlace(ui, existing, percent, testId, state) {
  const fresh = ui.progressBar(percent, testId, state);
  if (!existing) {
    return fresh;
  }
  for (const name of ['class', 'aria-valuenow', 'data-percent', 'data-state']) {
    const v = fresh.getAttribute(name);
    if (v === null) {
      existing.removeAttribute(name);
    } else {
      existing.setAttribute(name, v);
    }
  }
  existing.replaceChildren(...fresh.childNodes);
  return existing;
}
