import { createServer } from 'node:net';
import { PORTS, type PortName, type StackPorts } from './settings.js';

/** Whether something already listens on 127.0.0.1:port (or on every address, which includes it). */
function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)));
  });
}

/** One line per port already taken, naming the component and the variable that moves it. */
export async function busyPortProblems(ports: StackPorts): Promise<string[]> {
  const problems: string[] = [];
  for (const name of Object.keys(ports) as PortName[]) {
    if (!(await portInUse(ports[name]))) continue;
    const { variable, what } = PORTS[name];
    problems.push(`port ${ports[name]} (${what}) is already in use on 127.0.0.1: stop what listens there, or choose another port with ${variable}=PORT`);
  }
  return problems;
}
