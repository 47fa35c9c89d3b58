// Child of measureStageCosts: times the stages under the Node.js flags it was started with, prints JSON.
import { measureStageCostsHere } from './stage-costs.js';

const budget = JSON.parse(process.argv[2] ?? '') as Parameters<typeof measureStageCostsHere>[0];
process.stdout.write(JSON.stringify(await measureStageCostsHere(budget)));
