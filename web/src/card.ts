// The frame every resource card shares: a title, a body, an error line and a DoCommand editor.
import { Struct, type JsonValue, type RobotClient } from '@viamrobotics/sdk';
import { errorText, h } from './dom';

/** What the page knows about one resource (from ResourceNames and the web side's status). */
export interface ResourceInfo {
  api: string; // "rdk:component:motor"
  name: string;
  subtype: string; // "motor"
  model: string;
  attributes: Record<string, unknown>;
}

export interface DoCommander {
  doCommand(command: Struct): Promise<JsonValue>;
}

/** A card: its element, and a refresh the page calls about once a second while connected. */
export interface Card {
  readonly el: HTMLElement;
  refresh?(): Promise<void>;
  /** The page is going away or the resource left the config: let go of held controls (a base's
   * keys). What a card started stays under the page's session: the server stops it when the
   * heartbeats end (tab closed, Wi-Fi lost). */
  release?(): void;
}

export class CardShell {
  readonly el: HTMLElement;
  readonly body: HTMLElement;
  private readonly errorLine: HTMLElement;

  constructor(readonly info: ResourceInfo, commander?: DoCommander) {
    this.body = h('div', { class: 'body' });
    this.errorLine = h('p', { class: 'error', 'data-role': 'error', hidden: true });
    this.el = h(
      'section',
      { class: `card card-${info.subtype}`, 'data-api': info.api, 'data-name': info.name },
      h('h3', {}, info.name, ' ', h('small', {}, info.subtype.replaceAll('_', ' ')),
        info.model ? h('small', { class: 'model' }, info.model) : null),
      this.body,
      this.errorLine,
      commander ? doCommandEditor(commander, (err) => this.error(err)) : null,
    );
  }

  /** Show (or with null clear) the card's error line. */
  error(err: unknown): void {
    const text = err === null ? '' : errorText(err);
    this.errorLine.hidden = text === '';
    this.errorLine.textContent = text;
  }

  /** Run an action from a button, showing its error on the card instead of losing it. */
  async act(action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
      this.error(null);
    } catch (err) {
      this.error(err);
    }
  }

  button(label: string, role: string, action: () => Promise<unknown>, cls = ''): HTMLButtonElement {
    return h('button', { type: 'button', 'data-role': role, class: cls, onclick: () => void this.act(action) }, label);
  }
}

function doCommandEditor(commander: DoCommander, onError: (err: unknown) => void): HTMLElement {
  const input = h('textarea', { 'data-role': 'do-command-input', rows: 3, spellcheck: 'false' }, '{}');
  const output = h('pre', { class: 'do-command-output', 'data-role': 'do-command-output' });
  const run = async (): Promise<void> => {
    let command: unknown;
    try {
      command = JSON.parse(input.value);
    } catch (err) {
      output.textContent = `not JSON: ${errorText(err)}`;
      return;
    }
    if (command === null || typeof command !== 'object' || Array.isArray(command)) {
      output.textContent = 'the command must be a JSON object';
      return;
    }
    try {
      const result = await commander.doCommand(Struct.fromJson(command as JsonValue));
      output.textContent = JSON.stringify(result, null, 2);
      onError(null);
    } catch (err) {
      output.textContent = '';
      onError(err);
    }
  };
  return h(
    'details',
    { class: 'do-command' },
    h('summary', {}, 'DoCommand'),
    input,
    h('button', { type: 'button', 'data-role': 'do-command-run', onclick: () => void run() }, 'Execute'),
    output,
  );
}

export type CardFactory = (robot: RobotClient, info: ResourceInfo) => Card;
