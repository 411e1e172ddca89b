// Things that report: sensors, power sensors, movement sensors (GPS position as plain numbers, no
// map: the page works offline) and encoders. Readings refresh while the page is open.
import {
  EncoderClient, MovementSensorClient, PowerSensorClient, SensorClient, type JsonValue, type RobotClient,
} from '@viamrobotics/sdk';
import { CardShell, type Card, type ResourceInfo } from '../card';
import { fmt, h, readout, show } from '../dom';

/** A table of readings that keeps one row per key and updates values in place. */
function readingsTable(): [HTMLElement, (readings: Record<string, JsonValue>) => void] {
  const body = h('tbody');
  const rows = new Map<string, HTMLElement>();
  const table = h('table', { class: 'readings', 'data-role': 'readings' }, body);
  return [table, (readings) => {
    for (const [key, value] of Object.entries(readings).sort(([a], [b]) => a.localeCompare(b))) {
      let cell = rows.get(key);
      if (cell === undefined) {
        cell = h('td', { 'data-reading': key });
        rows.set(key, cell);
        body.append(h('tr', {}, h('th', {}, key), cell));
      }
      const text = show(value);
      if (cell.textContent !== text) cell.textContent = text;
    }
  }];
}

export function sensorCard(robot: RobotClient, info: ResourceInfo): Card {
  const sensor = new SensorClient(robot, info.name);
  const card = new CardShell(info, sensor);
  const [table, update] = readingsTable();
  card.body.append(table);
  return {
    el: card.el,
    async refresh() {
      update(await sensor.getReadings());
    },
  };
}

export function powerSensorCard(robot: RobotClient, info: ResourceInfo): Card {
  const sensor = new PowerSensorClient(robot, info.name);
  const card = new CardShell(info, sensor);
  const [voltageRow, setVoltage] = readout('Voltage', 'voltage');
  const [currentRow, setCurrent] = readout('Current', 'current');
  const [powerRow, setPower] = readout('Power', 'power');
  card.body.append(h('div', { class: 'readouts' }, voltageRow, currentRow, powerRow));
  return {
    el: card.el,
    async refresh() {
      const [[volts, voltsAc], [amps, ampsAc], watts] = await Promise.all([
        sensor.getVoltage(), sensor.getCurrent(), sensor.getPower()]);
      setVoltage(`${fmt(volts, 3)} V${voltsAc ? ' AC' : ''}`);
      setCurrent(`${fmt(amps, 3)} A${ampsAc ? ' AC' : ''}`);
      setPower(`${fmt(watts, 3)} W`);
    },
  };
}

export function movementSensorCard(robot: RobotClient, info: ResourceInfo): Card {
  const sensor = new MovementSensorClient(robot, info.name);
  const card = new CardShell(info, sensor);
  const rows = h('div', { class: 'readouts' });
  const fields: Record<string, (v: string) => void> = {};
  const add = (label: string, role: string): void => {
    const [row, set] = readout(label, role);
    rows.append(row);
    fields[role] = set;
  };
  card.body.append(rows);
  let supported: Awaited<ReturnType<MovementSensorClient['getProperties']>> | null = null;
  return {
    el: card.el,
    async refresh() {
      if (supported === null) {
        supported = await sensor.getProperties();
        if (supported.positionSupported) {
          add('Latitude', 'latitude');
          add('Longitude', 'longitude');
          add('Altitude', 'altitude');
        }
        if (supported.compassHeadingSupported) add('Compass heading', 'compass-heading');
        if (supported.orientationSupported) add('Orientation (o_x, o_y, o_z, θ)', 'orientation');
        if (supported.linearVelocitySupported) add('Linear velocity', 'linear-velocity');
        if (supported.angularVelocitySupported) add('Angular velocity', 'angular-velocity');
        if (supported.linearAccelerationSupported) add('Linear acceleration', 'linear-acceleration');
      }
      const vec = (v: { x: number; y: number; z: number }, unit: string): string =>
        `${fmt(v.x, 3)}, ${fmt(v.y, 3)}, ${fmt(v.z, 3)} ${unit}`;
      const jobs: Promise<void>[] = [];
      if (supported.positionSupported) {
        jobs.push(sensor.getPosition().then((p) => {
          fields.latitude?.(`${fmt(p.coordinate?.latitude ?? NaN, 6)}°`);
          fields.longitude?.(`${fmt(p.coordinate?.longitude ?? NaN, 6)}°`);
          fields.altitude?.(`${fmt(p.altitudeM, 1)} m`);
        }));
      }
      if (supported.compassHeadingSupported) {
        jobs.push(sensor.getCompassHeading().then((d) => fields['compass-heading']?.(`${fmt(d, 1)}°`)));
      }
      if (supported.orientationSupported) {
        jobs.push(sensor.getOrientation().then((o) => fields.orientation?.(
          `${fmt(o.oX, 3)}, ${fmt(o.oY, 3)}, ${fmt(o.oZ, 3)}, ${fmt(o.theta, 1)}°`)));
      }
      if (supported.linearVelocitySupported) {
        jobs.push(sensor.getLinearVelocity().then((v) => fields['linear-velocity']?.(vec(v, 'm/s'))));
      }
      if (supported.angularVelocitySupported) {
        jobs.push(sensor.getAngularVelocity().then((v) => fields['angular-velocity']?.(vec(v, '°/s'))));
      }
      if (supported.linearAccelerationSupported) {
        jobs.push(sensor.getLinearAcceleration().then((v) => fields['linear-acceleration']?.(vec(v, 'm/s²'))));
      }
      await Promise.all(jobs);
    },
  };
}

export function encoderCard(robot: RobotClient, info: ResourceInfo): Card {
  const encoder = new EncoderClient(robot, info.name);
  const card = new CardShell(info, encoder);
  const [positionRow, setPosition] = readout('Position', 'position');
  card.body.append(
    h('div', { class: 'readouts' }, positionRow),
    h('div', { class: 'row' }, card.button('Reset position', 'reset', () => encoder.resetPosition())),
  );
  return {
    el: card.el,
    async refresh() {
      const [value, type] = await encoder.getPosition();
      setPosition(`${fmt(value, 3)} ${type === 2 ? 'degrees' : type === 1 ? 'ticks' : ''}`.trim());
    },
  };
}
