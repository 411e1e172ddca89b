// Grippers, arms, and everything else (generic components and services, any other API): those get
// the DoCommand editor, which every card carries.
import { ArmClient, GenericComponentClient, GenericServiceClient, GripperClient, type RobotClient } from '@viamrobotics/sdk';
import { CardShell, type Card, type DoCommander, type ResourceInfo } from '../card';
import { fmt, h, readout } from '../dom';

export function gripperCard(robot: RobotClient, info: ResourceInfo): Card {
  const gripper = new GripperClient(robot, info.name);
  const card = new CardShell(info, gripper);
  const [movingRow, setMoving] = readout('Moving', 'is-moving');
  card.body.append(
    h('div', { class: 'readouts' }, movingRow),
    h('div', { class: 'row' },
      card.button('Open', 'open', () => gripper.open()),
      card.button('Grab', 'grab', () => gripper.grab()),
      card.button('Stop', 'stop', () => gripper.stop(), 'danger')),
  );
  return {
    el: card.el,
    async refresh() {
      setMoving(String(await gripper.isMoving()));
    },
  };
}

export function armCard(robot: RobotClient, info: ResourceInfo): Card {
  const arm = new ArmClient(robot, info.name);
  const card = new CardShell(info, arm);
  const [poseRow, setPose] = readout('End position (mm)', 'end-position');
  const joints = h('div', { class: 'row joints' });
  const inputs: HTMLInputElement[] = [];
  card.body.append(
    h('div', { class: 'readouts' }, poseRow),
    h('h4', {}, 'Joints (degrees)'),
    joints,
    h('div', { class: 'row' },
      card.button('Move to joints', 'move-joints', () => arm.moveToJointPositions(inputs.map((i) => Number(i.value)))),
      card.button('Stop', 'stop', () => arm.stop(), 'danger')),
  );
  let editing = false;
  joints.addEventListener('focusin', () => { editing = true; });
  joints.addEventListener('focusout', () => { editing = false; });
  return {
    el: card.el,
    async refresh() {
      const [pose, positions] = await Promise.all([arm.getEndPosition(), arm.getJointPositions()]);
      setPose(`x ${fmt(pose.x, 1)}, y ${fmt(pose.y, 1)}, z ${fmt(pose.z, 1)}`);
      const values = positions.values;
      while (inputs.length < values.length) {
        const input = h('input', { type: 'number', step: 'any', 'data-role': `joint-${inputs.length}`,
          'aria-label': `joint ${inputs.length}` });
        inputs.push(input);
        joints.append(input);
      }
      if (!editing) values.forEach((v, i) => { inputs[i]!.value = fmt(v, 2); });
    },
  };
}

/** A card with only the DoCommand editor (generic resources, and APIs the page has no card for). */
export function genericCard(robot: RobotClient, info: ResourceInfo): Card {
  let client: DoCommander;
  if (info.api === 'rdk:service:generic') client = new GenericServiceClient(robot, info.name);
  else client = new GenericComponentClient(robot, info.name);
  const card = new CardShell(info, client);
  card.body.append(h('p', { class: 'hint' }, 'Send a command as a JSON object with DoCommand below.'));
  card.el.querySelector('details')?.setAttribute('open', '');
  return { el: card.el };
}
