// Motor and servo: the app's CONTROL cards for things that turn.
import { MotorClient, ServoClient, type RobotClient } from '@viamrobotics/sdk';
import { CardShell, type Card, type ResourceInfo } from '../card';
import { fmt, h, numberField, readout, slider } from '../dom';

export function motorCard(robot: RobotClient, info: ResourceInfo): Card {
  const motor = new MotorClient(robot, info.name);
  const card = new CardShell(info, motor);
  const [powerField, power] = slider('Power', 'power', -100, 100, 0, ' %');
  const [rpmField, rpm] = numberField('RPM', 'rpm', 60);
  const [revsField, revs] = numberField('Revolutions', 'revolutions', 1);
  const [goToRpmField, goToRpm] = numberField('RPM', 'goto-rpm', 60);
  const [targetField, target] = numberField('Position (rev)', 'goto-position', 0);
  const [positionRow, setPosition] = readout('Position', 'position');
  const [movingRow, setMoving] = readout('Moving', 'is-moving');
  const [poweredRow, setPowered] = readout('Power now', 'powered');
  const setPowerNow = (): Promise<void> => motor.setPower(Number(power.value) / 100);
  power.addEventListener('change', () => void card.act(setPowerNow));
  card.body.append(
    h('div', { class: 'readouts' }, positionRow, movingRow, poweredRow),
    h('div', { class: 'row' }, powerField, card.button('Set power', 'set-power', setPowerNow)),
    h('div', { class: 'row' }, rpmField, revsField,
      card.button('Go for', 'go-for', () => motor.goFor(Number(rpm.value), Number(revs.value)))),
    h('div', { class: 'row' }, goToRpmField, targetField,
      card.button('Go to', 'go-to', () => motor.goTo(Number(goToRpm.value), Number(target.value)))),
    h('div', { class: 'row' },
      card.button('Stop', 'stop', async () => {
        power.value = '0';
        power.dispatchEvent(new Event('input'));
        await motor.stop();
      }, 'danger'),
      card.button('Reset zero', 'reset-zero', () => motor.resetZeroPosition(0))),
  );
  return {
    el: card.el,
    async refresh() {
      const [position, moving, powered] = await Promise.allSettled([
        motor.getPosition(), motor.isMoving(), motor.isPowered()]);
      setPosition(position.status === 'fulfilled' ? `${fmt(position.value, 3)} rev` : 'not supported');
      setMoving(moving.status === 'fulfilled' ? String(moving.value) : '?');
      setPowered(powered.status === 'fulfilled' ? `${Math.round(powered.value[1] * 100)} %` : '?');
      if (moving.status === 'rejected') throw moving.reason;
    },
  };
}

export function servoCard(robot: RobotClient, info: ResourceInfo): Card {
  const servo = new ServoClient(robot, info.name);
  const card = new CardShell(info, servo);
  const [angleField, angle] = slider('Angle', 'angle', 0, 180, 90, '°');
  const [positionRow, setPosition] = readout('Position', 'position');
  angle.addEventListener('change', () => void card.act(() => servo.move(Number(angle.value))));
  card.body.append(
    h('div', { class: 'readouts' }, positionRow),
    h('div', { class: 'row' }, angleField,
      card.button('Move', 'move', () => servo.move(Number(angle.value))),
      card.button('Stop', 'stop', () => servo.stop(), 'danger')),
  );
  return {
    el: card.el,
    async refresh() {
      setPosition(`${await servo.getPosition()}°`);
    },
  };
}
