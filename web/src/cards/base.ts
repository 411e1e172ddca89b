// Base: drive with W A S D or the arrow keys, or the on-screen pad. A dead-man control: the base
// moves only while a key or pad button is held, and any release (or the page losing focus) stops it.
import { BaseClient, commonApi, type RobotClient } from '@viamrobotics/sdk';
import { CardShell, type Card, type ResourceInfo } from '../card';
import { h, readout, slider } from '../dom';

type Direction = 'forward' | 'backward' | 'left' | 'right';

const KEYS: Record<string, Direction> = {
  w: 'forward', arrowup: 'forward', s: 'backward', arrowdown: 'backward',
  a: 'left', arrowleft: 'left', d: 'right', arrowright: 'right',
};

export function baseCard(robot: RobotClient, info: ResourceInfo): Card {
  const base = new BaseClient(robot, info.name);
  const card = new CardShell(info, base);
  const [linearField, linear] = slider('Linear power', 'linear-speed', 0, 100, 50, ' %');
  const [angularField, angular] = slider('Angular power', 'angular-speed', 0, 100, 50, ' %');
  const [sentRow, setSent] = readout('Sent', 'sent');
  const [movingRow, setMoving] = readout('Moving', 'is-moving');
  const keyboard = h('input', { type: 'checkbox', 'data-role': 'keyboard' });
  const held = new Set<Direction>();
  // Commands go out one at a time and only the newest wish is sent: a stop can never be overtaken
  // by an older set_power still on its way.
  let sending = false;
  let wanted: [number, number] | null = null;
  let last = '';

  const pump = async (): Promise<void> => {
    if (sending) return;
    sending = true;
    try {
      while (wanted !== null) {
        const [lin, ang] = wanted;
        wanted = null;
        const key = `${lin},${ang}`;
        if (key === last) continue;
        if (lin === 0 && ang === 0) {
          await card.act(() => base.stop());
          setSent('stop');
        } else {
          await card.act(() => base.setPower(new commonApi.Vector3({ y: lin }), new commonApi.Vector3({ z: ang })));
          setSent(`power linear ${lin.toFixed(2)}, angular ${ang.toFixed(2)}`);
        }
        last = key;
      }
    } finally {
      sending = false;
    }
  };
  const update = (): void => {
    const lin = ((held.has('forward') ? 1 : 0) - (held.has('backward') ? 1 : 0)) * (Number(linear.value) / 100);
    const ang = ((held.has('left') ? 1 : 0) - (held.has('right') ? 1 : 0)) * (Number(angular.value) / 100);
    wanted = [lin, ang];
    for (const button of pad.querySelectorAll<HTMLElement>('[data-dir]')) {
      button.classList.toggle('held', held.has(button.dataset.dir as Direction));
    }
    void pump();
  };
  const releaseAll = (): void => {
    if (held.size === 0) return;
    held.clear();
    update();
  };

  const padButton = (dir: Direction, label: string): HTMLButtonElement => {
    const button = h('button', { type: 'button', 'data-dir': dir, 'data-role': `pad-${dir}`, 'aria-label': dir }, label);
    button.addEventListener('pointerdown', (event) => {
      button.setPointerCapture(event.pointerId);
      held.add(dir);
      update();
    });
    for (const end of ['pointerup', 'pointercancel', 'lostpointercapture']) {
      button.addEventListener(end, () => {
        if (held.delete(dir)) update();
      });
    }
    return button;
  };
  const pad = h('div', { class: 'pad' },
    h('span'), padButton('forward', '▲'), h('span'),
    padButton('left', '◀'), padButton('backward', '▼'), padButton('right', '▶'));

  const onKey = (event: KeyboardEvent): void => {
    if (!keyboard.checked) return;
    const target = event.target as HTMLElement | null;
    if (target && (target.tagName === 'TEXTAREA' || (target.tagName === 'INPUT' && target !== keyboard))) return;
    const dir = KEYS[event.key.toLowerCase()];
    if (dir === undefined) return;
    event.preventDefault();
    if (event.type === 'keydown') {
      if (held.has(dir)) return; // auto-repeat
      held.add(dir);
    } else if (!held.delete(dir)) {
      return;
    }
    update();
  };
  document.addEventListener('keydown', onKey);
  document.addEventListener('keyup', onKey);
  window.addEventListener('blur', releaseAll);
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) releaseAll();
  });
  keyboard.addEventListener('change', () => {
    if (!keyboard.checked) releaseAll();
  });

  card.body.append(
    h('div', { class: 'readouts' }, movingRow, sentRow),
    h('label', { class: 'toggle' }, keyboard, ' Keyboard: W A S D / arrow keys (hold to drive; release stops)'),
    pad,
    h('div', { class: 'row' }, linearField, angularField),
    h('div', { class: 'row' }, card.button('Stop', 'stop', async () => {
      held.clear();
      wanted = null;
      last = '0,0';
      await base.stop();
      setSent('stop');
    }, 'danger')),
  );
  return {
    el: card.el,
    async refresh() {
      setMoving(String(await base.isMoving()));
    },
    release: releaseAll,
  };
}
