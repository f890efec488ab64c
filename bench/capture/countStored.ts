// Reopens the store in argv[2] as a fresh process would after the listener
// stopped; prints how many events it holds, and of the ids in the file argv[3]
// (one per line: the acknowledged ones) how many were checked and are missing.
import { readFileSync } from 'node:fs';
import { EventStore } from '../../src/capture/kinds/events/eventStore';

async function main(): Promise<void> {
  const [dir, idsFile] = process.argv.slice(2);
  if (!dir || !idsFile) throw new Error('usage: countStored.ts <store dir> <ids file>');
  const ids = readFileSync(idsFile, 'utf8').split('\n').filter(Boolean);
  const store = await EventStore.open(dir, { maxEvents: 10_000_000 });
  try {
    const missing = ids.filter((id) => !store.get(id)).length;
    process.stdout.write(`${JSON.stringify({ stored: store.size, skipped: store.skipped, checked: ids.length, missing })}\n`);
  } finally {
    await store.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
