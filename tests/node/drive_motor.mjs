// The official TypeScript SDK as a user writes it for a direct (no WebRTC) dial: RobotClient.dial
// with the SDK's default transport (gRPC-web over fetch). createRobotClient cannot be used for a
// direct dial in @viamrobotics/sdk 0.61.1: it then checks isConnected(), which is true only for a
// WebRTC peer connection, and throws "Failed to connect to robot" against any server.
// Usage: node drive_motor.mjs http://localhost:PORT
import { MotorClient, RobotClient } from '@viamrobotics/sdk';

const host = process.argv[2];
const robot = await new RobotClient().dial({ host, noReconnect: true, dialTimeout: 10000 });
const names = await robot.resourceNames();
console.log('resources ' + names.map((n) => `${n.subtype}/${n.name}`).sort().join(' '));
const motor = new MotorClient(robot, 'motor1');
await motor.setPower(0.5);
const powered = await motor.isPowered();
console.log(`powered ${powered[0]} ${powered[1]}`);
console.log(`moving ${await motor.isMoving()}`);
await motor.stop();
console.log(`stopped moving=${await motor.isMoving()}`);
await robot.disconnect();
// The SDK keeps timers (connection checks) after disconnect in Node: end the process ourselves.
process.exit(0);
