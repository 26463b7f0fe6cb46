import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from './eventually';

/** Where Debian's `pebble` package installs the binaries (`.ci/run` installs it when missing). */
export const PEBBLE_BIN = '/usr/bin/pebble';
export const CHALLTESTSRV_BIN = '/usr/bin/pebble-challtestsrv';

export interface PebbleOptions {
  /** Port Pebble's validation authority connects to for http-01: the service's HTTP port. */
  httpPort: number;
}

/**
 * A real Pebble ACME server on loopback for one test file. Pebble serves its directory over TLS
 * with a certificate made here by `openssl` under a throw-away CA (`caFile`, which the service is
 * told to trust through ACME_CA_FILE; TLS checks stay on). Its validation authority resolves every
 * name through pebble-challtestsrv's DNS, which answers 127.0.0.1 (no AAAA), so the http-01
 * challenge really reaches the service on `httpPort`.
 */
export class PebbleServer {
  readonly dir = mkdtempSync(join(tmpdir(), 'pebble-'));
  readonly caFile = join(this.dir, 'ca.pem');
  directoryUrl = '';
  private managementUrl = '';
  private pebble?: ChildProcess;
  private dns?: ChildProcess;
  private ports?: { listen: number; management: number; tls: number; dns: number; dnsManagement: number };
  private agent?: Agent;
  private output = '';

  constructor(private options: PebbleOptions = { httpPort: 5002 }) {
    generateTlsFiles(this.dir);
  }

  /**
   * Picks the loopback ports once, so the directory URL is known before the service starts and
   * stays the same across restarts of Pebble.
   */
  async prepare(): Promise<string> {
    if (!this.ports) this.ports = { listen: await freePort(), management: await freePort(), tls: await freePort(), dns: await freePort(), dnsManagement: await freePort() };
    this.directoryUrl = `https://127.0.0.1:${this.ports.listen}/dir`;
    this.managementUrl = `https://127.0.0.1:${this.ports.management}`;
    return this.directoryUrl;
  }

  /** Starts (or restarts) Pebble; a restarted Pebble has a fresh CA, accounts and orders. */
  async start(options: Partial<PebbleOptions> = {}): Promise<void> {
    this.options = { ...this.options, ...options };
    await this.prepare();
    const ports = this.ports!;
    if (!this.dns) {
      this.dns = spawnLogged(this, CHALLTESTSRV_BIN, [
        '-dns01', `127.0.0.1:${ports.dns}`, '-http01', '', '-https01', '', '-tlsalpn01', '',
        '-management', `127.0.0.1:${ports.dnsManagement}`, '-defaultIPv4', '127.0.0.1', '-defaultIPv6', '',
      ], {});
    }
    const config = {
      pebble: {
        listenAddress: `127.0.0.1:${ports.listen}`,
        managementListenAddress: `127.0.0.1:${ports.management}`,
        certificate: join(this.dir, 'pebble.pem'),
        privateKey: join(this.dir, 'pebble.key'),
        httpPort: this.options.httpPort,
        tlsPort: ports.tls,
        ocspResponderURL: '',
        externalAccountBindingRequired: false,
      },
    };
    const configFile = join(this.dir, 'pebble-config.json');
    writeFileSync(configFile, JSON.stringify(config));
    // PEBBLE_VA_NOSLEEP: validate at once instead of after a random 0-15 s pause.
    this.pebble = spawnLogged(this, PEBBLE_BIN, ['-config', configFile, '-dnsserver', `127.0.0.1:${ports.dns}`], {
      PEBBLE_VA_NOSLEEP: '1',
      PEBBLE_WFE_NONCEREJECT: '0',
    });
    this.agent = new Agent({ ca: readFileSync(this.caFile), keepAlive: false });
    await this.waitUntilServing();
  }

  /** Stops Pebble (the DNS stub keeps running until close()). */
  async stop(): Promise<void> {
    await stopProcess(this.pebble);
    this.pebble = undefined;
  }

  async close(): Promise<void> {
    await this.stop();
    await stopProcess(this.dns);
    this.dns = undefined;
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** PEM of the root that signs the certificates this Pebble run issues. */
  async issuingRoot(): Promise<string> {
    return this.get(`${this.managementUrl}/roots/0`);
  }

  /** What Pebble printed, for a failing test's message. */
  logs(): string {
    return this.output;
  }

  appendOutput(chunk: string): void {
    this.output = (this.output + chunk).slice(-20_000);
  }

  private async waitUntilServing(): Promise<void> {
    let lastError: unknown;
    await eventually(
      () =>
        this.get(this.directoryUrl).then(
          () => true,
          (error: unknown) => void (lastError = error),
        ),
      { timeoutMs: 15_000, intervalMs: 50, describe: () => `pebble to serve its directory (${String(lastError)})\n${this.output}` },
    );
  }

  private get(url: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const req = request(url, { agent: this.agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`${url}: ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end();
    });
  }
}

/** True when Debian's pebble package is installed. */
export function pebbleInstalled(): boolean {
  return existsSync(PEBBLE_BIN) && existsSync(CHALLTESTSRV_BIN);
}

/** A CA and a certificate for 127.0.0.1/localhost signed by it, for Pebble's own listener. */
function generateTlsFiles(dir: string): void {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem',
    '-days', '2', '-subj', '/CN=pebble test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign');
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'pebble.key', '-out', 'pebble.csr', '-subj', '/CN=localhost');
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  openssl('x509', '-req', '-in', 'pebble.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'pebble.pem', '-days', '2', '-extfile', 'ext.cnf');
}

function spawnLogged(owner: PebbleServer, bin: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(bin, args, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => owner.appendOutput(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => owner.appendOutput(chunk.toString('utf8')));
  return child;
}

async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

/** A loopback TCP port free right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
