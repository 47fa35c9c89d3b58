import { createServer } from 'node:net';
import t from 'tap';
import { busyPortProblems } from '../ports-free.js';

t.test('names each busy port with its component and variable', async (t) => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const busy = (server.address() as { port: number }).port;
  const free = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  const ports = { prometheus: free, alertmanager: free + 1, influxdb: free + 2, influxdbRpc: free + 3, bridge: busy, exporter: free + 4 };
  const problems = await busyPortProblems(ports);
  t.same(problems.filter((problem) => problem.includes(String(busy))), [
    `port ${busy} (the alert bridge) is already in use on 127.0.0.1: stop what listens there, or choose another port with HOSTWATCH_STACK_BRIDGE_PORT=PORT`,
  ]);
});
