import t from 'tap';
import { parseSoftLimit } from '../src/process-limits.js';

const limits = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            1048576              1048576              files
Max address space         unlimited            unlimited            bytes
`;

t.test('parseSoftLimit reads the soft column and maps unlimited to the largest uint64, as Go does', async (t) => {
  t.equal(parseSoftLimit(limits, 'Max open files'), 1048576);
  t.equal(parseSoftLimit(limits, 'Max address space'), 2 ** 64);
  t.equal(parseSoftLimit(limits.replace(/Max address space\s+unlimited/, 'Max address space         4294967296'), 'Max address space'), 4294967296);
  t.equal(parseSoftLimit(limits, 'Max locked memory'), undefined);
});
