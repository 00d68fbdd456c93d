// Child process of bench/gateway-jobs.ts: runs one queue's worker (cobro's jobs table or pg-boss 10) and reports
// over IPC how long each job waited from its enqueue (payload.sentAt, same machine clock) until its handler ran.
import PgBoss from 'pg-boss';
import { openDatabase } from '../../packages/gateway/src/db/database.ts';
import { JobQueue } from '../../packages/gateway/src/jobs/queue.ts';
import { Worker } from '../../packages/gateway/src/jobs/worker.ts';

const [subject, url, schema] = process.argv.slice(2);
const report = (sentAt: number): void => { process.send!({ lag: Date.now() - sentAt }); };

if (subject === 'cobro') {
  const d = await openDatabase({ databaseUrl: url, schema, poolSize: 4 });
  const worker = new Worker(new JobQueue(d.db), { bench: async (job) => { report((job.payload as { sentAt: number }).sentAt); } }, { concurrency: 16, pollMs: 1000 });
  await worker.start((on) => d.listen('cobro_jobs', on));
} else {
  const boss = new PgBoss({ connectionString: url, schema, max: 4 });
  boss.on('error', () => {});
  await boss.start();
  await boss.work<{ sentAt: number }>('bench', { batchSize: 100, pollingIntervalSeconds: 0.5 }, async (jobs) => {
    for (const j of jobs) report(j.data.sentAt);
  });
}
process.send!({ ready: true });
