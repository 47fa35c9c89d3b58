import t from 'tap';
import { unameFamilies } from '../../src/collectors/uname.js';

t.test('unameFamilies labels node_uname_info with every uname field', async (t) => {
  const uname = { sysname: 'Linux', nodename: 'web1', release: '6.1.0', version: '#1 SMP', machine: 'x86_64', domainname: '(none)' };
  const [family] = unameFamilies(uname);
  t.equal(family?.name, 'node_uname_info');
  t.same(family?.labelNames, ['domainname', 'machine', 'nodename', 'release', 'sysname', 'version']);
  t.same(family?.samples, [{ labels: { domainname: '(none)', machine: 'x86_64', nodename: 'web1', release: '6.1.0', sysname: 'Linux', version: '#1 SMP' }, value: 1 }]);
});
