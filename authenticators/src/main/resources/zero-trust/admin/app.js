// The Zero Trust admin page (ADR 0029). Plain JavaScript, no framework, no build step.
// Rules kept here: data is only ever written with textContent (never innerHTML); tokens live in this module's memory
// only; the PKCE verifier and state live in sessionStorage for the one round trip through the sign-in page.

const LOCALES = ['en', 'de', 'fr', 'es'];
const FLIGHT = 'zt-admin-sign-in';
const LANG = 'zt-admin-lang';
const here = new URL('.', import.meta.url);

let setup = null;
let messages = {};
let fallback = {};
let tokens = null; // {access, refresh, idToken, expiresAt}
let me = null;

// ---------------------------------------------------------------- small helpers

/** An element with attributes and children; strings become text nodes, never markup. */
function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'on') {
      for (const [type, fn] of Object.entries(v)) e.addEventListener(type, fn);
    } else if (k === 'text') {
      e.textContent = String(v);
    } else {
      e.setAttribute(k, v === true ? '' : String(v));
    }
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function t(key, params = {}) {
  let text = messages[key] ?? fallback[key] ?? key;
  for (const [k, v] of Object.entries(params)) text = text.split('{' + k + '}').join(String(v));
  return text;
}

function say(text) {
  document.getElementById('problem').textContent = '';
  document.getElementById('status').textContent = text;
}

/** A REST error in the suite's Problem shape (or Keycloak's own), with its stable id. */
function problem(p) {
  const box = document.getElementById('problem');
  document.getElementById('status').textContent = '';
  box.replaceChildren(el('span', { class: 'error-id', text: p.error || ('HTTP ' + p.status) }), ': ',
    p.error_description || p.errorMessage || t('errorUnknown', { status: p.status }));
}

function clearMessages() {
  document.getElementById('problem').textContent = '';
  document.getElementById('status').textContent = '';
}

function random(bytes) {
  const a = new Uint8Array(bytes);
  crypto.getRandomValues(a);
  return base64url(a);
}

function base64url(bytes) {
  let s = '';
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

// ---------------------------------------------------------------- locale

function chooseLocale() {
  const asked = new URLSearchParams(location.search).get('lang');
  if (asked && LOCALES.includes(asked)) {
    sessionStorage.setItem(LANG, asked);
    return asked;
  }
  const kept = sessionStorage.getItem(LANG);
  if (kept && LOCALES.includes(kept)) return kept;
  for (const l of navigator.languages || [navigator.language || 'en']) {
    const base = String(l).toLowerCase().split('-')[0];
    if (LOCALES.includes(base)) return base;
  }
  return 'en';
}

async function loadMessages(locale) {
  const read = async (l) => (await fetch(new URL('messages/' + l + '.json', here), { credentials: 'omit' })).json();
  fallback = await read('en');
  messages = locale === 'en' ? fallback : await read(locale);
  document.documentElement.lang = locale === 'en' ? 'en-GB' : locale;
  document.title = t('title');
  document.getElementById('page-title').textContent = t('title');
  document.getElementById('skip').textContent = t('skipToContent');
  document.getElementById('sections').setAttribute('aria-label', t('sectionsLabel'));
}

// ---------------------------------------------------------------- sign-in (authorization code + PKCE S256)

async function signIn() {
  const verifier = random(48);
  const state = random(24);
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(FLIGHT, JSON.stringify({ verifier, state }));
  const url = new URL(setup.authorizationEndpoint);
  url.search = new URLSearchParams({
    client_id: setup.clientId, redirect_uri: setup.pageUrl, response_type: 'code', scope: 'openid',
    state, code_challenge: challenge, code_challenge_method: 'S256',
    ui_locales: document.documentElement.lang,
  }).toString();
  location.assign(url.toString());
}

/** Back from the sign-in page: the state must be ours, then the code is exchanged with our verifier. */
async function finishSignIn(params) {
  const flight = JSON.parse(sessionStorage.getItem(FLIGHT) || 'null');
  sessionStorage.removeItem(FLIGHT);
  history.replaceState(null, '', setup.pageUrl);
  if (params.get('error')) {
    problem({ error: params.get('error'), error_description: params.get('error_description') || '' });
    return false;
  }
  if (!flight || !params.get('state') || flight.state !== params.get('state')) {
    problem({ error: 'state-mismatch', error_description: t('stateMismatch') });
    return false;
  }
  const answer = await fetch(setup.tokenEndpoint, {
    method: 'POST', credentials: 'omit',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: params.get('code'), redirect_uri: setup.pageUrl,
      client_id: setup.clientId, code_verifier: flight.verifier,
    }),
  });
  const body = await answer.json().catch(() => ({}));
  if (!answer.ok) {
    problem({ status: answer.status, ...body });
    return false;
  }
  keep(body);
  return true;
}

function keep(body) {
  tokens = {
    access: body.access_token, refresh: body.refresh_token, idToken: body.id_token ?? tokens?.idToken,
    expiresAt: Date.now() + (Number(body.expires_in) || 60) * 1000,
  };
}

async function refresh() {
  if (!tokens?.refresh) return false;
  const answer = await fetch(setup.tokenEndpoint, {
    method: 'POST', credentials: 'omit',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refresh, client_id: setup.clientId }),
  });
  if (!answer.ok) {
    tokens = null;
    return false;
  }
  keep(await answer.json());
  return true;
}

function signOut() {
  const url = new URL(setup.endSessionEndpoint);
  const params = { client_id: setup.clientId, post_logout_redirect_uri: setup.pageUrl };
  if (tokens?.idToken) params.id_token_hint = tokens.idToken;
  url.search = new URLSearchParams(params).toString();
  tokens = null;
  location.assign(url.toString());
}

// ---------------------------------------------------------------- the admin REST, with the admin's own token

/** Calls the suite's admin REST; answers {ok, status, body}. Bearer token only: no cookie is ever sent. */
async function api(method, path, json, base = setup.adminApi) {
  if (tokens && tokens.expiresAt - Date.now() < 20000) await refresh();
  if (!tokens) return { ok: false, status: 401, body: { error: 'signed-out', error_description: t('signedOut') } };
  const call = () => fetch(base + path, {
    method, credentials: 'omit', cache: 'no-store',
    headers: Object.assign({ Authorization: 'Bearer ' + tokens.access, Accept: 'application/json' },
      json === undefined ? {} : { 'Content-Type': 'application/json' }),
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  let answer = await call();
  if (answer.status === 401 && await refresh()) answer = await call();
  const text = await answer.text();
  let body = {};
  try { body = text ? JSON.parse(text) : {}; } catch { body = { error: 'HTTP ' + answer.status, error_description: text.slice(0, 300) }; }
  if (answer.status === 401) tokens = null;
  return { ok: answer.ok, status: answer.status, body };
}

function failed(answer, inline) {
  problem({ status: answer.status, ...answer.body });
  if (inline) {
    inline.replaceChildren(el('p', { class: 'fail' }, el('span', { class: 'error-id', text: answer.body.error || ('HTTP ' + answer.status) }),
      ': ', answer.body.error_description || answer.body.errorMessage || t('errorUnknown', { status: answer.status })));
  }
  if (answer.status === 401) showSignIn();
}

/** Keycloak's own admin REST of the realm (the users it names), beside the suite's. */
function realmAdminApi() {
  return setup.adminApi.replace(/\/zero-trust$/, '');
}

/**
 * Who the ids of users and groups are, read with the admin's own token from Keycloak's admin REST, so Keycloak's own
 * permissions decide: an admin who may not view a user sees its id. One read per id per view; answers a function
 * from an id to its username (users) or path (groups), or the id itself.
 */
async function namesOf(userIds, groupIds) {
  const names = new Map();
  const read = async (kind, id) => {
    const r = await api('GET', '/' + kind + '/' + encodeURIComponent(id), undefined, realmAdminApi());
    const name = r.ok ? (kind === 'users' ? r.body.username : r.body.path) : null;
    if (typeof name === 'string' && name) names.set(id, name);
  };
  await Promise.all([...new Set(userIds)].map((id) => read('users', id))
    .concat([...new Set(groupIds)].map((id) => read('groups', id))));
  return (id) => names.get(id) ?? id;
}

/** A button that asks once more before it acts: the second press within the same view does it. */
function confirmButton(label, confirmLabel, allowed, onConfirm, attrs = {}) {
  const button = changeButton(label, allowed, async () => {
    if (button.getAttribute('data-confirm') !== 'true') {
      button.setAttribute('data-confirm', 'true');
      button.textContent = confirmLabel;
      return;
    }
    await onConfirm();
  }, attrs);
  return button;
}

/** A name as part of an element id (a zone's name may hold spaces, an id may not). */
function idOf(name) {
  return String(name).replace(/\s/g, '_');
}

/** A labelled field; the label names the input by its id (screen readers, and a click on it focuses it). */
function field(id, label, input) {
  return el('div', { class: 'field' }, el('label', { for: id, text: label }), input);
}

// ---------------------------------------------------------------- page frame

function main() { return document.getElementById('main'); }

function showSignIn() {
  tokens = null;
  me = null;
  document.getElementById('account').replaceChildren();
  document.getElementById('sections').replaceChildren();
  const box = el('section', { id: 'sign-in', 'aria-labelledby': 'sign-in-h' },
    el('h2', { id: 'sign-in-h', text: t('signInHeading') }),
    el('p', { text: t('signInIntro', { realm: setup.realm }) }));
  if (setup.client === 'ready' || setup.client === 'repairable') {
    box.append(el('button', { type: 'button', id: 'sign-in-button', on: { click: signIn } }, t('signIn')));
  } else {
    box.append(setupHelp());
  }
  main().replaceChildren(box);
}

/** What to do when the page's client is missing or unfit: the one step, spelt out. */
function setupHelp() {
  const help = el('div', { id: 'client-missing', class: 'card' },
    el('h3', { text: setup.client === 'missing' ? t('clientMissing', { client: setup.clientId }) : t('clientUnfit', { client: setup.clientId }) }),
    el('p', { text: t('clientHowTo') }),
    el('pre', {}, el('code', { text: 'curl -X PUT -H "Authorization: Bearer $TOKEN" \\\n  ' + setup.adminApi + '/admin-page' })),
    el('p', { text: t('clientWho') }));
  if (setup.client === 'unfit') help.append(el('p', { text: t('clientUnfitWhy', { client: setup.clientId }) }));
  return help;
}

const SECTIONS = [
  ['maturity', renderMaturity],
  ['templates', renderTemplates],
  ['break-glass', renderBreakGlass],
  ['report-only', renderReportOnly],
  ['zones', renderZones],
  ['what-if', renderWhatIf],
  ['devices', renderDevices],
  ['elevation', renderElevation],
];

async function showPage() {
  const who = await api('GET', '/whoami');
  if (!who.ok) {
    if (who.status === 401) {
      showSignIn();
      return;
    }
    failed(who);
    main().replaceChildren(el('section', { id: 'not-allowed' }, el('h2', { text: t('notAllowedHeading') }),
      el('p', { text: t('notAllowed', { realm: setup.realm }) }),
      el('button', { type: 'button', on: { click: signOut } }, t('signOut'))));
    return;
  }
  me = who.body;
  document.getElementById('account').replaceChildren(...present([
    el('span', { id: 'who' }, t('signedInAs', { user: me.username ?? '?' })),
    me.may.manageRealm ? null : el('span', { id: 'view-only', class: 'muted' }, t('viewOnly')),
    el('button', { type: 'button', id: 'sign-out', class: 'secondary', on: { click: signOut } }, t('signOut'))]));
  document.getElementById('sections').replaceChildren(...SECTIONS.map(([id]) => el('a', { href: '#' + id }, t('section.' + id))));
  main().replaceChildren(...SECTIONS.map(([id]) => el('section', { id, 'aria-labelledby': id + '-h' },
    el('h2', { id: id + '-h', text: t('section.' + id) }), el('p', { class: 'muted', text: t('loading') }))));
  for (const [id, render] of SECTIONS) {
    try {
      await render(document.getElementById(id));
    } catch (e) {
      document.getElementById(id).append(el('p', { class: 'fail', text: t('sectionFailed') + ' ' + e }));
    }
    document.getElementById(id).setAttribute('data-loaded', 'true');
  }
}

/** Replaces a section's body below its heading. */
function fill(section, ...children) {
  section.replaceChildren(section.querySelector('h2'), ...present(children));
}

/** Leaves out the parts a condition left empty (replaceChildren would write them as the text "null"). */
function present(children) {
  return children.filter((c) => c !== null && c !== undefined && c !== false);
}

function unavailable(section, answer) {
  fill(section, el('p', { class: 'muted' }, el('span', { class: 'error-id', text: answer.body.error || ('HTTP ' + answer.status) }), ': ',
    answer.body.error_description || answer.body.errorMessage || t('errorUnknown', { status: answer.status })));
}

/** A change button: disabled, and saying why, when Keycloak's permissions would refuse the change anyway. */
function changeButton(label, allowed, onClick, attrs = {}) {
  return el('button', Object.assign({ type: 'button', disabled: !allowed, title: allowed ? null : t('needsManage'),
    on: { click: onClick } }, attrs), label);
}

function table(headers, rows) {
  return el('table', {}, el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, rows.map((r) => el('tr', {}, r.map((c) => el('td', {}, c))))));
}

// ---------------------------------------------------------------- sections

async function renderMaturity(section) {
  const [report, history] = await Promise.all([api('GET', '/assessment'), api('GET', '/assessment/history')]);
  if (!report.ok) return unavailable(section, report);
  const s = report.body.score;
  const stage = (id) => el('div', { id: 'score-' + id }, el('span', { text: t('stage.' + id) }),
    el('strong', { text: s[id] === null || s[id] === undefined ? '–' : String(s[id]) }));
  const record = changeButton(t('recordScore'), me.may.manageRealm, async () => {
    const a = await api('POST', '/assessment/snapshots', {});
    if (!a.ok) return failed(a);
    say(t('scoreRecorded', { score: a.body.overall }));
    await renderMaturity(section);
  }, { id: 'record-score' });
  const checks = report.body.checks.map((c) => [
    el('span', { class: c.status, text: t('status.' + c.status) }), t('stage.' + c.stage), c.title, c.evidence, c.status === 'pass' ? '' : c.fix]);
  const past = history.ok && Array.isArray(history.body) && history.body.length
    ? table([t('when'), t('stage.overall'), t('stage.foundation'), t('stage.intermediate'), t('stage.advanced')],
      history.body.slice(-10).map((h) => [h.at, String(h.overall), String(h.foundation ?? '–'), String(h.intermediate ?? '–'), String(h.advanced ?? '–')]))
    : el('p', { class: 'muted', text: t('noHistory') });
  fill(section, el('div', { class: 'score' }, stage('overall'), stage('foundation'), stage('intermediate'), stage('advanced')),
    el('div', { class: 'actions' }, record),
    el('h3', { text: t('checks') }), table([t('status'), t('stage'), t('check'), t('evidence'), t('fix')], checks),
    el('h3', { text: t('history') }), past);
}

async function renderTemplates(section) {
  const list = await api('GET', '/templates');
  if (!list.ok) {
    if (list.status === 404 || list.status === 405) return fill(section, el('p', { class: 'muted', text: t('templatesMissing') }));
    return unavailable(section, list);
  }
  const cards = list.body.templates.map((tpl) => {
    const result = el('div', { class: 'result', id: 'template-result-' + tpl.id, 'aria-live': 'polite' });
    const preview = el('button', { type: 'button', class: 'secondary', id: 'preview-' + tpl.id, on: { click: async () => {
      const a = await api('POST', '/templates/' + encodeURIComponent(tpl.id) + '/preview', {});
      if (!a.ok) return failed(a);
      result.replaceChildren(el('h4', { text: t('previewHeading') }), changes(a.body));
      say(t('previewShown', { template: tpl.title }));
    } } }, t('preview'));
    const install = changeButton(tpl.installed ? t('installAgain') : t('install'), me.may.manageRealm, async () => {
      const a = await api('POST', '/templates/' + encodeURIComponent(tpl.id) + '/install', {});
      if (!a.ok) return failed(a);
      say(t('installed', { template: tpl.title }));
      await renderTemplates(section);
      await renderMaturity(document.getElementById('maturity'));
      await renderReportOnly(document.getElementById('report-only'));
    }, { id: 'install-' + tpl.id });
    const rules = (tpl.rules || []).map((r) => [r.title, t('kind.' + r.kind), r.flow ?? '–',
      el('span', { class: 'rule-state', 'data-rule': r.id, text: t('state.' + r.state) }),
      r.state === 'report-only' ? changeButton(t('promote'), me.may.manageRealm, async () => {
        const a = await api('POST', '/templates/' + encodeURIComponent(tpl.id) + '/rules/' + encodeURIComponent(r.id) + '/promote', {});
        if (!a.ok) {
          failed(a);
          result.replaceChildren(el('p', { class: 'fail', id: 'refusal-' + r.id }, el('span', { class: 'error-id', text: a.body.error || '' }), ': ',
            a.body.error_description || ''));
          return;
        }
        say(t('promoted', { rule: r.title, decision: a.body.decision ?? '' }));
        await renderTemplates(section);
        await renderMaturity(document.getElementById('maturity'));
      }, { id: 'promote-' + r.id }) : '']);
    return el('div', { class: 'card', id: 'template-' + tpl.id },
      el('h3', { text: tpl.title + (tpl.installed ? ' — ' + t('isInstalled') : '') }),
      el('p', { text: tpl.description }),
      el('div', { class: 'actions' }, preview, install),
      table([t('rule'), t('kind'), t('flow'), t('state'), ''], rules),
      result);
  });
  fill(section, el('p', { text: t('templatesIntro') }), ...cards);
}

function changes(body) {
  const rows = (body.changes || []).map((c) => [c.action, c.target, c.detail ?? '']);
  return rows.length ? table([t('action'), t('target'), t('detail')], rows) : el('p', { class: 'muted', text: t('nothingToChange') });
}

async function renderBreakGlass(section) {
  const a = await api('GET', '/break-glass');
  if (!a.ok) return unavailable(section, a);
  // Marking exempts an account from every rule: Keycloak asks for manage-realm and manage-users (ADR 0025).
  const allowed = me.may.manageRealm && me.may.manageUsers;
  const result = el('div', { class: 'result', id: 'break-glass-result', 'aria-live': 'polite' });
  const unmark = (x) => confirmButton(t('unmark'), t('confirmUnmark'), allowed, async () => {
    const r = await api('DELETE', '/break-glass/' + encodeURIComponent(x.id));
    if (!r.ok) return failed(r, result);
    say(t('unmarked', { user: x.username ?? x.id }));
    await renderBreakGlass(section);
  }, { id: 'unmark-' + x.id, class: 'secondary', title: allowed ? null : t('needsManageRealmAndUsers') });
  const rows = a.body.accounts.map((x) => [x.username ?? x.id, x.ready ? t('yes') : t('no'),
    (x.credentialTypes || []).join(', '), x.lastSignIn ?? '–', el('ul', { class: 'plain' }, (x.warnings || []).map((w) => el('li', { text: w }))),
    unmark(x)]);
  const user = el('input', { id: 'break-glass-user', name: 'user', autocomplete: 'off', required: true });
  const form = el('form', { id: 'break-glass-form', on: { submit: async (e) => {
    e.preventDefault();
    // The mark is by user id; Keycloak's own user search (view-users) finds the id of the exact username.
    const found = await api('GET', '/users?exact=true&briefRepresentation=true&username=' + encodeURIComponent(user.value.trim()),
      undefined, realmAdminApi());
    if (!found.ok) return failed(found, result);
    if (!Array.isArray(found.body) || found.body.length !== 1) {
      return failed({ status: 404, body: { error: 'no-such-user', error_description: t('noSuchUser', { user: user.value.trim() }) } }, result);
    }
    const r = await api('PUT', '/break-glass/' + encodeURIComponent(found.body[0].id), {});
    if (!r.ok) return failed(r, result);
    say(r.body.changed ? t('marked', { user: r.body.username ?? r.body.id }) : t('alreadyMarked', { user: r.body.username ?? r.body.id }));
    await renderBreakGlass(section);
  } } },
  el('fieldset', { disabled: !allowed, title: allowed ? null : t('needsManageRealmAndUsers') },
    el('legend', { text: t('markHeading') }),
    field('break-glass-user', t('markUser'), user),
    el('div', { class: 'actions' }, el('button', { type: 'submit', id: 'break-glass-mark', disabled: !allowed, title: allowed ? null : t('needsManageRealmAndUsers') }, t('mark')))));
  fill(section, el('p', { text: t('breakGlassIntro', { ready: a.body.ready }) }),
    a.body.warnings?.length ? el('ul', { class: 'plain fail', id: 'break-glass-warnings' }, a.body.warnings.map((w) => el('li', { text: w }))) : null,
    rows.length ? el('div', { id: 'break-glass-accounts' }, table([t('user'), t('ready'), t('credentials'), t('lastSignIn'), t('warnings'), ''], rows))
      : el('p', { class: 'muted', text: t('noBreakGlass') }),
    form, result);
}

async function renderReportOnly(section) {
  const a = await api('GET', '/assessment/report-only');
  if (!a.ok) return unavailable(section, a);
  const rows = a.body.rules.map((r) => [r.rule, r.flow, String(r.signIns.lastDay), String(r.signIns.last7Days), String(r.signIns.last30Days),
    el('ul', { class: 'plain' }, r.users.map((u) => el('li', { text: u.username + ' (' + u.signIns + ')' })),
      r.moreUsers ? el('li', { text: t('moreUsers', { n: r.moreUsers }) }) : null)]);
  fill(section, el('p', { text: t('reportOnlyIntro') }),
    a.body.loginEventsSaved ? null : el('p', { class: 'partial', text: t('noLoginEvents') }),
    rows.length ? table([t('rule'), t('flow'), t('lastDay'), t('last7Days'), t('last30Days'), t('users')], rows)
      : el('p', { class: 'muted', text: t('noReportOnly') }));
}

async function renderZones(section) {
  const a = await api('GET', '/zones');
  if (!a.ok) return unavailable(section, a);
  const allowed = me.may.manageRealm;
  const result = el('div', { class: 'result', id: 'zone-result', 'aria-live': 'polite' });
  const name = el('input', { id: 'zone-name', name: 'name', autocomplete: 'off', required: true });
  const ranges = el('textarea', { id: 'zone-ranges', name: 'ranges', rows: 4, required: true, placeholder: '192.0.2.0/24\n2001:db8::/32' });
  const description = el('input', { id: 'zone-description', name: 'description', autocomplete: 'off' });
  const trusted = el('input', { id: 'zone-trusted', name: 'trusted', type: 'checkbox' });
  const legend = el('legend', { text: t('zoneNew') });
  const edit = (z) => {
    legend.textContent = t('zoneEdit', { zone: z.name });
    name.value = z.name;
    name.readOnly = true;
    ranges.value = (z.ranges || []).join('\n');
    description.value = z.description ?? '';
    trusted.checked = !!z.trusted;
    ranges.focus();
  };
  const rows = a.body.map((z) => [z.name, z.trusted ? t('yes') : t('no'), z.description ?? '', (z.ranges || []).join(', '),
    el('div', { class: 'actions' },
      changeButton(t('edit'), allowed, () => edit(z), { id: 'edit-zone-' + idOf(z.name), class: 'secondary' }),
      confirmButton(t('delete'), t('confirmDelete'), allowed, async () => {
        const r = await api('DELETE', '/zones/' + encodeURIComponent(z.name));
        if (!r.ok) return failed(r, result);
        say(t('zoneDeleted', { zone: z.name }));
        await renderZones(section);
      }, { id: 'delete-zone-' + idOf(z.name), class: 'secondary' }))]);
  const form = el('form', { id: 'zone-form', on: { submit: async (e) => {
    e.preventDefault();
    // The REST checks every range and answers what is wrong; the page only splits the lines.
    const body = { ranges: ranges.value.split(/[\s,]+/).filter((r) => r.length), trusted: trusted.checked };
    if (description.value.trim()) body.description = description.value.trim();
    const r = await api('PUT', '/zones/' + encodeURIComponent(name.value.trim()), body);
    if (!r.ok) return failed(r, result);
    say(t(r.status === 201 ? 'zoneCreated' : 'zoneSaved', { zone: r.body.name }));
    await renderZones(section);
  } } },
  el('fieldset', { disabled: !allowed, title: allowed ? null : t('needsManage') }, legend,
    field('zone-name', t('zoneName'), name),
    field('zone-ranges', t('zoneRanges'), ranges),
    field('zone-description', t('description'), description),
    el('div', { class: 'field check' }, trusted, el('label', { for: 'zone-trusted', text: t('zoneTrusted') })),
    el('div', { class: 'actions' }, el('button', { type: 'submit', id: 'zone-save', disabled: !allowed, title: allowed ? null : t('needsManage') }, t('save')),
      el('button', { type: 'button', class: 'secondary', id: 'zone-new', on: { click: () => renderZones(section) } }, t('zoneNew')))));
  fill(section, rows.length ? el('div', { id: 'zone-list' }, table([t('zone'), t('trusted'), t('description'), t('ranges'), ''], rows))
    : el('p', { class: 'muted', text: t('noZones') }), form, result);
}

async function renderWhatIf(section) {
  const user = el('input', { id: 'what-if-user', name: 'user', autocomplete: 'off', required: true });
  const address = el('input', { id: 'what-if-address', name: 'address', autocomplete: 'off', required: true, placeholder: '192.0.2.10' });
  const out = el('div', { id: 'what-if-result', 'aria-live': 'polite' });
  const form = el('form', { on: { submit: async (e) => {
    e.preventDefault();
    const a = await api('POST', '/what-if', { user: user.value, address: address.value });
    if (!a.ok) return failed(a);
    out.replaceChildren(table([t('flow'), t('outcome'), t('reason')], a.body.flows.map((f) => [f.flow,
      t('outcome.' + f.outcome.result), f.outcome.reason ?? (f.outcome.asks || []).join(', ')])));
    say(t('whatIfDone'));
  } } },
  el('label', { for: 'what-if-user', text: t('whatIfUser') }), user,
  el('label', { for: 'what-if-address', text: t('whatIfAddress') }), address,
  el('div', { class: 'actions' }, el('button', { type: 'submit' }, t('whatIfAsk'))));
  fill(section, el('p', { text: t('whatIfIntro') }), form, out);
}

async function renderDevices(section) {
  const a = await api('GET', '/devices?first=0&max=100');
  if (!a.ok) return unavailable(section, a);
  const act = (d, what) => changeButton(t('device.' + what), me.may.manageUsers, async () => {
    const r = await api('POST', '/devices/' + encodeURIComponent(d.id) + '/' + what, {});
    if (!r.ok) return failed(r);
    say(t('device.' + what + 'd', { device: d.displayName || d.id }));
    await renderDevices(section);
  }, { id: what + '-device-' + d.id, title: me.may.manageUsers ? null : t('needsManageUsers') });
  const rows = a.body.map((d) => [d.owner ?? '–', d.displayName || d.id, d.platform ?? '–', t('deviceState.' + d.state),
    d.managed ? t('yes') : t('no'), d.lastSeen ?? '–',
    el('div', { class: 'actions' }, d.state === 'active' ? act(d, 'approve') : null, d.state !== 'retired' ? act(d, 'retire') : null)]);
  fill(section, el('p', { text: t('devicesIntro') }),
    rows.length ? table([t('user'), t('device'), t('platform'), t('state'), t('managed'), t('lastSeen'), ''], rows)
      : el('p', { class: 'muted', text: t('noDevices') }));
}

async function renderElevation(section) {
  const [eligible, active, pending, standing] = await Promise.all([api('GET', '/elevation/eligibilities'),
    api('GET', '/elevation/elevations?max=200'), api('GET', '/elevation/requests'), api('GET', '/elevation/standing')]);
  if (!eligible.ok) return unavailable(section, eligible);
  const list = (answer, rows, headers, none, id) => !answer.ok
    ? el('p', { class: 'muted', id }, el('span', { class: 'error-id', text: answer.body.error || ('HTTP ' + answer.status) }))
    : rows.length ? el('div', { id }, table(headers, rows)) : el('p', { class: 'muted', id, text: none });
  const allowed = me.may.manageRealm;
  const result = el('div', { class: 'result', id: 'eligibility-result', 'aria-live': 'polite' });
  const activeElevations = active.ok ? active.body.filter((e) => e.status === 'ACTIVE') : [];
  const name = await namesOf(eligible.body.filter((e) => e.principalType === 'user').map((e) => e.principalId)
    .concat(activeElevations.map((e) => e.userId), pending.ok ? pending.body.map((r) => r.requesterId) : []),
  eligible.body.filter((e) => e.principalType === 'group').map((e) => e.principalId));
  const who = (e) => t('principal.' + e.principalType) + ' ' + name(e.principalId);
  const eligibleRows = eligible.body.map((e) => [who(e), e.role,
    String(e.maxDurationMinutes), t('stepUp.' + e.stepUp), String(e.approvalsRequired), e.endsAt ?? '–',
    el('div', { class: 'actions' },
      changeButton(t('edit'), allowed, (ev) => editEligibility(section, e, who(e), ev.currentTarget),
        { id: 'edit-eligibility-' + e.id, class: 'secondary', 'aria-expanded': 'false' }),
      confirmButton(t('remove'), t('confirmRemove'), allowed, async () => {
        const r = await api('DELETE', '/elevation/eligibilities/' + encodeURIComponent(e.id));
        if (!r.ok) return failed(r, result);
        say(t('eligibilityRemoved', { role: e.role }));
        await renderElevation(section);
      }, { id: 'remove-eligibility-' + e.id, class: 'secondary' }))]);
  const kind = el('select', { id: 'eligibility-kind', name: 'kind' },
    el('option', { value: 'user', text: t('principal.user') }), el('option', { value: 'group', text: t('principal.group') }));
  const principal = el('input', { id: 'eligibility-principal', name: 'principal', autocomplete: 'off', required: true });
  const role = el('input', { id: 'eligibility-role', name: 'role', autocomplete: 'off', required: true, placeholder: 'realm:ops' });
  const minutes = el('input', { id: 'eligibility-minutes', name: 'minutes', type: 'number', min: 5, max: 1440, step: 1, value: 60, required: true });
  const approvalsNeeded = el('input', { id: 'eligibility-approvals', name: 'approvals', type: 'number', min: 0, max: 10, step: 1, value: 0, required: true });
  const approverGroup = el('input', { id: 'eligibility-approver-group', name: 'approverGroup', autocomplete: 'off' });
  const form = el('form', { id: 'eligibility-form', on: { submit: async (ev) => {
    ev.preventDefault();
    // The REST reads names into ids, checks the role and the caller's right to grant it, and names every problem.
    const body = { [kind.value]: principal.value.trim(), role: role.value.trim(),
      maxDurationMinutes: Number.parseInt(minutes.value, 10), approvalsRequired: Number.parseInt(approvalsNeeded.value, 10) };
    if (approverGroup.value.trim()) body.approverGroup = approverGroup.value.trim();
    const r = await api('POST', '/elevation/eligibilities', body);
    if (!r.ok) return failed(r, result);
    say(t('eligibilityAdded', { role: r.body.role }));
    await renderElevation(section);
  } } },
  el('fieldset', { disabled: !allowed, title: allowed ? null : t('needsManage') }, el('legend', { text: t('eligibilityNew') }),
    field('eligibility-kind', t('eligibilityKind'), kind),
    field('eligibility-principal', t('eligibilityPrincipal'), principal),
    field('eligibility-role', t('role'), role),
    field('eligibility-minutes', t('maxMinutes'), minutes),
    field('eligibility-approvals', t('approvalsNeeded'), approvalsNeeded),
    field('eligibility-approver-group', t('approverGroup'), approverGroup),
    el('div', { class: 'actions' }, el('button', { type: 'submit', id: 'eligibility-add', disabled: !allowed, title: allowed ? null : t('needsManage') }, t('add')))));
  // Ending needs manage-realm and the right to take the role away from the user: the REST decides the second.
  const ended = el('div', { class: 'result', id: 'elevation-result', 'aria-live': 'polite' });
  const activeRows = activeElevations.map((e) => [name(e.userId), e.role, e.start, e.end,
    confirmButton(t('endNow'), t('confirmEnd'), allowed, async () => {
      const r = await api('POST', '/elevation/elevations/' + encodeURIComponent(e.id) + '/end', {});
      if (!r.ok) return failed(r, ended);
      // Said once the section shows it: the row is gone when the message is read out.
      await renderElevation(section);
      say(t('elevationEnded', { user: name(e.userId), role: e.role }));
    }, { id: 'end-elevation-' + e.id, class: 'secondary' })]);
  const pendingRows = pending.ok ? pending.body.map((r) => [name(r.requesterId), r.role, String(r.durationMinutes),
    (r.approvals || []).length + ' / ' + r.approvalsRequired, r.lapsesAt]) : [];
  const standingRows = standing.ok ? standing.body.map((r) => [r.username ?? r.userId, r.role, r.via]) : [];
  // Approving needs a fresh second factor of the approver's own, which only the approvals page asks for.
  const approvals = new URL('../approvals', here);
  fill(section, el('p', { text: t('elevationIntro') }),
    el('h3', { text: t('eligibilities') }),
    list(eligible, eligibleRows, [t('who'), t('role'), t('maxMinutes'), t('stepUp'), t('approvalsNeeded'), t('endsAt'), ''], t('noEligibilities'), 'eligibilities'),
    form, result,
    el('h3', { text: t('activeElevations') }),
    list(active, activeRows, [t('user'), t('role'), t('started'), t('ends'), ''], t('noActiveElevations'), 'active-elevations'),
    ended,
    el('h3', { text: t('pendingApprovals') }),
    list(pending, pendingRows, [t('user'), t('role'), t('minutes'), t('approvals'), t('lapses')], t('noPendingApprovals'), 'pending-approvals'),
    el('p', {}, el('a', { href: approvals.toString(), id: 'approvals-link' }, t('approveOnApprovalsPage'))),
    el('h3', { text: t('standingAccess') }),
    list(standing, standingRows, [t('user'), t('role'), t('via')], t('noStandingAccess'), 'standing-access'));
}

/**
 * Opens an eligibility's terms for editing in place, in a row below its own, pre-filled. Save sends them to the
 * REST's PUT, which reads them (a partial update: who and the role stay) and names every problem; Cancel or Escape
 * closes the form and gives the focus back to the row's Edit button.
 */
async function editEligibility(section, e, who, button) {
  // The REST answers the approver group's id and reads a name or path: the path, when Keycloak lets us read it.
  let group = e.approverGroup ?? '';
  if (e.approverGroup) {
    const g = await api('GET', '/groups/' + encodeURIComponent(e.approverGroup), undefined, realmAdminApi());
    if (g.ok && g.body.path) group = g.body.path;
  }
  document.getElementById('eligibility-edit-row')?.remove();
  for (const b of section.querySelectorAll('[id^="edit-eligibility-"]')) b.setAttribute('aria-expanded', 'false');
  const row = button.closest('tr');
  const inline = el('div', { class: 'result', id: 'eligibility-edit-result', 'aria-live': 'polite' });
  const number = (id, name, value, min, max) => el('input', { id, name, type: 'number', min, max, step: 1, value, required: true });
  const minutes = number('eligibility-edit-minutes', 'maxDurationMinutes', e.maxDurationMinutes, 5, 1440);
  const approvals = number('eligibility-edit-approvals', 'approvalsRequired', e.approvalsRequired, 0, 10);
  const approverGroup = el('input', { id: 'eligibility-edit-approver-group', name: 'approverGroup', autocomplete: 'off', value: group });
  const stepUp = el('select', { id: 'eligibility-edit-step-up', name: 'stepUp' },
    ['none', 'mfa', 'phr'].map((s) => el('option', { value: s, selected: s === e.stepUp, text: t('stepUp.' + s) })));
  const stepUpAge = number('eligibility-edit-step-up-age', 'stepUpMaxAgeMinutes', e.stepUpMaxAgeMinutes, 1, 1440);
  const justification = el('input', { id: 'eligibility-edit-justification', name: 'justificationRequired', type: 'checkbox',
    checked: !!e.justificationRequired });
  const ticketMode = el('select', { id: 'eligibility-edit-ticket-mode', name: 'ticketMode' },
    ['none', 'optional', 'required'].map((m) => el('option', { value: m, selected: m === e.ticketMode, text: t('ticketMode.' + m) })));
  const ticketPattern = el('input', { id: 'eligibility-edit-ticket-pattern', name: 'ticketPattern', autocomplete: 'off',
    value: e.ticketPattern ?? '' });
  const endsAt = el('input', { id: 'eligibility-edit-ends-at', name: 'endsAt', autocomplete: 'off', value: e.endsAt ?? '',
    placeholder: '2030-12-31T18:00:00Z' });
  const editRow = el('tr', { id: 'eligibility-edit-row', class: 'edit-row' });
  const close = () => {
    editRow.remove();
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  };
  // A whole number goes as a number, anything else as typed: the REST names it rather than the page dropping it.
  const whole = (input) => (/^-?\d+$/.test(input.value.trim()) ? Number(input.value.trim()) : input.value.trim());
  const form = el('form', { id: 'eligibility-edit-form', novalidate: true, on: {
    keydown: (ev) => {
      if (ev.key === 'Escape') {
        ev.preventDefault();
        close();
      }
    },
    submit: async (ev) => {
      ev.preventDefault();
      const body = { maxDurationMinutes: whole(minutes), approvalsRequired: whole(approvals), stepUp: stepUp.value,
        stepUpMaxAgeMinutes: whole(stepUpAge), justificationRequired: justification.checked, ticketMode: ticketMode.value,
        ticketPattern: ticketPattern.value === '' ? null : ticketPattern.value };
      // Sent only when changed: the group pre-filled may be its id (the REST reads names); emptied, it goes (null).
      if (approverGroup.value.trim() !== group) body.approverGroup = approverGroup.value.trim() || null;
      if (endsAt.value.trim() !== (e.endsAt ?? '')) body.endsAt = endsAt.value.trim() || null;
      const r = await api('PUT', '/elevation/eligibilities/' + encodeURIComponent(e.id), body);
      if (!r.ok) return failed(r, inline);
      await renderElevation(section);
      say(t('eligibilitySaved', { role: r.body.role }));
      document.getElementById('edit-eligibility-' + e.id)?.focus();
    },
  } },
  el('fieldset', {}, el('legend', { text: t('eligibilityEdit', { who, role: e.role }) }),
    field('eligibility-edit-minutes', t('maxMinutes'), minutes),
    field('eligibility-edit-approvals', t('approvalsNeeded'), approvals),
    field('eligibility-edit-approver-group', t('approverGroup'), approverGroup),
    field('eligibility-edit-step-up', t('stepUp'), stepUp),
    field('eligibility-edit-step-up-age', t('stepUpMaxAge'), stepUpAge),
    el('div', { class: 'field check' }, justification, el('label', { for: 'eligibility-edit-justification', text: t('justificationRequired') })),
    field('eligibility-edit-ticket-mode', t('ticketMode'), ticketMode),
    field('eligibility-edit-ticket-pattern', t('ticketPattern'), ticketPattern),
    field('eligibility-edit-ends-at', t('endsAtInput'), endsAt),
    el('div', { class: 'actions' }, el('button', { type: 'submit', id: 'eligibility-edit-save' }, t('save')),
      el('button', { type: 'button', class: 'secondary', id: 'eligibility-edit-cancel', on: { click: close } }, t('cancel')))),
  inline);
  editRow.append(el('td', { colspan: row.children.length }, form));
  row.after(editRow);
  button.setAttribute('aria-expanded', 'true');
  minutes.focus();
}

// ---------------------------------------------------------------- start

async function start() {
  const locale = chooseLocale();
  setup = await (await fetch(new URL('setup.json', here), { credentials: 'omit', cache: 'no-store' })).json();
  await loadMessages(locale);
  const params = new URLSearchParams(location.search);
  if (params.has('code') || params.has('error')) {
    if (!await finishSignIn(params)) {
      showSignIn();
      return;
    }
  }
  if (!tokens) {
    showSignIn();
    return;
  }
  clearMessages();
  await showPage();
}

start().catch((e) => {
  document.getElementById('problem').textContent = 'The page could not start: ' + e;
});
