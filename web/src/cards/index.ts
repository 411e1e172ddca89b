// Which card each API gets.
import type { CardFactory } from '../card';
import { baseCard } from './base';
import { boardCard } from './board';
import { cameraCard } from './camera';
import { armCard, genericCard, gripperCard } from './misc';
import { motorCard, servoCard } from './motor';
import { encoderCard, movementSensorCard, powerSensorCard, sensorCard } from './sensors';

export const CARDS: Record<string, CardFactory> = {
  'rdk:component:motor': motorCard,
  'rdk:component:base': baseCard,
  'rdk:component:servo': servoCard,
  'rdk:component:board': boardCard,
  'rdk:component:camera': cameraCard,
  'rdk:component:sensor': sensorCard,
  'rdk:component:power_sensor': powerSensorCard,
  'rdk:component:movement_sensor': movementSensorCard,
  'rdk:component:encoder': encoderCard,
  'rdk:component:gripper': gripperCard,
  'rdk:component:arm': armCard,
  'rdk:component:generic': genericCard,
  'rdk:service:generic': genericCard,
};

/** Cards are shown in this order (the rest after, by name). */
export const ORDER = ['base', 'motor', 'servo', 'camera', 'board', 'movement_sensor', 'sensor', 'power_sensor',
  'encoder', 'gripper', 'arm', 'generic'];
