// One service process for the benchmarks: the build in BENCH_BUILD (a dist/ directory, this tree's
// or an old revision's) booted the way dist/main.js boots it, in a process of its own, so the
// bench can read this process's CPU apart from the load generator's.
//
//   BENCH_BUILD=dist DATABASE_URL=... PORT=... AUTH_JWT_SECRET=... node bench/service.mjs
//
// The service's settings come from the environment as for dist/main.js. Additionally:
//   BENCH_BASELINE_ROUTE=true  registers POST /bench/baseline, which only inserts the raw body into
//                              the table bench_baseline (the bench creates it as the schema owner).
//                              It lives here, not in src/, so that old builds get it too.
//   BENCH_REUSE_PORT=true      listens with SO_REUSEPORT, so several of these processes share one
//                              port and the kernel spreads connections over them.
// Sends 'ready' over IPC once listening; SIGTERM closes the application (drains) and exits 0.
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const build = resolve(process.env.BENCH_BUILD ?? 'dist');
const require = createRequire(join(build, 'main.js'));
require('reflect-metadata');
const { createApp } = require('./app.factory');
const { CONFIG_CLASSES } = require('./config-classes');
const { AppConfig, ConfigSet } = require('./framework/config');

const configs = ConfigSet.load(CONFIG_CLASSES);
const config = configs.get(AppConfig);
const app = await createApp(configs);

if (process.env.BENCH_BASELINE_ROUTE === 'true') {
  const { DataSource } = require('typeorm');
  const dataSource = app.get(DataSource);
  app.getHttpAdapter().getInstance().post('/bench/baseline', async (request, reply) => {
    await dataSource.query('INSERT INTO bench_baseline (body) VALUES ($1)', [request.body]);
    return reply.code(201).send({ ok: true });
  });
}

let closing = false;
process.once('SIGTERM', () => {
  if (closing) return;
  closing = true;
  app.close().then(
    () => process.exit(0),
    (error) => {
      process.stderr.write(`close failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
});

await app.listen({ port: config.port, host: config.host, reusePort: process.env.BENCH_REUSE_PORT === 'true' });
process.send?.('ready');
