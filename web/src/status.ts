// The machine status panel: state, config revision, every resource and module with its error.
import { h } from './dom';

export interface StatusJson {
  state: string;
  version: string;
  revision: string;
  resources: {
    name: string; api: string; state: string; error: string; remote: string; model?: string;
    controls?: Record<string, unknown>;
  }[];
  modules: { name: string; state: string; error: string }[];
}

export function renderStatus(target: HTMLElement, status: StatusJson): void {
  const resources = h('tbody');
  for (const r of [...status.resources].sort((a, b) => a.api.localeCompare(b.api) || a.name.localeCompare(b.name))) {
    resources.append(h('tr', { 'data-resource': `${r.api}/${r.name}` },
      h('td', {}, r.name), h('td', {}, r.api), h('td', { class: `state ${r.state}` }, r.state.toLowerCase()),
      h('td', { class: 'err' }, r.error)));
  }
  const modules = h('tbody');
  for (const m of status.modules) {
    modules.append(h('tr', {}, h('td', {}, m.name), h('td', { class: `state ${m.state}` }, m.state.toLowerCase()),
      h('td', { class: 'err' }, m.error)));
  }
  const errors = status.resources.filter((r) => r.error !== '').length + status.modules.filter((m) => m.error).length;
  target.replaceChildren(
    h('p', { class: 'meta' },
      `viam-server ${status.version} · config revision `, h('code', { 'data-role': 'revision' }, status.revision || '—'),
      ` · ${status.resources.length} resources · ${status.modules.length} modules · `,
      h('span', { class: errors ? 'err' : '', 'data-role': 'error-count' }, `${errors} with errors`)),
    h('div', { class: 'scroll' }, h('table', {},
      h('thead', {}, h('tr', {}, h('th', {}, 'Resource'), h('th', {}, 'API'), h('th', {}, 'State'), h('th', {}, 'Error'))),
      resources)),
    status.modules.length
      ? h('div', { class: 'scroll' }, h('table', {},
        h('thead', {}, h('tr', {}, h('th', {}, 'Module'), h('th', {}, 'State'), h('th', {}, 'Error'))), modules))
      : h('p', { class: 'hint' }, 'No modules configured.'),
  );
}
