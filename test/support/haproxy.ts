import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from './eventually';
import { freePort } from './service-process';

/** Where Debian's `haproxy` package installs it (`.ci/run` installs it when missing). */
export const HAPROXY_BIN = '/usr/sbin/haproxy';

/**
 * HAProxy on loopback in front of service processes, as docker-compose.yml puts it in front of the
 * replicas: round robin, each backend health-checked on /health/ready (every 500 ms here, so a
 * killed replica leaves the rotation within about a second; requests it was serving fail).
 */
export class HaproxyBalancer {
  readonly dir = mkdtempSync(join(tmpdir(), 'haproxy-'));
  baseUrl = '';
  private child?: ChildProcess;
  private output = '';

  async start(backends: string[]): Promise<void> {
    if (!existsSync(HAPROXY_BIN)) throw new Error(`${HAPROXY_BIN} is missing: apt-get install -y haproxy (Debian's package; .ci/run installs it)`);
    const port = await freePort();
    const servers = backends.map((url, i) => `  server replica${i + 1} ${new URL(url).host} check inter 500ms fall 1 rise 1`).join('\n');
    const config = join(this.dir, 'haproxy.cfg');
    writeFileSync(
      config,
      `global
  maxconn 512

defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  retries 0

frontend api
  bind 127.0.0.1:${port}
  default_backend replicas

backend replicas
  balance roundrobin
  option httpchk GET /health/ready
${servers}
`,
    );
    this.child = spawn(HAPROXY_BIN, ['-f', config, '-db'], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.baseUrl = `http://127.0.0.1:${port}`;
    await eventually(
      async () => {
        if (this.child?.exitCode !== null) throw new Error(`haproxy exited:\n${this.output}`);
        return (await fetch(`${this.baseUrl}/health/live`).then((r) => r.status === 200, () => false)) || undefined;
      },
      { timeoutMs: 10_000, intervalMs: 100, describe: () => `haproxy to answer:\n${this.output}` },
    );
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await gone;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
