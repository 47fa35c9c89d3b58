// Preloaded into our exporter (node --expose-gc --import) by rss-composition.ts only, never in the
// timed runs. On SIGUSR2 it prints V8's view of the heap before and after a full GC, which /proc
// cannot show: how much of RssAnon is JavaScript heap, and how much of that is garbage.
import process from 'node:process';
import v8 from 'node:v8';

function snapshot() {
  return {
    usage: process.memoryUsage(),
    spaces: v8.getHeapSpaceStatistics().map((s) => ({
      name: s.space_name,
      size: s.space_size,
      used: s.space_used_size,
      physical: s.physical_space_size,
    })),
    code: v8.getHeapCodeStatistics(),
  };
}

process.on('SIGUSR2', () => {
  const before = snapshot();
  if (typeof globalThis.gc === 'function') globalThis.gc();
  const after = snapshot();
  process.stderr.write(`hostwatch-memory-probe ${JSON.stringify({ before, after })}\n`);
});
