// Board: read and set a GPIO pin, PWM duty cycle and frequency, and the configured analogs and
// digital interrupts (their names come from the board's config, as the app shows them).
import { BoardClient, type RobotClient } from '@viamrobotics/sdk';
import { CardShell, type Card, type ResourceInfo } from '../card';
import { fmt, h, numberField, readout } from '../dom';

function configuredNames(info: ResourceInfo, key: string): string[] {
  const entries = info.attributes[key];
  if (!Array.isArray(entries)) return [];
  return entries
    .map((e) => (e && typeof e === 'object' ? (e as Record<string, unknown>).name : undefined))
    .filter((n): n is string => typeof n === 'string');
}

export function boardCard(robot: RobotClient, info: ResourceInfo): Card {
  const board = new BoardClient(robot, info.name);
  const card = new CardShell(info, board);
  const pin = h('input', { type: 'text', 'data-role': 'pin', value: '11', size: 6, 'aria-label': 'pin' });
  const [gpioRow, setGpio] = readout('Level', 'gpio-level');
  const [pwmRow, setPwm] = readout('PWM', 'pwm');
  const [dutyField, duty] = numberField('Duty (0-1)', 'pwm-duty', 0.5, '0.01');
  const [freqField, freq] = numberField('Frequency (Hz)', 'pwm-frequency', 1000, '1');
  const readPin = async (): Promise<void> => {
    const name = pin.value.trim();
    const [high, dutyNow, freqNow] = await Promise.all([
      board.getGPIO(name), board.getPWM(name), board.getPWMFrequency(name)]);
    setGpio(high ? 'high' : 'low');
    setPwm(`${fmt(dutyNow * 100, 1)} % at ${freqNow} Hz`);
  };
  const set = (high: boolean) => async (): Promise<void> => {
    await board.setGPIO(pin.value.trim(), high);
    await readPin();
  };
  card.body.append(
    h('div', { class: 'row' },
      h('label', { class: 'field' }, h('span', {}, 'Pin'), pin),
      card.button('Get', 'gpio-get', readPin),
      card.button('Set high', 'gpio-high', set(true)),
      card.button('Set low', 'gpio-low', set(false))),
    h('div', { class: 'readouts' }, gpioRow, pwmRow),
    h('div', { class: 'row' }, dutyField,
      card.button('Set duty', 'pwm-set-duty', async () => {
        await board.setPWM(pin.value.trim(), Number(duty.value));
        await readPin();
      }),
      freqField,
      card.button('Set frequency', 'pwm-set-frequency', async () => {
        await board.setPWMFrequency(pin.value.trim(), Number(freq.value));
        await readPin();
      })),
  );
  const analogs = configuredNames(info, 'analogs');
  const interrupts = configuredNames(info, 'digital_interrupts');
  const setters = new Map<string, (v: string) => void>();
  const table = h('div', { class: 'readouts' });
  for (const name of analogs) {
    const [row, setValue] = readout(`Analog ${name}`, `analog-${name}`);
    table.append(row);
    setters.set(`a:${name}`, setValue);
  }
  for (const name of interrupts) {
    const [row, setValue] = readout(`Interrupt ${name}`, `interrupt-${name}`);
    table.append(row);
    setters.set(`i:${name}`, setValue);
  }
  if (setters.size > 0) card.body.append(h('h4', {}, 'Analogs and interrupts'), table);
  return {
    el: card.el,
    async refresh() {
      await Promise.all([
        ...analogs.map(async (name) => {
          const value = await board.readAnalogReader(name);
          setters.get(`a:${name}`)?.(`${value.value}${value.stepSize ? ` (${fmt(value.value * value.stepSize, 3)} V)` : ''}`);
        }),
        ...interrupts.map(async (name) => {
          setters.get(`i:${name}`)?.(String(await board.getDigitalInterruptValue(name)));
        }),
      ]);
    },
  };
}
