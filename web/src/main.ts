// The control page: dials the server it was served from with the official TypeScript SDK
// (gRPC-web on the same origin, a session with heartbeats so closing the tab stops what it drove),
// shows one card per resource like the app's CONTROL tab, machine status and the server's log tail.
import { RobotClient, type Credential } from '@viamrobotics/sdk';
import type { Card, ResourceInfo } from './card';
import { CARDS, ORDER } from './cards/index';
import { errorText, h } from './dom';
import { LogTail } from './logs';
import { renderStatus, type StatusJson } from './status';

const REFRESH_MS = 1000;
const STATUS_MS = 2000;
const KEY_STORAGE = 'viam-pi-api-key';
const UNAUTHENTICATED = 16; // Connect's code for gRPC UNAUTHENTICATED

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

class Page {
  robot: RobotClient | null = null;
  credential: Credential | undefined;
  cards = new Map<string, Card>();
  cardKeys = '';
  logs = new LogTail($('log-lines'), () => this.authHeaders());

  setConnection(text: string, state: string): void {
    const el = $('conn');
    el.textContent = text;
    el.dataset.state = state;
  }

  authHeaders(): Record<string, string> {
    if (this.credential === undefined) return {};
    return { Authorization: `Basic ${btoa(`${this.credential.authEntity}:${this.credential.payload}`)}` };
  }

  async start(): Promise<void> {
    const saved = sessionStorage.getItem(KEY_STORAGE);
    if (saved !== null) {
      try {
        this.credential = JSON.parse(saved) as Credential;
      } catch {
        sessionStorage.removeItem(KEY_STORAGE);
      }
    }
    $('login').addEventListener('submit', (event) => {
      event.preventDefault();
      const id = ($('key-id') as HTMLInputElement).value.trim();
      const key = ($('key') as HTMLInputElement).value;
      this.credential = { type: 'api-key', authEntity: id, payload: key };
      void this.connect();
    });
    $('stop-all').addEventListener('click', () => {
      void this.robot?.stopAll().catch((err: unknown) => this.setConnection(`stop all failed: ${errorText(err)}`, 'error'));
    });
    window.addEventListener('pagehide', () => {
      for (const card of this.cards.values()) card.release?.();
    });
    await this.connect();
  }

  async connect(): Promise<void> {
    this.setConnection('connecting…', 'connecting');
    $('login-error').textContent = '';
    // A direct dial to the origin that served this page. RobotClient.dial() refuses hosts without
    // "local" in their name (an IP address), so the client is built for this host and connected.
    const robot = new RobotClient(window.location.origin, undefined, { disabled: false }, { noReconnect: false });
    try {
      await robot.connect({ creds: this.credential, dialTimeout: 15000 });
      await robot.resourceNames();
    } catch (err) {
      await robot.disconnect().catch(() => undefined);
      const code = (err as { code?: number }).code;
      if (code === UNAUTHENTICATED) {
        $('login').hidden = false;
        this.setConnection('sign in with an API key', 'login');
        if (this.credential !== undefined) $('login-error').textContent = errorText(err);
        sessionStorage.removeItem(KEY_STORAGE);
        return;
      }
      this.setConnection(`cannot connect: ${errorText(err)}; retrying`, 'error');
      setTimeout(() => void this.connect(), 3000);
      return;
    }
    try {
      await startSession(robot);
    } catch (err) {
      this.setConnection(`no session (${errorText(err)}): controls still work, but closing the tab will not stop them`,
        'error');
    }
    $('login').hidden = true;
    if (this.credential !== undefined) sessionStorage.setItem(KEY_STORAGE, JSON.stringify(this.credential));
    this.robot = robot;
    robot.on('connectionstatechange', (event) => {
      const type = (event as { eventType?: string }).eventType ?? '';
      this.setConnection(type === 'connected' ? 'connected' : type, type === 'connected' ? 'connected' : 'connecting');
    });
    if (this.robot.sessionId) this.setConnection('connected', 'connected');
    void this.statusLoop();
    void this.refreshLoop();
    this.logs.start();
  }

  async statusLoop(): Promise<void> {
    for (;;) {
      try {
        const response = await fetch('/api/status', { headers: this.authHeaders(), cache: 'no-store' });
        if (!response.ok) throw new Error(`status: HTTP ${response.status}`);
        const status = (await response.json()) as StatusJson;
        renderStatus($('status-body'), status);
        $('machine-state').textContent = status.state.toLowerCase();
        $('machine-state').dataset.state = status.state;
        this.syncCards(status);
      } catch (err) {
        $('machine-state').textContent = `status unavailable: ${errorText(err)}`;
      }
      await sleep(STATUS_MS);
    }
  }

  /** One card per resource the server has; rebuilt when the set of resources changes (a reload). */
  syncCards(status: StatusJson): void {
    if (this.robot === null) return;
    const infos: ResourceInfo[] = status.resources
      .filter((r) => CARDS[r.api] !== undefined && r.remote === '' && !r.api.startsWith('rdk-internal'))
      .map((r) => ({ api: r.api, name: r.name, subtype: r.api.split(':')[2] ?? '', model: r.model ?? '',
        attributes: r.controls ?? {} }));
    const rank = (s: string): number => (ORDER.includes(s) ? ORDER.indexOf(s) : ORDER.length);
    infos.sort((a, b) => rank(a.subtype) - rank(b.subtype) || a.name.localeCompare(b.name));
    const keys = JSON.stringify(infos);
    if (keys === this.cardKeys) return;
    this.cardKeys = keys;
    const container = $('cards');
    const wanted = new Set(infos.map((i) => `${i.api}/${i.name}`));
    for (const [key, card] of this.cards) {
      if (!wanted.has(key)) {
        card.release?.();
        card.el.remove();
        this.cards.delete(key);
      }
    }
    for (const info of infos) {
      const key = `${info.api}/${info.name}`;
      let card = this.cards.get(key);
      if (card === undefined) {
        card = CARDS[info.api]!(this.robot, info);
        this.cards.set(key, card);
      }
      container.append(card.el); // (re)appending keeps the sorted order
    }
    $('no-cards').hidden = this.cards.size > 0;
  }

  async refreshLoop(): Promise<void> {
    for (;;) {
      await Promise.all([...this.cards.values()].map(async (card) => {
        if (card.refresh === undefined) return;
        const line = card.el.querySelector<HTMLElement>('[data-role="error"]');
        try {
          await card.refresh();
          if (line?.dataset.from === 'refresh') {
            line.hidden = true;
            line.textContent = '';
            delete line.dataset.from;
          }
        } catch (err) {
          if (line !== null) {
            line.hidden = false;
            line.textContent = errorText(err);
            line.dataset.from = 'refresh';
          }
        }
      }));
      await sleep(REFRESH_MS);
    }
  }
}

/**
 * Start the SDK's session now. @viamrobotics/sdk (0.61.1, and its main branch) attaches a session
 * only to methods it knows are heartbeat-monitored, and learns which those are only when a session
 * starts, so on its own it never starts one. Asking its session manager for the session metadata
 * once starts the session (StartSession, the list of monitored methods, heartbeats from a worker);
 * from then on the SDK sends ``viam-sid`` on every motion call, and when this tab closes or its
 * network goes, the heartbeats stop and the server stops what the page drove.
 */
async function startSession(robot: RobotClient): Promise<void> {
  const manager = (robot as unknown as { sessionManager?: { getSessionMetadata(): Promise<Headers> } }).sessionManager;
  if (manager === undefined) throw new Error('this SDK has no session manager');
  await manager.getSessionMetadata();
  if (!robot.sessionId) throw new Error('the server started no session');
  document.body.dataset.session = robot.sessionId;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

document.addEventListener('DOMContentLoaded', () => {
  document.body.append(h('span', { id: 'app-ready', hidden: true }));
  void new Page().start();
});
