/**
 * The inventory's behaviour on index.html: it reads the inventory data (inventory-data.ts, field
 * order documented there), draws one page of table rows at a time, filters every identity as the
 * user types (all words must match; `/` focuses the box, Escape clears it) and sorts by a header
 * button, all from the keyboard. Rows are built with DOM methods and textContent, never from
 * markup, so a user-written string cannot become an element.
 *
 * Plain ES2020 in a string, not compiled TypeScript: the page's CSP allows exactly this text by
 * hash, and it must stay byte-for-byte what is hashed.
 */
export const INVENTORY_SCRIPT = String.raw`(() => {
  const table = document.getElementById('inventory-table');
  const input = document.getElementById('filter');
  const count = document.getElementById('filter-count');
  const range = document.getElementById('inventory-range');
  const pager = document.getElementById('inventory-pager');
  const source = document.getElementById('inventory-data');
  if (!table || !input || !count || !range || !pager || !source) return;
  const data = JSON.parse(source.textContent);
  const words = data.strings;
  const word = (index) => (index < 0 ? undefined : words[index]);
  const PAGE = Number(table.dataset.page) || 200;
  const TIERS = ['low', 'medium', 'high', 'critical'];
  const REVIEW = { never: 'never', overdue: 'overdue', 'due-soon': 'due soon', current: 'current' };
  const CHANGE = { added: 'added', 'risk-up': 'risk up', 'risk-down': 'risk down', changed: 'changed' };
  const node = (tag, className, text) => {
    const element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined) element.textContent = String(text);
    return element;
  };
  const badge = (className, label) => node('span', 'badge ' + className, label);
  const identities = data.rows.map((r) => {
    const d = {
      name: r[0], owner: words[r[1]], account: words[r[2]], environment: words[r[3]], workload: words[r[4]], staticCredentials: r[5] === 1,
      tier: word(r[6]), score: r[7], expires: r[8], lastReview: r[9], review: words[r[10]], exceptions: r[11], findings: r[12], errors: r[13],
      change: r[14] < 0 ? undefined : data.changes[r[14]], since: word(r[15]),
    };
    const change = d.change ? d.change[0] + (d.change[3] ? ' · ' + d.change[3] : '') : '—';
    d.text = [d.name, d.owner, d.account, d.environment, d.workload, d.staticCredentials ? 'static' : '', d.tier || '—', d.score ?? '', d.expires ?? '—', d.lastReview ?? '—',
      REVIEW[d.review], d.exceptions, d.findings, change, d.since ? CHANGE[d.since] : ''].join(' ').toLowerCase();
    return d;
  });
  const lastChange = (d) => {
    if (!d.change) return ['—'];
    const [commit, date, subject, label, href] = d.change;
    const code = node('span', 'mono', commit);
    code.title = date + ': ' + subject;
    if (!label) return [code];
    if (!href) return [code, ' · ' + label];
    const link = node('a', '', label);
    link.setAttribute('href', href);
    return [code, ' · ', link];
  };
  const identityLink = (d) => {
    const link = node('a', '', d.name);
    link.setAttribute('href', 'identity/' + d.name + '.html');
    return link;
  };
  // The columns of the table's header, in its order; sort gives a cell's data-v, key what it sorts by.
  const columns = [
    { cell: (d) => [identityLink(d)], key: (d) => d.name },
    { cell: (d) => [d.owner], key: (d) => d.owner.toLowerCase() },
    { cell: (d) => [d.account], key: (d) => d.account.toLowerCase() },
    { cell: (d) => [badge('env-' + d.environment, d.environment)], key: (d) => d.environment },
    { cell: (d) => (d.staticCredentials ? [d.workload + ' ', badge('tier-high', 'static')] : [d.workload]), key: (d) => d.workload.toLowerCase() + (d.staticCredentials ? ' static' : '') },
    { cell: (d) => (d.tier ? [badge('tier-' + d.tier, d.tier), ' ', node('span', 'mono', d.score)] : ['—']), sort: (d) => (d.tier ? TIERS.indexOf(d.tier) * 1000 + d.score : -1) },
    { cell: (d) => [d.expires ?? '—'], sort: (d) => d.expires ?? '9999' },
    { cell: (d) => [d.lastReview ?? '—'], sort: (d) => d.lastReview ?? '0000' },
    { cell: (d) => [node('span', 'state-' + d.review, REVIEW[d.review])], key: (d) => REVIEW[d.review] },
    { numeric: true, cell: (d) => [String(d.exceptions)], sort: (d) => d.exceptions },
    { numeric: true, cell: (d) => [d.errors > 0 ? node('span', 'sev-error', d.findings) : String(d.findings)], sort: (d) => d.findings },
    { cell: lastChange, sort: (d) => (d.change ? d.change[1] : '') },
    { cell: (d) => (d.since ? [badge('change-' + d.since, CHANGE[d.since])] : []), key: (d) => (d.since ? CHANGE[d.since] : '') },
  ];
  const headers = Array.from(table.tHead.rows[0].cells);
  const body = table.tBodies[0];
  const previous = pager.querySelector('button[data-page="previous"]');
  const next = pager.querySelector('button[data-page="next"]');
  const rowOf = (d) => {
    const row = document.createElement('tr');
    row.dataset.identity = d.name;
    headers.forEach((header, index) => {
      const column = columns[index];
      const cell = node('td', column.numeric ? 'num' : '');
      if (column.sort) cell.dataset.v = String(column.sort(d));
      cell.append(...column.cell(d));
      row.append(cell);
    });
    return row;
  };
  let order = identities;
  let matched = order;
  let first = 0;
  const draw = () => {
    body.replaceChildren(...matched.slice(first, first + PAGE).map(rowOf));
    count.textContent = matched.length + ' of ' + identities.length + ' identities';
    const last = Math.min(first + PAGE, matched.length);
    range.textContent = matched.length === 0 ? 'No identity matches.' : matched.length <= PAGE ? 'Showing all ' + matched.length + '.' : 'Showing ' + (first + 1) + '–' + last + ' of ' + matched.length + '.';
    previous.disabled = first === 0;
    next.disabled = last >= matched.length;
  };
  const apply = () => {
    const terms = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    matched = terms.length === 0 ? order : order.filter((d) => terms.every((term) => d.text.includes(term)));
    first = 0;
    draw();
  };
  let pending = 0;
  input.addEventListener('input', () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(apply);
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === '/' && document.activeElement !== input) {
      event.preventDefault();
      input.focus();
    } else if (event.key === 'Escape' && document.activeElement === input) {
      input.value = '';
      apply();
    }
  });
  pager.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-page]');
    if (!button || button.disabled) return;
    first = button === next ? first + PAGE : Math.max(0, first - PAGE);
    draw();
    table.parentElement.scrollTop = 0;
  });
  table.tHead.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-column]');
    if (!button) return;
    const index = Number(button.dataset.column);
    const header = headers[index];
    const column = columns[index];
    const direction = header.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
    for (const other of headers) other.setAttribute('aria-sort', 'none');
    header.setAttribute('aria-sort', direction);
    const sign = direction === 'ascending' ? 1 : -1;
    const keyOf = column.key ?? column.sort;
    const keyed = order.map((d) => [keyOf(d), d]);
    keyed.sort((a, b) => (a[0] < b[0] ? -sign : a[0] > b[0] ? sign : 0));
    order = keyed.map((pair) => pair[1]);
    apply();
  });
  apply();
})();`;
